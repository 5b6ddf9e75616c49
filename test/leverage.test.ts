import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type World } from './helpers/world.js';
import { repoRoot, tempkey } from './helpers/run.js';

// A Leverage-style project (test/fixtures/leverage/acme, modelled on binbash's
// le-tf-infra-aws) against moto + the emulator: IAM keys with MFA, then
// Identity Center, then back; terraform in a layer with three providers in
// three accounts, each getting its own role, with one MFA code / one login.
let world: World;
let root: string;
let project: string;
let layer: string;
let env: NodeJS.ProcessEnv;
const LAYER_PROFILES = ['acme-apps-devstg-devops', 'acme-shared-devops', 'acme-security-devops'];

beforeAll(async () => {
  world = await startWorld();
  root = mkdtempSync(join(tmpdir(), 'tempkey-leverage-'));
  project = join(root, 'acme');
  cpSync(join(repoRoot, 'test/fixtures/leverage/acme'), project, { recursive: true });
  layer = join(project, 'apps-devstg/us-east-1/k8s-eks');
  const bin = join(root, 'bin');
  mkdirSync(bin);
  // A stand-in for terraform: each provider's profile asks STS who it is (AWS CLI v1, through credential_process).
  writeFileSync(
    join(bin, 'terraform'),
    `#!/bin/sh\nfor p in ${LAYER_PROFILES.join(' ')}; do aws sts get-caller-identity --profile "$p" --query Arn --output text || exit 1; done\naws sts get-caller-identity --query Arn --output text\necho "secret-in-env=\${AWS_SECRET_ACCESS_KEY:-none}"\n`,
  );
  chmodSync(join(bin, 'terraform'), 0o755);
  writeFileSync(join(root, 'alice_accessKeys.csv'), `Access key ID,Secret access key\n${world.iamUser.accessKeyId},${world.iamUser.secretAccessKey}\n`);
  env = {
    PATH: `${bin}:${process.env.PATH}`,
    HOME: join(root, 'home'),
    ...world.env(),
    TEMPKEY_VAULT_BACKEND: 'file',
    TEMPKEY_FILE_PASSPHRASE: 'leverage test',
    TEMPKEY_BROWSER: `${process.execPath} ${join(repoRoot, 'test/helpers/browser-approve.mjs')}`,
    BROWSER_LOG: join(root, 'browser.log'),
  };
  delete env.AWS_REGION;
}, 60_000);
afterAll(async () => {
  await world?.stop();
  rmSync(root, { recursive: true, force: true });
});

const accountId = (name: string) => world.directory.accounts.find((a) => a.name === name)!.id!;
const browserRuns = () => readFileSync(env.BROWSER_LOG!, 'utf8').split('\n').filter((l) => l.startsWith('http')).length;

