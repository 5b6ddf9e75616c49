import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CreateAccessKeyCommand, CreateUserCommand, CreateVirtualMFADeviceCommand, EnableMFADeviceCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStsWorld, type StsWorld } from './helpers/sts-recorder.js';

// An IAM user's story: the console CSV goes into the vault, the profile is written,
// roles work with one MFA code, other tools use the credential_process line.
const root = resolve(__dirname, '..');
let world: StsWorld;
let keys: { id: string; secret: string };
let mfaSerial: string;
const homes: string[] = [];

function tempkey(args: string[], env: NodeJS.ProcessEnv) {
  return run(process.execPath, [join(root, 'bin/tempkey.js'), ...args], env);
}
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((res) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => res({ status, stdout, stderr }));
  });
}

function newHome(): { home: string; env: NodeJS.ProcessEnv; csv: string } {
  const home = mkdtempSync(join(tmpdir(), 'tempkey-configure-'));
  homes.push(home);
  const csv = join(home, 'alice_accessKeys.csv');
  // As the console downloads it: BOM, CRLF.
  writeFileSync(csv, `\ufeffAccess key ID,Secret access key\r\n${keys.id},${keys.secret}\r\n`);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    AWS_ENDPOINT_URL: world.url,
    TEMPKEY_FILE_PASSPHRASE: 'test passphrase',
    TEMPKEY_VAULT_BACKEND: 'file',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  return { home, env, csv };
}

beforeAll(async () => {
  // moto without auth enforcement: its session credentials (a fixed example
  // key) must work for the role chain. Rejected keys get their own world below.
  world = await startStsWorld();
  const iam = new IAMClient({ region: 'us-east-1', endpoint: world.url, credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'bootstrap' } });
  await iam.send(new CreateUserCommand({ UserName: 'alice' }));
  const k = await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));
  await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'all', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) }));
  const device = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'alice' }));
  mfaSerial = device.VirtualMFADevice!.SerialNumber!;
  await iam.send(new EnableMFADeviceCommand({ UserName: 'alice', SerialNumber: mfaSerial, AuthenticationCode1: '123456', AuthenticationCode2: '654321' }));
  iam.destroy();
  keys = { id: k.AccessKey!.AccessKeyId!, secret: k.AccessKey!.SecretAccessKey! };
});
afterAll(async () => {
  await world?.stop();
  for (const h of homes) rmSync(h, { recursive: true, force: true });
});

