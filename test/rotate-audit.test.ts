import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IAMClient, CreateAccessKeyCommand, CreateUserCommand, ListAccessKeysCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type World } from './helpers/world.js';
import { tempkey } from './helpers/run.js';

// Key rotation against moto with IAM auth enforced (a deleted key really stops
// working), with faults injected between the steps; then the audit.
let world: World;
let iam: IAMClient;
const temps: string[] = [];

async function userWithProfile(name: string) {
  await iam.send(new CreateUserCommand({ UserName: name }));
  await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'all', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) }));
  const k = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  const home = mkdtempSync(join(tmpdir(), `tempkey-rotate-${name}-`));
  temps.push(home);
  writeFileSync(join(home, 'keys.csv'), `Access key ID,Secret access key\n${k.AccessKeyId},${k.SecretAccessKey}\n`);
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, ...world.env(), TEMPKEY_VAULT_BACKEND: 'file', TEMPKEY_FILE_PASSPHRASE: 'rotate test', TEMPKEY_ROTATE_VERIFY_ATTEMPTS: '2' };
  const c = await tempkey(['credentials', 'configure', '--profile', name, '--no-mfa', '--credentials-file', join(home, 'keys.csv')], env);
  expect(c.status).toBe(0);
  return { env, old: { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! } };
}

const works = (c: { accessKeyId: string; secretAccessKey: string }) =>
  new STSClient({ region: 'us-east-1', endpoint: world.url, credentials: c, maxAttempts: 1 }).send(new GetCallerIdentityCommand({})).then(
    (r) => r.Arn,
    (e: Error) => e.name,
  );
const keysOf = async (user: string) => (await iam.send(new ListAccessKeysCommand({ UserName: user }))).AccessKeyMetadata!.map((k) => k.AccessKeyId);

beforeAll(async () => {
  world = await startWorld({ enforceAuth: true });
  iam = new IAMClient({ region: 'us-east-1', endpoint: world.url, credentials: world.iamUser });
}, 60_000);
afterAll(async () => {
  iam?.destroy();
  await world?.stop();
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

/** A new user with a profile; `credentials rotate` run while the emulator injects `fault` (cleared afterwards). */
async function rotateUnderFault(name: string, fault: Parameters<typeof world.setFault>[0]) {
  const { env, old } = await userWithProfile(name);
  await world.setFault(fault);
  const r = await tempkey(['credentials', 'rotate', name], env);
  await world.clearFaults();
  return { env, old, r };
}

describe('tempkey credentials rotate', () => {
  it('creates, verifies, stores the new key and deletes the old one', async () => {
    const { env, old } = await userWithProfile('carol');
    const r = await tempkey(['credentials', 'rotate', 'carol', '--json'], env);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ profile: 'carol', oldKeyDeleted: true });
    expect(await works(old)).toBe('InvalidClientTokenId');
    expect(await keysOf('carol')).not.toContain(old.accessKeyId);
    const who = await tempkey(['whoami', 'carol', '--json'], env);
    expect(JSON.parse(who.stdout).arn).toBe('arn:aws:iam::123456789012:user/carol');
    expect(r.stdout + r.stderr).not.toContain(old.secretAccessKey);
  });

  it('a new key that does not verify is deleted again; the old key stays stored and working', async () => {
    // The first GetCallerIdentity (the old key) is served; the new key's are refused.
    const { env, old, r } = await rotateUnderFault('dave', { operation: 'GetCallerIdentity', status: 403, code: 'InvalidClientTokenId', skip: 1 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Rotation stopped: the new key did not work');
    expect(await keysOf('dave')).toEqual([old.accessKeyId]);
    expect(JSON.parse((await tempkey(['whoami', 'dave', '--json'], env)).stdout).arn).toBe('arn:aws:iam::123456789012:user/dave');
  });

  it('when the old key cannot be deleted, the new one is stored and works, and the person is told', async () => {
    const { env, old, r } = await rotateUnderFault('erin', { operation: 'DeleteAccessKey', status: 500, code: 'ServiceFailure', times: 20 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('could not be deleted');
    const keys = await keysOf('erin');
    expect(keys).toHaveLength(2);
    expect(keys).toContain(old.accessKeyId);
    const who = await tempkey(['whoami', 'erin', '--json', '--verbose'], env);
    expect(JSON.parse(who.stdout).arn).toBe('arn:aws:iam::123456789012:user/erin');

    // The audit sees both keys, the one kept and the stray one, and no MFA.
    const a = await tempkey(['audit', '--json'], env);
    expect(a.stderr).toBe('');
    expect(a.status).toBe(1);
    const [user] = JSON.parse(a.stdout);
    expect(user.arn).toBe('arn:aws:iam::123456789012:user/erin');
    expect(user.mfa).toBe(false);
    expect(user.keys).toHaveLength(2);
    expect(user.keys.filter((k: { stored: boolean }) => k.stored)).toHaveLength(1);
    expect(user.findings.join('\n')).toMatch(/no MFA device/);
    expect(user.findings.join('\n')).toMatch(/active but not the one tempkey keeps/);
    const old0 = await tempkey(['audit', '--max-age-days=0', '--json'], env);
    expect(JSON.parse(old0.stdout)[0].keys.every((k: { tooOld: boolean }) => k.tooOld)).toBe(true);
  });
});
