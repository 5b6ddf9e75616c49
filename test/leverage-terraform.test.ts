import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IAMClient, CreateUserCommand, CreateAccessKeyCommand, PutUserPolicyCommand, CreateVirtualMFADeviceCommand, EnableMFADeviceCommand } from '@aws-sdk/client-iam';
import { OrganizationsClient, ListAccountsCommand } from '@aws-sdk/client-organizations';
import { STSClient, AssumeRoleCommand } from '@aws-sdk/client-sts';
import { startWorld, type World } from './helpers/world.js';
import { repoRoot, run, tempkey } from './helpers/run.js';
import { copyRefProject, FOR_EACH_LAYER, NESTED_BUILD_ENV_LAYER } from './helpers/leverage-ref.js';
import { leverageVarFiles, stateWithOutputs, terraformSetup } from './helpers/terraform.js';
import type { Directory } from '../emulator/directory.js';

// The reference architecture end to end, with real terraform (AWS provider
// from the local filesystem mirror): Organizations names accounts
// <project_long>-<account>, one project account is not in the organization,
// the security user lives in the security account (Organizations refuses it),
// and terraform applies a for_each/lookup layer and a layer with its own
// build.env through `tempkey exec`, each provider as its own account's role,
// remote states read from moto's S3. IAM+MFA with one code; then a project the
// Leverage CLI used with Identity Center, migrated with one login.
const NAMES = ['management', 'security', 'shared', 'network', 'apps-devstg', 'apps-prd'];
const directory: Directory = {
  startUrl: 'https://d-9067000000.awsapps.com/start',
  region: 'us-east-1',
  accounts: NAMES.map((n) => ({ name: `binbash-${n}`, email: `binbash-${n}@binbash.com.ar` })),
  users: [{ userName: 'alice', password: 'alice-password' }],
  groups: [{ name: 'devops', members: ['alice'] }],
  permissionSets: [{ name: 'AdministratorAccess' }, { name: 'DevOps' }],
  assignments: [
    { account: '*', permissionSet: 'DevOps', principal: 'devops' },
    { account: 'binbash-management', permissionSet: 'AdministratorAccess', principal: 'alice' },
  ],
};

let world: World;
let tmp: string;
let env: NodeJS.ProcessEnv;
let security: { accessKeyId: string; secretAccessKey: string };
const id = (name: string) => world.directory.accounts.find((a) => a.name === `binbash-${name}`)!.id!;
const BOOTSTRAP = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'bootstrap' };