describe('tempkey credentials configure', () => {
  it('imports the console CSV into the encrypted vault, verifies it, finds the MFA device and writes the profile', async () => {
    const { home, env, csv } = newHome();
    writeFileSync(join(home, 'keep'), '');
    const r = await tempkey(['credentials', 'configure', '--profile', 'acme-security', '--credentials-file', csv, '--region', 'us-east-1'], env);
    expect(r.stderr).toContain('Verified: keys ****************');
    expect(r.stderr).toContain(`MFA device: ${mfaSerial}`);
    expect(r.status).toBe(0);
    const config = readFileSync(join(home, '.aws/config'), 'utf8');
    expect(config).toBe(
      `[profile acme-security]\ntempkey_vault = acme-security\nmfa_serial = ${mfaSerial}\nregion = us-east-1\ncredential_process = ${join(root, 'bin/tempkey.js')} credential-process --profile acme-security\n`,
    );
    expect(existsSync(join(home, '.aws/credentials'))).toBe(false);
    const vaultFile = readFileSync(join(home, '.aws/tempkey/vault.enc'), 'utf8');
    for (const text of [r.stdout, r.stderr, config, vaultFile]) {
      expect(text).not.toContain(keys.secret);
      expect(text).not.toContain(keys.id);
    }

    // One MFA code covers a role in another account, and the AWS CLI (v1, botocore) uses the credential_process line.
    writeFileSync(join(home, '.aws/config'), `${config}\n[profile acme-apps-devops]\nrole_arn = arn:aws:iam::222222222222:role/DevOps\nsource_profile = acme-security\nmfa_serial = ${mfaSerial}\nregion = us-east-1\n`);
    const role = await tempkey(['whoami', 'acme-apps-devops', '--json', '--mfa-token', world.totp()], env);
    expect(role.stderr).toBe('');
    expect(JSON.parse(role.stdout).arn).toMatch(/^arn:aws:sts::222222222222:assumed-role\/DevOps\//);
    const cli = await run('aws', ['sts', 'get-caller-identity', '--profile', 'acme-security', '--output', 'json'], env);
    expect(cli.stderr).toBe('');
    // The CLI got alice's MFA session, cached by the whoami above (the emulator mints it as a session role named after her).
    expect(JSON.parse(cli.stdout).Arn).toBe('arn:aws:sts::123456789012:assumed-role/tempkey-user-session/alice');
    expect(world.actions().filter((a) => a === 'GetSessionToken')).toHaveLength(1);

    const list = await tempkey(['credentials', 'list', '--json'], env);
    expect(JSON.parse(list.stdout)).toEqual([{ item: 'acme-security', backend: 'file', accessKeyId: `****************${keys.id.slice(-4)}`, profiles: ['acme-security'] }]);

    const rm = await tempkey(['credentials', 'remove', '--profile', 'acme-security'], env);
    expect(rm.status).toBe(0);
    const after = readFileSync(join(home, '.aws/config'), 'utf8');
    expect(after).toContain(`[profile acme-security]\nmfa_serial = ${mfaSerial}\nregion = us-east-1\n\n[profile acme-apps-devops]`);
    expect(after).not.toContain('tempkey_vault');
    expect(JSON.parse((await tempkey(['credentials', 'list', '--json'], env)).stdout)).toEqual([]);
  });

  it('stores keys in the OS keyring (real Secret Service) when asked', async () => {
    if (!process.env.TEMPKEY_TEST_KEYRING) throw new Error('Run through ./scripts/test.sh: it provides the Secret Service this test uses.');
    const { home, env, csv } = newHome();
    const kenv = { ...env, TEMPKEY_VAULT_BACKEND: undefined, DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS, TEMPKEY_KEYRING_SERVICE: `tempkey-test-${process.pid}` };
    const r = await tempkey(['credentials', 'configure', '--profile', 'kr', '--credentials-file', csv, '--backend', 'keyring', '--no-mfa'], kenv);
    expect(r.stderr).toContain('Stored the keys in the OS keyring');
    expect(r.status).toBe(0);
    expect(readFileSync(join(home, '.aws/config'), 'utf8')).not.toContain('mfa_serial');
    const who = await tempkey(['whoami', 'kr', '--json'], kenv);
    expect(JSON.parse(who.stdout).arn).toBe('arn:aws:iam::123456789012:user/alice');
    await tempkey(['credentials', 'remove', '--profile', 'kr'], kenv);
  });

  it('rejects a bad CSV naming file and line, and writes nothing', async () => {
    const { home, env } = newHome();
    const bad = join(home, 'bad.csv');
    writeFileSync(bad, 'User name,Password\nalice,hunter2\n');
    const r = await tempkey(['credentials', 'configure', '--profile', 'x', '--credentials-file', bad], env);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${bad}:1: expected a header with 'Access key ID'`);
    expect(existsSync(join(home, '.aws'))).toBe(false);
  });

  it('says the keys are wrong when STS rejects them, and stores nothing', async () => {
    const enforcing = await startStsWorld({ unauthenticatedActions: 0 });
    const { home, env: base } = newHome();
    const env = { ...base, AWS_ENDPOINT_URL: enforcing.url };
    const csv = join(home, 'wrong.csv');
    writeFileSync(csv, 'Access key ID,Secret access key\nAKIAAAAAAAAAAAAAAAAA,wrongwrongwrongwrongwrongwrongwrongwrong\n');
    const r = await tempkey(['credentials', 'configure', '--profile', 'x', '--credentials-file', csv], env);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/STS rejected the access key \*+AAAA.*deactivated, deleted or never existed/);
    expect(r.stderr).not.toContain('wrongwrong');
    expect(existsSync(join(home, '.aws'))).toBe(false);
    await enforcing.stop();
  });
});
