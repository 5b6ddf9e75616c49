import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { IAMClient, CreateUserCommand, CreateAccessKeyCommand, PutUserPolicyCommand, CreateVirtualMFADeviceCommand, EnableMFADeviceCommand, CreateRoleCommand, PutRolePolicyCommand, ListUsersCommand, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { OrganizationsClient, CreateOrganizationCommand, CreateAccountCommand } from '@aws-sdk/client-organizations';
import { STSClient, AssumeRoleCommand } from '@aws-sdk/client-sts';
import { totpCode as rfc6238Code, totpValid as rfc6238Valid } from './totp.js';

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

/** Where moto_server is on PATH, or undefined: checked before anything starts, so a missing one fails at once. */
export function findMotoServer(env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'moto_server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

export const MOTO_INSTALL_FIX = "pip install 'moto[server]' (moto_server must be on PATH)";

export async function startMoto(): Promise<Moto> {
  const executable = findMotoServer();
  if (!executable) throw new Error(`moto_server is not on PATH; install it with: ${MOTO_INSTALL_FIX}`);
  const port = await freePort();
  const proc: ChildProcess = spawn(executable, ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  // A failed start (spawn error, early exit) ends the wait at once instead of polling for 30 s.
  let failed: Error | undefined;
  const startFailed = new Promise<never>((_, reject) => {
    proc.once('error', (e) => reject((failed = new Error(`cannot start moto_server (${e.message}); install it with: ${MOTO_INSTALL_FIX}`))));
    proc.once('exit', (code, signal) => reject((failed ??= new Error(`moto_server exited (${signal ?? `status ${code}`}) before it answered; try running it by hand: moto_server -p 5000`))));
  });
  startFailed.catch(() => {});
  const url = `http://127.0.0.1:${port}`;
  const ready = (async () => {
    const until = Date.now() + 30_000;
    while (Date.now() < until && !failed) {
      try {
        if ((await fetch(`${url}/moto-api/`)).status < 500) return;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw failed ?? new Error(`moto_server did not answer on ${url} within 30 s`);
  })();
  try {
    await Promise.race([ready, startFailed]);
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
  return rfc6238Code(secret, at);
}

export function totpValid(code: string, secret: string, at = Date.now()): boolean {
  // One step of drift either way, as AWS allows.
  return rfc6238Valid(code, secret, at, 1);
}
