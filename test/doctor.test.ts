import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IAMClient, CreateAccessKeyCommand, CreateUserCommand, DeleteAccessKeyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type World } from './helpers/world.js';
import { repoRoot, run, tempkey } from './helpers/run.js';

// Each broken set-up is a fixture under test/fixtures/doctor/<case>/ (a HOME,
// and a project when the case needs one). For each: the doctor names the
// problem (check id, where) and the fix; the fix is applied (the printed
// command is run, or the described edit made); the doctor then passes that check.
const FIXTURES = join(repoRoot, 'test/fixtures/doctor');
let world: World;
let strict: World;
const temps: string[] = [];

interface Case {
  home: string;
  project?: string;
  env: NodeJS.ProcessEnv;
}

function setUp(name: string, vars: Record<string, string> = {}): Case {
  const dir = mkdtempSync(join(tmpdir(), `tempkey-doctor-${name}-`));
  temps.push(dir);
  // A case's project may be the shared fixture project with a few files replaced.
  if (existsSync(join(FIXTURES, name, 'project/BASED-ON-leverage-acme'))) cpSync(join(repoRoot, 'test/fixtures/leverage/acme'), join(dir, 'project'), { recursive: true });
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  const fill = (d: string) => {
    for (const f of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, f.name);
      if (f.isDirectory()) fill(p);
      else if (Object.keys(vars).length) writeFileSync(p, Object.entries(vars).reduce((t, [k, v]) => t.replaceAll(`@@${k}@@`, v), readFileSync(p, 'utf8')));
    }
  };
  fill(dir);
  for (const f of ['home/.aws/config', 'home/.aws/credentials']) if (existsSync(join(dir, f)) && name !== 'world-readable-credentials') chmodSync(join(dir, f), 0o600);
  const home = join(dir, 'home');
  return {
    home,
    project: existsSync(join(dir, 'project')) ? join(dir, 'project') : undefined,
    env: {
      PATH: process.env.PATH,
      HOME: home,
      ...world.env(),
      TEMPKEY_VAULT_BACKEND: 'file',
      TEMPKEY_FILE_PASSPHRASE: 'doctor test',
      TEMPKEY_BROWSER: `${process.execPath} ${join(repoRoot, 'test/helpers/browser-approve.mjs')}`,
    },
  };
}

interface Found {
  ok: boolean;
  checks: { id: string; title: string; status: string; found?: string; location?: { file?: string; line?: number; profile?: string }; fix?: string }[];
}

async function doctor(c: Case, args: string[] = [], cwd?: string): Promise<Found & { status: number | null; text: string }> {
  const r = await tempkey(['doctor', '--json', ...args], c.env, { cwd: cwd ?? c.project ?? c.home });
  const parsed = JSON.parse(r.stdout) as Found;
  return { ...parsed, status: r.status, text: r.stdout + r.stderr };
}

function only(f: Found, id: string, status: string) {
  const hit = f.checks.filter((c) => c.id === id && c.status === status);
  expect(hit, `${id} ${status} in ${JSON.stringify(f.checks, null, 1)}`).not.toHaveLength(0);
  return hit[0]!;
}
const none = (f: Found, id: string, status = 'fail') => expect(f.checks.filter((c) => c.id === id && c.status === status)).toEqual([]);
const sh = (cmd: string, c: Case, cwd?: string) => run('sh', ['-c', cmd.replace(/^tempkey /, `${process.execPath} ${join(repoRoot, 'bin/tempkey.js')} `)], c.env, { cwd: cwd ?? c.project ?? c.home });
const accountId = (name: string) => world.directory.accounts.find((a) => a.name === name)!.id!;

