import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { IAMClient, CreateUserCommand, CreateAccessKeyCommand, PutUserPolicyCommand, CreateVirtualMFADeviceCommand, EnableMFADeviceCommand, CreateRoleCommand, PutRolePolicyCommand, ListUsersCommand, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { OrganizationsClient, CreateOrganizationCommand, CreateAccountCommand } from '@aws-sdk/client-organizations';
import { STSClient, AssumeRoleCommand } from '@aws-sdk/client-sts';
import { authenticator } from 'otplib';

// The SDK's Node-version notice would garble the sandbox's and the tests' output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
import type { Directory } from './directory.js';

/**
 * moto_server: STS, IAM and Organizations for real (signatures, ARNs, auth
 * enforcement). The emulator seeds it with the directory's accounts and an
 * IAM user with an MFA device, and mints portal role credentials with it.
 */
export interface Moto {
  url: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export async function startMoto(): Promise<Moto> {
  const port = await freePort();
  let proc: ChildProcess;
  try {
    proc = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  } catch (e) {
    throw new Error(`cannot start moto_server (${(e as Error).message}); install it with: pip install 'moto[server]'`);
  }
  const spawnError = new Promise<never>((_, reject) =>
    proc.once('error', (e) => reject(new Error(`cannot start moto_server (${e.message}); install it with: pip install 'moto[server]'`))),
  );
  const url = `http://127.0.0.1:${port}`;
  const ready = (async () => {
    const until = Date.now() + 30_000;
    while (Date.now() < until) {
      try {
        if ((await fetch(`${url}/moto-api/`)).status < 500) return;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`moto_server did not answer on ${url} within 30 s`);
  })();
  try {
    await Promise.race([ready, spawnError]);
  } catch (e) {
    proc.kill('SIGKILL');
    throw e;
  }
  return {
    url,
    async stop() {
      if (proc.exitCode !== null) return;
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
    },
  };
}

/** Keys that let the emulator itself call moto (and work under auth enforcement). */
export interface ServiceKeys {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface SeededIamUser {
  userName: string;
  accountId: string;
  accessKeyId: string;
  secretAccessKey: string;
  mfaSerial: string;
  totpSecret: string;
}

const ADMIN_POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
const BOOTSTRAP = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'bootstrap' };

function clients(motoUrl: string, credentials = BOOTSTRAP) {
  const base = { region: 'us-east-1', endpoint: motoUrl, credentials, maxAttempts: 2 };
  return { iam: new IAMClient(base), org: new OrganizationsClient(base), sts: new STSClient(base) };
}

/** The management account of moto's organization: moto's default account. */
export const MANAGEMENT_ACCOUNT_ID = '123456789012';

/**
 * Gives every directory account without an id a real one from moto
 * Organizations (the first account is the organization's management account).
 */
export async function seedOrganization(motoUrl: string, dir: Directory): Promise<void> {
  const missing = dir.accounts.filter((a) => !a.id);
  if (!missing.length) return;
  const { org } = clients(motoUrl);
  try {
    await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    for (const [i, account] of dir.accounts.entries()) {
      if (account.id) continue;
      if (i === 0) {
        account.id = MANAGEMENT_ACCOUNT_ID;
        continue;
      }
      const r = await org.send(new CreateAccountCommand({ AccountName: account.name, Email: account.email ?? `aws+${account.name}@example.com` }));
      account.id = r.CreateAccountStatus!.AccountId!;
    }
  } finally {
    org.destroy();
  }
}

/** An IAM user (admin) with an access key and an enabled virtual MFA device. */
export async function seedIamUser(motoUrl: string, userName: string): Promise<SeededIamUser> {
  const { iam } = clients(motoUrl);
  try {
    await iam.send(new CreateUserCommand({ UserName: userName }));
    await iam.send(new PutUserPolicyCommand({ UserName: userName, PolicyName: 'admin', PolicyDocument: ADMIN_POLICY }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: userName }))).AccessKey!;
    const device = (await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: userName, Path: '/' }))).VirtualMFADevice!;
    const totpSecret = Buffer.from(device.Base32StringSeed!).toString('ascii');
    const mfaSerial = device.SerialNumber!;
    await iam.send(new EnableMFADeviceCommand({ UserName: userName, SerialNumber: mfaSerial, AuthenticationCode1: '123456', AuthenticationCode2: '654321' }));
    return { userName, accountId: MANAGEMENT_ACCOUNT_ID, accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey!, mfaSerial, totpSecret };
  } finally {
    iam.destroy();
  }
}

/**
 * moto answers GetSessionToken with one fixed example key pair that it does
 * not recognise afterwards, so an MFA session could not be used under auth
 * enforcement. The emulator stands in (server.ts): it mints the session as
 * this role, named after the user, which moto does recognise.
 */
export const SESSION_ROLE = 'tempkey-user-session';

export async function seedSessionRole(motoUrl: string): Promise<void> {
  const { iam } = clients(motoUrl);
  try {
    await iam.send(new CreateRoleCommand({ RoleName: SESSION_ROLE, AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] }) }));
    await iam.send(new PutRolePolicyCommand({ RoleName: SESSION_ROLE, PolicyName: 'admin', PolicyDocument: ADMIN_POLICY }));
  } finally {
    iam.destroy();
  }
}

/** The IAM user owning an access key (moto's default account), or undefined. */
export async function userOfAccessKey(motoUrl: string, keys: ServiceKeys, accessKeyId: string): Promise<string | undefined> {
  const { iam } = clients(motoUrl, keys);
  try {
    for (const u of (await iam.send(new ListUsersCommand({}))).Users ?? []) {
      const owned = (await iam.send(new ListAccessKeysCommand({ UserName: u.UserName }))).AccessKeyMetadata ?? [];
      if (owned.some((k) => k.AccessKeyId === accessKeyId)) return u.UserName;
    }
    return undefined;
  } finally {
    iam.destroy();
  }
}

/**
 * After seeding: every request (after the next `grace` ones, which a test may
 * use to create its own users) must carry keys moto knows; others get
 * InvalidClientTokenId.
 */
export async function enforceAuth(motoUrl: string, grace = 0): Promise<void> {
  const r = await fetch(`${motoUrl}/moto-api/reset-auth`, { method: 'POST', body: String(grace) });
  if (!r.ok) throw new Error(`moto refused to enforce auth: HTTP ${r.status}`);
}

/** Role credentials for the portal's GetRoleCredentials: a real moto AssumeRole into that account. */
export function roleMinter(motoUrl: string, keys: ServiceKeys) {
  const { sts } = clients(motoUrl, keys);
  return {
    async assume(accountId: string, roleName: string, sessionName: string, durationSeconds: number) {
      const r = await sts.send(
        new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/${roleName}`, RoleSessionName: sessionName, DurationSeconds: durationSeconds }),
      );
      const c = r.Credentials!;
      return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken!, expiration: c.Expiration!.getTime() };
    },
    destroy: () => sts.destroy(),
  };
}

export function totpCode(secret: string, at = Date.now()): string {
  return authenticator.clone({ epoch: at }).generate(secret);
}

export function totpValid(code: string, secret: string, at = Date.now()): boolean {
  // One step of drift either way, as AWS allows.
  return authenticator.clone({ epoch: at, window: 1 }).check(code, secret);
}
