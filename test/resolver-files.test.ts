import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempkey } from './helpers/run.js';
import { startStsWorld, type StsWorld } from './helpers/sts-recorder.js';

// Through the built CLI: files botocore reads are read by every command, and
// a profile's own STS endpoint is where its STS calls go.

const homes: string[] = [];
function home(config: string, credentials = ''): NodeJS.ProcessEnv {
  const h = mkdtempSync(join(tmpdir(), 'tempkey-resolver-'));
  homes.push(h);
  writeFileSync(join(h, 'config'), config, { mode: 0o600 });
  writeFileSync(join(h, 'credentials'), credentials, { mode: 0o600 });
  return { HOME: h, PATH: process.env.PATH, AWS_CONFIG_FILE: join(h, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(h, 'credentials'), AWS_EC2_METADATA_DISABLED: 'true' };
}
afterAll(() => {
  for (const h of homes) rmSync(h, { recursive: true, force: true });
});

/** profiles list, explain and doctor all read the file (botocore reads it too). */
async function everyCommandReads(env: NodeJS.ProcessEnv, profile: string): Promise<void> {
  const list = await tempkey(['profiles', 'list', '--json'], env);
  expect(list.stderr).toBe('');
  expect(list.status).toBe(0);
  expect(JSON.parse(list.stdout).map((p: { name: string }) => p.name)).toContain(profile);
  const explain = await tempkey(['explain', profile, '--json'], env);
  expect(explain.stderr).toBe('');
  expect(explain.status).toBe(0);
  expect(JSON.parse(explain.stdout).steps[0].kind).toBe('static-keys');
  const doctor = await tempkey(['doctor', profile, '--offline', '--json'], env);
  const checks = JSON.parse(doctor.stdout).checks as { id: string; status: string; found?: string }[];
  expect(checks.filter((c) => c.status === 'fail')).toEqual([]);
  expect(checks.find((c) => c.id === 'profile.resolves')?.status).toBe('ok');
}

describe('files botocore reads, every command reads', () => {
  it('a config whose first line is blank', async () => {
    await everyCommandReads(home('\n\n[default]\nregion = us-east-1\n\n[profile dev]\nregion = eu-west-1\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = notARealSecretKey0000000000000000000000\n'), 'dev');
  });

  it('an indented [default] header', async () => {
    await everyCommandReads(home('  [default]\n  region = us-east-1\n  aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n  aws_secret_access_key = notARealSecretKey0000000000000000000000\n'), 'default');
  });
});

describe('profiles list: the kind is the first rule of the chain that takes the profile', () => {
  it('names every kind, a login_session profile included', async () => {
    const env = home(
      [
        '[profile console]\nlogin_session = arn:aws:iam::111111111111:user/alice\nregion = us-east-1',
        '[profile role]\nrole_arn = arn:aws:iam::111111111111:role/R\nsource_profile = keys',
        '[profile sso]\nsso_session = org\nsso_account_id = 111111111111\nsso_role_name = Admin',
        '[sso-session org]\nsso_start_url = https://d-1.awsapps.com/start\nsso_region = us-east-1',
        '[profile proc]\ncredential_process = /bin/true',
        '[profile vault]\ntempkey_vault = acme',
        '[profile empty]\nregion = us-east-1',
      ].join('\n\n') + '\n',
      '[keys]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = notARealSecretKey0000000000000000000000\n',
    );
    const r = await tempkey(['profiles', 'list', '--json'], env);
    expect(r.status).toBe(0);
    const kinds = Object.fromEntries(JSON.parse(r.stdout).map((p: { name: string; kind: string }) => [p.name, p.kind]));
    expect(kinds).toEqual({ console: 'login', role: 'assume-role', sso: 'sso', proc: 'process', vault: 'vault', empty: 'none', keys: 'static' });
  });
});

describe("a profile's own STS endpoint", () => {
  let world: StsWorld;
  beforeAll(async () => {
    world = await startStsWorld();
  });
  afterAll(async () => {
    await world.stop();
  });

  const keys = '[base]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = notARealSecretKey0000000000000000000000\n';

  for (const [how, settings] of [
    ['endpoint_url', (url: string) => `endpoint_url = ${url}\n`],
    ['[services] sts', (url: string) => `services = here\n\n[services here]\nsts =\n  endpoint_url = ${url}\n`],
  ] as const) {
    it(`receives the AssumeRole of a role profile (${how}), with no AWS_ENDPOINT_URL set`, async () => {
      const env = home(`[profile dev]\nrole_arn = arn:aws:iam::222222222222:role/Dev\nsource_profile = base\nregion = us-east-1\n${settings(world.url)}`, keys);
      world.clearActions();
      const r = await tempkey(['credential-process', '--profile', 'dev'], env, { timeoutMs: 60_000 });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ Version: 1, AccessKeyId: expect.stringMatching(/^ASIA/) });
      expect(world.actions()).toEqual(['AssumeRole']);
      const plan = JSON.parse((await tempkey(['explain', 'dev', '--json'], env)).stdout);
      expect(plan.steps.at(-1)).toMatchObject({ kind: 'assume-role', endpoint: world.url });
    });
  }
});