beforeAll(async () => {
  [world, strict] = await Promise.all([startWorld(), startWorld({ enforceAuth: true })]);
}, 60_000);
afterAll(async () => {
  await Promise.all([world?.stop(), strict?.stop()]);
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

describe('tempkey doctor: broken set-ups, their fixes', () => {
  it('duplicated profile: names both places; merging the sections fixes it', async () => {
    const c = setUp('duplicated-profile');
    const f = await doctor(c, ['dev', '--offline']);
    expect(f.status).toBe(1);
    const hit = only(f, 'profiles.duplicate', 'fail');
    expect(hit.found).toContain('[profile dev] appears 2 times');
    expect(hit.location).toMatchObject({ file: join(c.home, '.aws/config'), line: 5 });
    const cfg = join(c.home, '.aws/config');
    writeFileSync(cfg, readFileSync(cfg, 'utf8').split('\n').slice(0, 4).join('\n') + '\n');
    none(await doctor(c, ['dev', '--offline']), 'profiles.duplicate');
  });

  it('missing region: warns and the printed command adds it', async () => {
    const c = setUp('missing-region');
    delete c.env.AWS_REGION;
    const hit = only(await doctor(c, ['dev', '--offline']), 'profile.region', 'warn');
    expect(hit.fix).toMatch(/^tempkey config set --profile dev region us-east-1/);
    expect((await sh(hit.fix!.split('   ')[0]!, c)).status).toBe(0);
    only(await doctor(c, ['dev', '--offline']), 'profile.region', 'ok');
    expect(readFileSync(join(c.home, '.aws/config'), 'utf8')).toBe('# dev has keys in the credentials file but no region\n[profile dev]\noutput = json\nregion = us-east-1\n');
  });

  for (const [name, pattern] of [
    ['role-without-source', /sets role_arn .* but neither source_profile nor credential_source/],
    ['source-profile-cycle', /cycle/i],
    ['dangling-source-profile', /bsae/],
  ] as const) {
    it(`${name}: the resolver's error with file:line; setting source_profile fixes it`, async () => {
      const c = setUp(name);
      const hit = only(await doctor(c, ['dev', '--offline']), 'profile.resolves', 'fail');
      expect(hit.found).toMatch(pattern);
      expect(hit.location?.file).toBe(join(c.home, '.aws/config'));
      expect(hit.location?.line).toBeGreaterThan(0);
      expect(hit.fix).toBeTruthy();
      expect((await sh('tempkey config set --profile dev source_profile base', c)).status).toBe(0);
      only(await doctor(c, ['dev', '--offline']), 'profile.resolves', 'ok');
    });
  }

  it('wrong mfa_serial: not an MFA ARN; the printed command with the real ARN fixes it', async () => {
    const c = setUp('wrong-mfa-serial');
    const hit = only(await doctor(c, ['dev', '--offline']), 'profile.mfa-serial', 'fail');
    expect(hit.location).toMatchObject({ file: join(c.home, '.aws/config'), line: 3 });
    expect(hit.fix).toContain('tempkey config set --profile dev mfa_serial');
    await sh('tempkey config set --profile dev mfa_serial arn:aws:iam::123456789012:mfa/alice', c);
    none(await doctor(c, ['dev', '--offline']), 'profile.mfa-serial');
  });

  it('SSO profile with MFA: flagged; the printed command removes it', async () => {
    const c = setUp('sso-profile-with-mfa');
    const hit = only(await doctor(c, ['dev', '--offline']), 'profile.sso-mfa', 'warn');
    expect(hit.location?.line).toBe(11);
    expect((await sh(hit.fix!.split('   ')[0]!, c)).status).toBe(0);
    none(await doctor(c, ['dev', '--offline']), 'profile.sso-mfa', 'warn');
  });

  it('malformed config line: file and line; deleting the line fixes it', async () => {
    const c = setUp('malformed-config-line');
    const f = await doctor(c, ['dev', '--offline']);
    const hit = only(f, 'files.parse', 'fail');
    expect(hit.location).toMatchObject({ file: join(c.home, '.aws/config'), line: 3 });
    const cfg = join(c.home, '.aws/config');
    writeFileSync(cfg, readFileSync(cfg, 'utf8').replace('this line is not a setting\n', ''));
    none(await doctor(c, ['dev', '--offline']), 'files.parse');
  });

  it('credentials file readable by others: the printed chmod fixes it', async () => {
    const c = setUp('world-readable-credentials');
    chmodSync(join(c.home, '.aws/credentials'), 0o644);
    const hit = only(await doctor(c, ['dev', '--offline']), 'files.permissions.credentials', 'fail');
    expect((await sh(hit.fix!, c)).status).toBe(0);
    expect(statSync(join(c.home, '.aws/credentials')).mode & 0o777).toBe(0o600);
    only(await doctor(c, ['dev', '--offline']), 'files.permissions.credentials', 'ok');
  });

  it('missing project file: says which file and what to put in it', async () => {
    const c = setUp('missing-project-file');
    const hit = only(await doctor(c, ['acme-dev', '--offline']), 'project.files', 'fail');
    const file = join(c.project!, 'config/common.tfvars');
    expect(hit.location?.file).toBe(file);
    const content = hit.fix!.split('\n').slice(1).map((l) => l.trim()).join('\n') + '\n';
    await run('mkdir', ['-p', join(c.project!, 'config')], c.env);
    writeFileSync(file, content);
    only(await doctor(c, ['acme-dev', '--offline']), 'project.files', 'ok');
  });

  it('a layer uses a profile that is not defined: file:line of the use; the printed command writes it', async () => {
    const c = setUp('layer-undefined-profile');
    const layer = join(c.project!, 'apps-devstg/us-east-1/k8s-eks');
    const hit = only(await doctor(c, ['--layer', layer, '--offline']), 'layer.profile', 'fail');
    expect(hit.location).toMatchObject({ profile: 'acme-security-devops', file: join(layer, 'config.tf'), line: 18 });
    expect(hit.fix).toBe('tempkey credentials configure --type security --skip-access-keys-setup');
    const r = await sh(hit.fix!, c);
    expect(r.stderr).toContain('Wrote 4 role profiles');
    none(await doctor(c, ['--layer', layer, '--offline']), 'layer.profile');
  });

  it('project says SSO but the profiles are IAM roles: the printed switch (one browser login) fixes it', async () => {
    const c = setUp('project-says-sso-profiles-iam', { SHARED: accountId('shared') });
    const hit = only(await doctor(c, ['--offline']), 'project.method', 'fail');
    expect(hit.found).toMatch(/sso_enabled = true .* IAM role profiles and no SSO role profiles/);
    expect(hit.fix).toBe('tempkey project switch sso');
    const r = await sh(hit.fix!, c);
    expect(r.status).toBe(0);
    only(await doctor(c, ['--offline']), 'project.method', 'ok');
  }, 60_000);

  it('expired SSO token without a refresh token: log in again', async () => {
    const c = setUp('expired-sso-token', { DEVSTG: accountId('apps-devstg') });
    const cache = join(c.home, '.aws/sso/cache');
    await run('mkdir', ['-p', cache], c.env);
    const { createHash } = await import('node:crypto');
    writeFileSync(join(cache, `${createHash('sha1').update('acme').digest('hex')}.json`), JSON.stringify({ startUrl: world.startUrl, region: 'us-east-1', accessToken: 'aoaexpired', expiresAt: '2020-01-01T00:00:00Z' }));
    const hit = only(await doctor(c, ['dev']), 'sso.token', 'fail');
    expect(hit.found).toContain('expired at 2020-01-01');
    expect(hit.fix).toBe('tempkey login --sso-session acme');
    expect((await sh(hit.fix!, c)).status).toBe(0);
    const after = await doctor(c, ['dev']);
    only(after, 'sso.token', 'ok');
    expect(only(after, 'live.identity', 'ok').found).toBe(`arn:aws:sts::${accountId('apps-devstg')}:assumed-role/DevOps/alice`);
  }, 60_000);

  it('a token the portal rejects although it has not expired: the stale-session trap, named, and fixed by one login', async () => {
    const c = setUp('portal-rejected-token', { DEVSTG: accountId('apps-devstg') });
    expect((await sh('tempkey login --sso-session acme', c)).status).toBe(0);
    only(await doctor(c, ['dev']), 'sso.token', 'ok');
    await world.revokeTokens();
    const hit = only(await doctor(c, ['dev']), 'sso.token', 'fail');
    expect(hit.found).toContain('the portal rejects the cached token although it is valid until');
    expect((await sh(hit.fix!, c)).status).toBe(0);
    only(await doctor(c, ['dev']), 'sso.token', 'ok');
  }, 60_000);

  it('skewed clock: compared with the Date header of AWS; once the clocks agree it passes', async () => {
    const keys = world.iamUser;
    const c = setUp('skewed-clock', { KEY_ID: keys.accessKeyId, SECRET: keys.secretAccessKey });
    await world.setClockSkew(900);
    try {
      const hit = only(await doctor(c, ['dev']), 'clock.skew', 'fail');
      expect(hit.found).toMatch(/clock is 1[45]\.\d min behind/);
      expect(hit.fix).toContain('timedatectl set-ntp true');
    } finally {
      await world.setClockSkew(0);
    }
    only(await doctor(c, ['dev']), 'clock.skew', 'ok');
  });

  it('long-term keys in plaintext: the printed command moves them into the vault and removes the plaintext', async () => {
    const c = setUp('plaintext-keys', { KEY_ID: world.iamUser.accessKeyId, SECRET: world.iamUser.secretAccessKey });
    const hit = only(await doctor(c, ['dev']), 'profile.plaintext-keys', 'warn');
    expect(hit.location).toMatchObject({ file: join(c.home, '.aws/credentials'), line: 2 });
    expect(hit.fix).toBe('tempkey credentials configure --profile dev --import-plaintext');
    const r = await sh(hit.fix!, c);
    expect(r.status).toBe(0);
    expect(readFileSync(join(c.home, '.aws/credentials'), 'utf8')).toBe('# keys pasted here long ago\n');
    const after = await doctor(c, ['dev']);
    none(after, 'profile.plaintext-keys', 'warn');
    // The import found alice's MFA device: the doctor never prompts, so the live check waits for a code.
    expect(only(after, 'live.identity', 'skipped').fix).toContain('tempkey whoami');
    const who = await tempkey(['whoami', 'dev', '--json', '--mfa-token', world.totp()], c.env);
    expect(JSON.parse(who.stdout).arn).toBe('arn:aws:sts::123456789012:assumed-role/tempkey-user-session/alice');
  }, 60_000);

  it('revoked keys: the live check names the key and how to replace it; new keys pass', async () => {
    const iam = new IAMClient({ region: 'us-east-1', endpoint: strict.url, credentials: strict.iamUser });
    await iam.send(new CreateUserCommand({ UserName: 'dora' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'dora', PolicyName: 'all', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) }));
    const old = (await iam.send(new CreateAccessKeyCommand({ UserName: 'dora' }))).AccessKey!;
    const c = setUp('revoked-keys', { KEY_ID: old.AccessKeyId!, SECRET: old.SecretAccessKey! });
    c.env = { ...c.env, ...strict.env() };
    only(await doctor(c, ['dev']), 'live.identity', 'ok');
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'dora', AccessKeyId: old.AccessKeyId! }));
    const f = await doctor(c, ['dev']);
    const hit = only(f, 'live.identity', 'fail');
    expect(hit.found).toMatch(/InvalidClientTokenId|revoked|deleted/i);
    expect(hit.fix).toBeTruthy();
    const fresh = (await iam.send(new CreateAccessKeyCommand({ UserName: 'dora' }))).AccessKey!;
    writeFileSync(join(c.home, 'new.csv'), `Access key ID,Secret access key\n${fresh.AccessKeyId},${fresh.SecretAccessKey}\n`);
    const fix = await sh(`tempkey credentials configure --profile dev --no-mfa --credentials-file '${join(c.home, 'new.csv')}'`, c);
    expect(fix.status).toBe(0);
    const after = await doctor(c, ['dev']);
    expect(only(after, 'live.identity', 'ok').found).toBe('arn:aws:iam::123456789012:user/dora');
    // No secret in the doctor's output, verbose or not.
    const verbose = await tempkey(['doctor', 'dev', '--verbose'], c.env, { cwd: c.home });
    for (const text of [JSON.stringify(f), JSON.stringify(after), verbose.stdout, verbose.stderr]) {
      for (const secret of [old.SecretAccessKey!, fresh.SecretAccessKey!]) expect(text).not.toContain(secret);
    }
    iam.destroy();
  }, 60_000);
});
