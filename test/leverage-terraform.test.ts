import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IAMClient, CreateUserCommand, CreateAccessKeyCommand, PutUserPolicyCommand, CreateVirtualMFADeviceCommand, EnableMFADeviceCommand } from '@aws-sdk/client-iam';
import { OrganizationsClient, ListAccountsCommand } from '@aws-sdk/client-organizations';
import { STSClient, AssumeRoleCommand } from '@aws-sdk/client-sts';
import { startWorld, type World } from './helpers/world.js';
import { repoRoot, tempkey } from './helpers/run.js';
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
    expect(readFileSync(join(iamProject, 'config/common.tfvars'), 'utf8')).toContain(`  shared = {\n    email = "binbash-shared@binbash.com.ar",\n    id = "${id('shared')}"\n  },`);
  }, 60_000);

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

    const eks = await terraformApply(iamProject, NESTED_BUILD_ENV_LAYER, 'apps-devstg');
    expect(eks).toEqual({
      callers: { 'apps-devstg': expect.stringContaining(`::${id('apps-devstg')}:assumed-role/DevOps/`), shared: expect.stringContaining(`::${id('shared')}:assumed-role/DevOps/`) },
      cluster: 'bb-apps-devstg-eks',
    });
    expect(world.count('GetSessionToken')).toBe(1);
    // The layers' own state went to moto's S3, under the key of the backend block, in the bucket of backend.tfvars.
    const got = await tempkey(['exec', 'bb-shared-devops', '--', 'aws', 's3', 'cp', 's3://bb-shared-terraform-backend/shared/network/terraform.tfstate', '-'], env, { cwd: iamProject });
    expect(got.status, got.stderr).toBe(0);
    const state = JSON.parse(got.stdout);
    expect(state.outputs.callers.value).toEqual(net.callers);
  }, 180_000);
});