/** An IAM user with an MFA device inside the security account (as the reference architecture keeps its users). */
async function seedSecurityUser(): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  const base = { region: 'us-east-1', endpoint: world.motoUrl, maxAttempts: 2 };
  const sts = new STSClient({ ...base, credentials: BOOTSTRAP });
  const c = (await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${id('security')}:role/OrganizationAccountAccessRole`, RoleSessionName: 'seed' }))).Credentials!;
  sts.destroy();
  const iam = new IAMClient({ ...base, credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } });
  try {
    await iam.send(new CreateUserCommand({ UserName: 'alice.devops' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'alice.devops', PolicyName: 'assume', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }) }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'alice.devops' }))).AccessKey!;
    const device = (await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'alice.devops' }))).VirtualMFADevice!;
    await iam.send(new EnableMFADeviceCommand({ UserName: 'alice.devops', SerialNumber: device.SerialNumber!, AuthenticationCode1: '123456', AuthenticationCode2: '654321' }));
    return { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
  } finally {
    iam.destroy();
  }
}

/** Remote-state sources in moto's S3, through the gateway (path-style, as SDKs use for an IP endpoint). */
async function seedStates(): Promise<void> {
  const objects: [string, string, Record<string, string>][] = [
    ['bb-apps-devstg-terraform-backend', 'apps-devstg/network/terraform.tfstate', { vpc_id: 'vpc-apps-devstg' }],
    ['bb-apps-devstg-terraform-backend', 'apps-devstg/k8s-eks-demoapps/network/terraform.tfstate', { vpc_id: 'vpc-eks-demoapps' }],
    ['bb-apps-devstg-terraform-backend', 'apps-devstg/k8s-eks/cluster/terraform.tfstate', { cluster_name: 'bb-apps-devstg-eks' }],
    ['bb-apps-prd-terraform-backend', 'apps-prd/network/terraform.tfstate', { vpc_id: 'vpc-apps-prd' }],
    ['bb-security-terraform-backend', 'security/network/terraform.tfstate', { vpc_id: 'vpc-security' }],
    ['bb-shared-terraform-backend', 'shared/network-dr/terraform.tfstate', { vpc_id: 'vpc-shared-dr' }],
  ];
  for (const bucket of new Set(objects.map((o) => o[0]))) expect((await fetch(`${world.url}/${bucket}`, { method: 'PUT' })).status).toBe(200);
  for (const [bucket, key, outputs] of objects) expect((await fetch(`${world.url}/${bucket}/${key}`, { method: 'PUT', body: stateWithOutputs(outputs) })).status).toBe(200);
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'tempkey-leverage-tf-'));
  const tf = terraformSetup(tmp);
  world = await startWorld({ directory, anyMfaSerial: true });
  security = await seedSecurityUser();
  await seedStates();
  env = {
    PATH: process.env.PATH,
    HOME: join(tmp, 'home'),
    ...world.env(),
    ...tf.env,
    TEMPKEY_VAULT_BACKEND: 'file',
    TEMPKEY_FILE_PASSPHRASE: 'leverage test',
    TEMPKEY_BROWSER: `${process.execPath} ${join(repoRoot, 'test/helpers/browser-approve.mjs')}`,
    BROWSER_LOG: join(tmp, 'browser.log'),
  };
  delete env.AWS_REGION;
}, 90_000);
afterAll(async () => {
  await world?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** init + apply + output through `tempkey exec`, with the var files Leverage passes; the outputs. */
async function terraformApply(project: string, layer: string, account: string, first: string[] = []): Promise<Record<string, unknown>> {
  const cwd = join(project, layer);
  const init = await tempkey(['exec', ...first, '--', 'terraform', 'init', '-no-color', `-backend-config=${join(project, account, 'config/backend.tfvars')}`], env, { cwd, timeoutMs: 120_000 });
  expect(init.stderr, init.stdout).toBe('');
  expect(init.status).toBe(0);
  const vars = leverageVarFiles(project, account, { common: ['common.tfvars'], account: ['account.tfvars', 'backend.tfvars'] });
  const apply = await tempkey(['exec', '--', 'terraform', 'apply', '-no-color', '-auto-approve', '-lock=false', ...vars], env, { cwd, timeoutMs: 120_000 });
  expect(apply.stderr, apply.stdout).toBe('');
  expect(apply.status).toBe(0);
  const out = await tempkey(['exec', '--', 'terraform', 'output', '-json'], env, { cwd, timeoutMs: 60_000 });
  expect(out.status, out.stderr).toBe(0);
  return Object.fromEntries(Object.entries(JSON.parse(out.stdout) as Record<string, { value: unknown }>).map(([k, v]) => [k, v.value]));
}

/** init + plan through `tempkey exec`; the role ARNs (without session names) the plan shows, and its text. */
async function terraformPlan(project: string, layer: string, account: string, e: NodeJS.ProcessEnv = env): Promise<{ arns: Set<string>; stdout: string }> {
  const cwd = join(project, layer);
  const init = await tempkey(['exec', '--', 'terraform', 'init', '-no-color', `-backend-config=${join(project, account, 'config/backend.tfvars')}`], e, { cwd, timeoutMs: 120_000 });
  expect(init.status, init.stderr + init.stdout).toBe(0);
  const vars = leverageVarFiles(project, account, { common: ['common.tfvars'], account: ['account.tfvars', 'backend.tfvars'] });
  const plan = await tempkey(['exec', '--', 'terraform', 'plan', '-no-color', '-lock=false', ...vars], e, { cwd, timeoutMs: 120_000 });
  expect(plan.stderr, plan.stdout).toBe('');
  expect(plan.status).toBe(0);
  // Only the planned (new) values: a state from an earlier run shows its old ones after '->'.
  const planned = plan.stdout.split('\n').map((l) => l.split('->').pop()!);
  const arns = new Set(planned.flatMap((l) => [...l.matchAll(/"(arn:aws:sts::\d+:assumed-role\/[^/"]+\/)[^"]*"/g)].map((m) => m[1]!)));
  return { arns, stdout: plan.stdout };
}

describe('Leverage reference architecture with real terraform', () => {
  let iamProject: string;

  it('the test world refuses Organizations to a member account, as AWS does', async () => {
    const list = (credentials: { accessKeyId: string; secretAccessKey: string }) => {
      const c = new OrganizationsClient({ region: 'us-east-1', endpoint: world.url, credentials, maxAttempts: 1 });
      return c.send(new ListAccountsCommand({})).finally(() => c.destroy());
    };
    await expect(list(security)).rejects.toMatchObject({ name: 'AccessDeniedException' });
    expect((await list(world.iamUser)).Accounts!.map((a) => a.Name)).toContain('binbash-shared');
  });

  it('IAM: security keys + the management profile for Organizations; <project_long>- stripped; a missing account skipped with a warning', async () => {
    iamProject = copyRefProject('binbash', mkdtempSync(join(tmp, 'iam-')));
    writeFileSync(join(tmp, 'management.csv'), `Access key ID,Secret access key\n${world.iamUser.accessKeyId},${world.iamUser.secretAccessKey}\n`);
    writeFileSync(join(tmp, 'security.csv'), `Access key ID,Secret access key\n${security.accessKeyId},${security.secretAccessKey}\n`);
    // Without a management profile, Organizations refuses the security keys (the keys are stored; no role profile is written).
    const early = await tempkey(['credentials', 'configure', '--type', 'security', '--credentials-file', join(tmp, 'security.csv')], env, { cwd: iamProject });
    expect(early.status).not.toBe(0);
    expect(early.stderr).toContain('AccessDeniedException');

    const m = await tempkey(['credentials', 'configure', '--type', 'MANAGEMENT', '--credentials-file', join(tmp, 'management.csv')], env, { cwd: iamProject });
    expect(m.status, m.stderr).toBe(0);
    const s = await tempkey(['credentials', 'configure', '--type', 'SECURITY', '--skip-access-keys-setup'], env, { cwd: iamProject });
    expect(s.status, s.stderr).toBe(0);
    expect(s.stderr).toContain("Listing the organization's accounts with bb-management");
    expect(s.stderr).toMatch(/Warning: skipped data-science: not in the organization/);
    expect(s.stdout).toContain('Skipped (not in the organization): data-science.');
    const config = readFileSync(join(env.HOME!, '.aws/bb/config'), 'utf8');
    for (const a of ['security', 'shared', 'network', 'apps-devstg', 'apps-prd']) expect(config).toContain(`[profile bb-${a}-devops]\nrole_arn = arn:aws:iam::${id(a)}:role/DevOps\nsource_profile = bb-security\n`);
    expect(config).not.toContain('binbash-');
    expect(config).not.toContain('bb-data-science');
    // Mixed teams: the Leverage CLI reads IAM keys from ~/.aws/bb/credentials, and tempkey keeps them in its vault: said, with the way back.
    const status = JSON.parse((await tempkey(['project', 'status', '--json'], env, { cwd: iamProject })).stdout);
    expect(status.leverageCli).toEqual({ compatible: false, detail: expect.stringMatching(/^tempkey-only: the keys of bb-management, bb-security are in tempkey's vault.*To go back: leverage credentials configure --type security/) });
    expect(readFileSync(join(iamProject, 'config/common.tfvars'), 'utf8')).toContain(`  shared = {\n    email = "binbash-shared@binbash.com.ar",\n    id = "${id('shared')}"\n  },`);
  }, 60_000);

  it('keys already stored: asks skip or overwrite (skip without a terminal) and backs the files up, as Leverage does', async () => {
    const cfg = join(env.HOME!, '.aws/bb/config');
    const before = readFileSync(cfg, 'utf8');
    const args = ['credentials', 'configure', '--type', 'security', '--credentials-file', join(tmp, 'security.csv')];
    const quiet = await tempkey(args, env, { cwd: iamProject });
    expect(quiet.status, quiet.stderr).toBe(0);
    expect(quiet.stderr).toContain('Keys for bb-security are already stored; keeping them (no terminal to ask');
    expect(readFileSync(`${cfg}.bkp`, 'utf8')).toBe(before);
    const spec = { argv: [process.execPath, join(repoRoot, 'bin/tempkey.js'), ...args], answers: { '[S/o]: ': 'o', 'now? [y/N] ': 'N' }, timeout: 60 };
    const r = await run('python3', [join(repoRoot, 'test/helpers/pty-run.py'), JSON.stringify(spec)], env, { cwd: iamProject, timeoutMs: 90_000 });
    const out = JSON.parse(r.stdout) as { output: string; status: number };
    expect(out.output).toContain('Credentials for bb-security are already configured. [s]kip (keep them) or [o]verwrite them (backups are made)? [S/o]: ');
    expect(out.output).toMatch(/Backed up \S*\.aws\/bb\/config\.bkp/);
    expect(out.status, out.output).toBe(0);
  }, 120_000);

  it('IAM+MFA: terraform applies the for_each/lookup layer and the nested-build.env layer, one MFA code for both', async () => {
    world.clearLog();
    const net = await terraformApply(iamProject, FOR_EACH_LAYER, 'shared', ['--mfa-token', world.totp()]);
    expect(net.callers).toEqual({
      shared: expect.stringMatching(new RegExp(`^arn:aws:sts::${id('shared')}:assumed-role/DevOps/`)),
      'apps-devstg': expect.stringMatching(new RegExp(`^arn:aws:sts::${id('apps-devstg')}:assumed-role/DevOps/`)),
      'apps-prd-dr': expect.stringMatching(new RegExp(`^arn:aws:sts::${id('apps-prd')}:assumed-role/DevOps/`)),
      security: expect.stringMatching(new RegExp(`^arn:aws:sts::${id('security')}:assumed-role/DevOps/`)),
    });
    expect(net.peer_vpcs).toEqual({ 'apps-devstg-base': 'vpc-apps-devstg', 'apps-devstg-eks-demoapps': 'vpc-eks-demoapps', 'apps-prd-base': 'vpc-apps-prd', 'security-base': 'vpc-security', 'shared-dr-base': 'vpc-shared-dr' });

    const eks = await terraformPlan(iamProject, NESTED_BUILD_ENV_LAYER, 'apps-devstg');
    expect(eks.arns).toEqual(new Set([`arn:aws:sts::${id('apps-devstg')}:assumed-role/DevOps/`, `arn:aws:sts::${id('shared')}:assumed-role/DevOps/`]));
    expect(eks.stdout).toContain('+ cluster = "bb-apps-devstg-eks"');
    expect(world.count('GetSessionToken')).toBe(1);
    // The layers' own state went to moto's S3, under the key of the backend block, in the bucket of backend.tfvars.
    const got = await tempkey(['exec', 'bb-shared-devops', '--', 'aws', 's3', 'cp', 's3://bb-shared-terraform-backend/shared/network/terraform.tfstate', '-'], env, { cwd: iamProject });
    expect(got.status, got.stderr).toBe(0);
    const state = JSON.parse(got.stdout);
    expect(state.outputs.callers.value).toEqual(net.callers);
  }, 180_000);

  it('--layers a,b (and globs): one MFA code for every profile of every layer, then the command runs in each layer', async () => {
    // Cold caches: no MFA session, no role credentials.
    rmSync(join(env.HOME!, '.aws/tempkey/cache'), { recursive: true, force: true });
    rmSync(join(env.HOME!, '.aws/cli/cache'), { recursive: true, force: true });
    world.clearLog();
    const show = ['sh', '-c', 'printf "%s " "$(basename "$PWD")"; aws sts get-caller-identity --query Arn --output text'];
    const r = await tempkey(['exec', '--mfa-token', world.totp(), '--layers', `${FOR_EACH_LAYER},apps-devstg/*/k8s-eks*/k8s-resources`, '--', ...show], env, { cwd: iamProject, timeoutMs: 90_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe(`tempkey: layer ${FOR_EACH_LAYER}\ntempkey: layer ${NESTED_BUILD_ENV_LAYER}\n`);
    expect(r.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^base-network arn:aws:sts::${id('shared')}:assumed-role/DevOps/`)),
      expect.stringMatching(new RegExp(`^k8s-resources arn:aws:sts::${id('apps-devstg')}:assumed-role/DevOps/`)),
    ]);
    expect(world.count('GetSessionToken')).toBe(1);
    // shared, apps-devstg, apps-prd, security: each role once, for both layers.
    expect(world.count('AssumeRole')).toBe(4);
    const bad = await tempkey(['exec', '--layers', 'nowhere/*', '--', 'true'], env, { cwd: iamProject });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--layers: 'nowhere/*' matches no directory");
  }, 120_000);

  it('--fetch-mfa-device writes mfa_serial into the role profiles even with MFA_ENABLED=false; without it they get none', async () => {
    writeFileSync(join(iamProject, 'build.env'), 'PROJECT=bb\nMFA_ENABLED=false\n');
    const section = (name: string) => new RegExp(`\\[profile ${name}\\]\\n((?:[^\\[\\n].*\\n)*)`).exec(readFileSync(join(env.HOME!, '.aws/bb/config'), 'utf8'))?.[1] ?? '';
    const plain = await tempkey(['credentials', 'configure', '--type', 'management', '--skip-access-keys-setup'], env, { cwd: iamProject });
    expect(plain.status, plain.stderr).toBe(0);
    expect(section('bb-shared-oaar')).not.toContain('mfa_serial');
    const fetched = await tempkey(['credentials', 'configure', '--type', 'management', '--skip-access-keys-setup', '--fetch-mfa-device'], env, { cwd: iamProject });
    expect(fetched.status, fetched.stderr).toBe(0);
    expect(section('bb-shared-oaar')).toContain(`mfa_serial = ${world.iamUser.mfaSerial}`);
  }, 60_000);
});

