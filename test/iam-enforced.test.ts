import { appendFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { World } from './helpers/world.js';
import { accountId, startWorldAndHome, stopWorldAndHome } from './helpers/world-home.js';
import { repoRoot, run, tempkey } from './helpers/run.js';

// The IAM path end to end with moto enforcing auth (unknown keys and sessions
// really fail) behind the emulator's gateway (which checks the TOTP codes):
// the console CSV goes into the vault, then roles in three accounts with one
// MFA code, and the AWS CLI gets the same identity through credential_process.
let world: World;
let home: string;
let env: NodeJS.ProcessEnv;
const id = (name: string) => accountId(world, name);
const ROLES = ['security', 'shared', 'apps-devstg'];

beforeAll(async () => {
  ({ world, home } = await startWorldAndHome('tempkey-iam-enforced-', { enforceAuth: true }));
  writeFileSync(join(home, 'alice_accessKeys.csv'), `\ufeffAccess key ID,Secret access key\r\n${world.iamUser.accessKeyId},${world.iamUser.secretAccessKey}\r\n`);
  env = { PATH: process.env.PATH, HOME: home, ...world.env(), TEMPKEY_VAULT_BACKEND: 'file', TEMPKEY_FILE_PASSPHRASE: 'enforced' };
}, 60_000);
afterAll(() => stopWorldAndHome(world, home));

describe('IAM user with MFA, moto enforcing auth', () => {
  it('CSV → vault → three accounts through role chains with one TOTP code; the AWS CLI agrees', async () => {
    const c = await tempkey(['credentials', 'configure', '--profile', 'alice', '--credentials-file', join(home, 'alice_accessKeys.csv')], env);
    expect(c.stderr).toContain(`MFA device: ${world.iamUser.mfaSerial}`);
    expect(c.status).toBe(0);
    appendFileSync(
      join(home, '.aws/config'),
      ROLES.map((a) => `\n[profile ${a}]\nrole_arn = arn:aws:iam::${id(a)}:role/DevOps\nsource_profile = alice\nmfa_serial = ${world.iamUser.mfaSerial}\nregion = us-east-1\n`).join('') +
        `\n[profile via-tempkey]\ncredential_process = ${process.execPath} ${join(repoRoot, 'bin/tempkey.js')} credential-process --profile shared\nregion = us-east-1\n`,
    );
    world.clearLog();
    const arns: string[] = [];
    for (const [i, a] of ROLES.entries()) {
      const args = ['exec', a, ...(i === 0 ? ['--mfa-token', world.totp()] : []), '--', 'aws', 'sts', 'get-caller-identity', '--query', 'Arn', '--output', 'text'];
      const r = await tempkey(args, env);
      expect(r.stderr).toBe('');
      arns.push(r.stdout.trim());
    }
    ROLES.forEach((a, i) => expect(arns[i]).toMatch(new RegExp(`^arn:aws:sts::${id(a)}:assumed-role/DevOps/`)));
    expect(world.count('GetSessionToken')).toBe(1);
    expect(world.count('AssumeRole')).toBe(3);

    const cli = await run('aws', ['sts', 'get-caller-identity', '--profile', 'via-tempkey', '--query', 'Arn', '--output', 'text'], env);
    expect(cli.stderr).toBe('');
    expect(cli.stdout.trim()).toBe(arns[1]);
    expect(world.count('GetSessionToken')).toBe(1);
  }, 90_000);

  it('a wrong MFA code is refused, and a key moto does not know is InvalidClientTokenId', async () => {
    rmSync(join(home, '.aws/tempkey/cache'), { recursive: true, force: true });
    rmSync(join(home, '.aws/cli/cache'), { recursive: true, force: true });
    const good = world.totp();
    const wrong = String((Number(good) + 500_000) % 1_000_000).padStart(6, '0');
    const r = await tempkey(['whoami', 'security', '--mfa-token', wrong], env);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/MFA code for .* was rejected/);
    writeFileSync(join(home, '.aws/credentials'), '[ghost]\naws_access_key_id = AKIAGHOSTGHOSTGHOST1\naws_secret_access_key = ghostghostghostghostghostghostghostghost\n', { mode: 0o600 });
    const ghost = await tempkey(['whoami', 'ghost'], env);
    expect(ghost.status).toBe(1);
    expect(ghost.stderr).toContain('InvalidClientTokenId');
  }, 60_000);
});