describe('Leverage project', () => {
  it('finds the project, its method and every profile a layer uses with file:line', async () => {
    const status = await tempkey(['project', 'status', '--json'], env, { cwd: layer });
    expect(status.stderr).toBe('');
    expect(JSON.parse(status.stdout)).toMatchObject({ shortName: 'acme', method: 'iam', mfaEnabled: true, configFile: join(env.HOME!, '.aws/acme/config') });
    const r = await tempkey(['layer', 'profiles', '--json'], env, { cwd: layer });
    const profiles = JSON.parse(r.stdout).profiles as { profile: string; kind: string; alias?: string; file: string; line: number }[];
    expect(profiles.map((p) => [p.profile, p.kind, p.alias ?? null])).toEqual([
      ['acme-apps-devstg-devops', 'backend', null],
      ['acme-apps-devstg-devops', 'provider', null],
      ['acme-shared-devops', 'provider', 'shared'],
      ['acme-security-devops', 'provider', 'security'],
      ['acme-shared-devops', 'remote_state', 'shared-vpc'],
    ]);
    const security = profiles.find((p) => p.alias === 'security')!;
    expect(readFileSync(security.file, 'utf8').split('\n')[security.line - 1]).toContain('profile = local.security_profile');
  });

  it('IAM: configure --type security, then terraform in the layer gets three roles in three accounts with one MFA code', async () => {
    const tfvarsBefore = readFileSync(join(project, 'config/common.tfvars'), 'utf8');
    const c = await tempkey(['credentials', 'configure', '--type', 'security', '--credentials-file', join(root, 'alice_accessKeys.csv')], env, { cwd: project });
    expect(c.stderr).toContain('Wrote 4 role profiles');
    expect(c.status).toBe(0);
    const config = readFileSync(join(env.HOME!, '.aws/acme/config'), 'utf8');
    expect(config).toContain(`[profile acme-apps-devstg-devops]\nrole_arn = arn:aws:iam::${accountId('apps-devstg')}:role/DevOps\nsource_profile = acme-security\nregion = us-east-1\nmfa_serial = ${world.iamUser.mfaSerial}\n`);
    expect(config).not.toContain('acme-management-devops');
    // Account ids learned from Organizations went into common.tfvars, and nothing else changed.
    const tfvars = readFileSync(join(project, 'config/common.tfvars'), 'utf8');
    const added = tfvars.split('\n').filter((l) => !tfvarsBefore.split('\n').includes(l));
    expect(added.sort()).toEqual(['apps-devstg', 'apps-prd', 'security', 'shared'].map((a) => `    id = "${accountId(a)}"`).concat(['    id = "123456789012"']).sort());

    world.clearLog();
    const run = await tempkey(['exec', '--mfa-token', world.totp(), '--', 'terraform', 'plan'], env, { cwd: layer });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines.slice(0, 3)).toEqual([
      expect.stringMatching(new RegExp(`^arn:aws:sts::${accountId('apps-devstg')}:assumed-role/DevOps/`)),
      expect.stringMatching(new RegExp(`^arn:aws:sts::${accountId('shared')}:assumed-role/DevOps/`)),
      expect.stringMatching(new RegExp(`^arn:aws:sts::${accountId('security')}:assumed-role/DevOps/`)),
    ]);
    expect(lines[3]).toMatch(new RegExp(`^arn:aws:sts::${accountId('apps-devstg')}:assumed-role/DevOps/`));
    expect(lines[4]).toBe('secret-in-env=none');
    expect(world.count('GetSessionToken')).toBe(1);
    expect(world.count('AssumeRole')).toBe(3);

    const e = await tempkey(['env', 'acme-shared-devops'], env, { cwd: layer });
    expect(e.stdout).toContain(`export AWS_CONFIG_FILE='${join(env.HOME!, '.aws/acme/config')}'`);
  }, 90_000);

  it('switches IAM → SSO → IAM: one login serves the layer, and the project files come back byte for byte', async () => {
    const files = ['config/common.tfvars', 'build.env'].map((f) => join(project, f));
    const before = files.map((f) => readFileSync(f, 'utf8'));
    const iamConfig = readFileSync(join(env.HOME!, '.aws/acme/config'), 'utf8');

    const toSso = await tempkey(['project', 'switch', 'sso', '--json'], env, { cwd: layer });
    expect(toSso.status).toBe(0);
    const r = JSON.parse(toSso.stdout);
    expect(r.profiles).toEqual(expect.arrayContaining([...LAYER_PROFILES, 'acme-sso-security', 'acme-sso-management']));
    expect(readFileSync(files[0]!, 'utf8')).toBe(before[0]!.replace('sso_enabled   = false', 'sso_enabled   = true'));
    expect(readFileSync(files[1]!, 'utf8')).toBe(before[1]!.replace('MFA_ENABLED=true', 'MFA_ENABLED=false'));
    expect(browserRuns()).toBe(1);

    world.clearLog();
    const run = await tempkey(['exec', '--', 'terraform', 'plan'], env, { cwd: layer });
    expect(run.stderr).toBe('');
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe(`arn:aws:sts::${accountId('apps-devstg')}:assumed-role/DevOps/alice`);
    expect(lines[1]).toBe(`arn:aws:sts::${accountId('shared')}:assumed-role/DevOps/alice`);
    expect(lines[2]).toBe(`arn:aws:sts::${accountId('security')}:assumed-role/DevOps/alice`);
    expect(browserRuns()).toBe(1);
    expect(world.count('GetRoleCredentials')).toBe(3);
    // Leverage's own <project>-sso-<account> profiles share the role cache with the layer's names.
    const ssoSecurity = await tempkey(['whoami', 'acme-sso-security', '--json'], env, { cwd: layer });
    expect(JSON.parse(ssoSecurity.stdout).arn).toBe(`arn:aws:sts::${accountId('security')}:assumed-role/DevOps/alice`);
    expect(world.count('GetRoleCredentials')).toBe(3);

    const toIam = await tempkey(['project', 'switch', 'iam'], env, { cwd: layer });
    expect(toIam.status).toBe(0);
    expect(files.map((f) => readFileSync(f, 'utf8'))).toEqual(before);
    const after = readFileSync(join(env.HOME!, '.aws/acme/config'), 'utf8');
    for (const p of LAYER_PROFILES) {
      const section = (text: string) => new RegExp(`\\[profile ${p}\\]\\n(?:[^\\[\\n].*\\n)*`).exec(text)?.[0];
      expect(section(after)).toBe(section(iamConfig));
    }
    expect(after).not.toContain('tempkey:generated');
    expect(after).not.toContain('[profile acme-sso-security]');
  }, 120_000);
});