describe('a project the Leverage CLI ran with Identity Center, moved to tempkey', () => {
  let project: string;
  let ssoEnv: NodeJS.ProcessEnv;
  const browserRuns = () => readFileSync(env.BROWSER_LOG!, 'utf8').split('\n').filter((l) => l.startsWith('http')).length;
  const awsDir = () => join(ssoEnv.HOME!, '.aws/bb');

  it("doctor names the Leverage CLI's leftovers; project switch sso moves them aside (backups) and takes the names terraform uses, with one login", async () => {
    project = copyRefProject('binbash', mkdtempSync(join(tmp, 'sso-')));
    const tfvars = join(project, 'config/common.tfvars');
    writeFileSync(tfvars, readFileSync(tfvars, 'utf8').replace('sso_enabled   = false', 'sso_enabled   = true'));
    ssoEnv = { ...env, HOME: join(tmp, 'sso-home') };
    mkdirSync(awsDir(), { recursive: true });
    // What `leverage aws configure sso` and `leverage tf plan` wrote (auth.py, aws.py): expired layer keys in plaintext.
    const expired = Date.now() - 2 * 3600_000;
    const leverageConfig =
      `[profile bb-sso]\nsso_start_url = ${world.startUrl}\nsso_region = us-east-1\nsso_account_id = ${id('management')}\nsso_role_name = AdministratorAccess\n\n` +
      `[profile bb-sso-shared]\nrole_name = DevOps\naccount_id = ${id('shared')}\nsso_region = us-east-1\nsso_start_url = ${world.startUrl}\n\n` +
      `[profile bb-shared-devops]\nexpiration = ${expired}\n\n[profile bb-apps-devstg-devops]\nexpiration = ${expired}\n`;
    const leverageCredentials = ['bb-shared-devops', 'bb-apps-devstg-devops'].map((p) => `[${p}]\naws_access_key_id = ASIAEXPIREDLEVERAGE1\naws_secret_access_key = expired-secret\naws_session_token = expired-token\n`).join('\n');
    writeFileSync(join(awsDir(), 'config'), leverageConfig);
    writeFileSync(join(awsDir(), 'credentials'), leverageCredentials);

    const layer = join(project, FOR_EACH_LAYER);
    const before = JSON.parse((await tempkey(['doctor', '--json'], ssoEnv, { cwd: layer })).stdout);
    expect(before.checks.find((c: { id: string }) => c.id === 'project.leverage-leftovers')).toMatchObject({
      status: 'fail',
      found: expect.stringContaining('bb-apps-devstg-devops (expiration'),
      fix: expect.stringContaining('tempkey project switch sso'),
    });

    const sw = await tempkey(['project', 'switch', 'sso', '--json'], ssoEnv, { cwd: layer });
    expect(sw.status, sw.stderr).toBe(0);
    expect(sw.stderr).toContain('Removed what the Leverage CLI left for bb-apps-devstg-devops, bb-shared-devops');
    expect(browserRuns()).toBe(1);
    expect(readFileSync(join(awsDir(), 'config.bkp'), 'utf8')).toBe(leverageConfig);
    expect(readFileSync(join(awsDir(), 'credentials.bkp'), 'utf8')).toBe(leverageCredentials);
    expect(readFileSync(join(awsDir(), 'credentials'), 'utf8')).not.toContain('ASIAEXPIREDLEVERAGE1');
    const config = readFileSync(join(awsDir(), 'config'), 'utf8');
    expect(config).not.toContain('expiration');
    // The portal names accounts binbash-<account>; the profiles carry the names terraform uses, unsuffixed.
    for (const a of ['shared', 'apps-devstg', 'apps-prd', 'security', 'network']) expect(JSON.parse(sw.stdout).profiles).toContain(`bb-${a}-devops`);
    expect(config).not.toMatch(/\[profile bb-binbash-/);
    expect(config).not.toMatch(/\[profile bb-shared-devops-/);
    // Mixed teams: what the Leverage CLI reads is still there (aws.py: [profile bb-sso] sso_region/sso_start_url; auth.py: account_id/role_name).
    expect(config).toMatch(new RegExp(`\\[profile bb-sso\\]\\n(?:.*\\n)*?sso_start_url = ${world.startUrl.replace(/[./]/g, '\\$&')}\\n(?:.*\\n)*?sso_region = us-east-1\\n`));
    expect(config).toMatch(new RegExp(`\\[profile bb-sso-apps-devstg\\]\\n(?:[^\\[].*\\n)*?account_id = ${id('apps-devstg')}\\n(?:[^\\[].*\\n)*?role_name = DevOps\\n`));
    const status = JSON.parse((await tempkey(['project', 'status', '--json'], ssoEnv, { cwd: layer })).stdout);
    expect(status.leverageCli).toEqual({ compatible: true, detail: expect.stringContaining('keeps sso_start_url and sso_region') });
    const after = JSON.parse((await tempkey(['doctor', '--json'], ssoEnv, { cwd: layer })).stdout);
    expect(after.checks.filter((c: { id: string }) => c.id === 'project.leverage-leftovers')).toEqual([]);
    expect(after.checks.filter((c: { id: string; status: string }) => c.id === 'layer.profile' && c.status !== 'ok')).toEqual([]);
  }, 90_000);

  it('SSO: terraform plans the for_each/lookup layer (four providers, five remote states) through tempkey exec, no second login', async () => {
    world.clearLog();
    // (The nested-build.env layer is planned on the IAM path above; one SSO layer keeps the suite quick.)
    const net = await terraformPlan(project, FOR_EACH_LAYER, 'shared', ssoEnv);
    expect(net.arns).toEqual(new Set(['shared', 'apps-devstg', 'apps-prd', 'security'].map((a) => `arn:aws:sts::${id(a)}:assumed-role/DevOps/`)));
    expect([...net.stdout.matchAll(/assumed-role\/DevOps\/alice"/g)].length).toBeGreaterThanOrEqual(4);
    expect(browserRuns()).toBe(1);
    expect(world.count('GetRoleCredentials')).toBe(4);
  }, 180_000);

  it('login, logout, profiles list and explain work where you stand, as the hints print them (no --project)', async () => {
    const layer = join(project, FOR_EACH_LAYER);
    const out = await tempkey(['logout', '--sso-session', 'bb-sso'], ssoEnv, { cwd: layer });
    expect(out.status, out.stderr).toBe(0);
    const list = await tempkey(['profiles', 'list', '--json'], ssoEnv, { cwd: layer });
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toContain('bb-shared-devops');
    const login = await tempkey(['login', '--sso-session', 'bb-sso'], ssoEnv, { cwd: layer });
    expect(login.status, login.stderr).toBe(0);
    expect(browserRuns()).toBe(2);
    const explain = await tempkey(['explain', 'bb-shared-devops'], ssoEnv, { cwd: layer });
    expect(explain.status, explain.stderr).toBe(0);
    expect(explain.stdout).toContain(id('shared'));
  }, 60_000);
});
