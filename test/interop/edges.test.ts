import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type World } from '../helpers/world.js';
import { repoRoot, run, tempkey } from '../helpers/run.js';
import { awsV2DataPath, client, rubyParse } from './clients.js';

// The five interop edges of issue #15, each with the official client that
// showed it: the Debian AWS CLI v2 (PKCE registration), botocore (refresh
// race), Ruby aws-sdk-core (markers), the Debian Go SDK v2 (legacy form).
// (Item 2, logout of chained roles, is the interop table's logout column.)
let world: World;
const homes: string[] = [];
const AWS_V2 = '/usr/bin/aws';
const BROWSER = `${process.execPath} ${join(repoRoot, 'test/helpers/browser-approve.mjs')}`;
const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');

function newHome(extra = ''): { home: string; env: NodeJS.ProcessEnv; devstgId: string } {
  const home = mkdtempSync(join(tmpdir(), 'tempkey-edges-'));
  homes.push(home);
  mkdirSync(join(home, '.aws'), { mode: 0o700 });
  const devstgId = world.directory.accounts.find((a) => a.name === 'apps-devstg')!.id!;
  writeFileSync(
    join(home, '.aws/config'),
    `[sso-session acme]\nsso_start_url = ${world.startUrl}\nsso_region = ${world.region}\nsso_registration_scopes = sso:account:access\n\n` +
      `[profile sso]\nsso_session = acme\nsso_account_id = ${devstgId}\nsso_role_name = DevOps\nregion = ${world.region}\n${extra}`,
    { mode: 0o600 },
  );
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, ...world.env(), TEMPKEY_BROWSER: BROWSER, BROWSER_LOG: join(home, 'browser.log') };
  return { home, env, devstgId };
}

/** The AWS CLI's registration file name for sso-session acme, by botocore's own formula (utils.py). */
async function awsCliRegistrationFile(): Promise<string> {
  const py = `import hashlib, json; print(hashlib.sha1(json.dumps({"tool": "botocore", "startUrl": "${world.startUrl}", "region": "${world.region}", "scopes": ["sso:account:access"], "session_name": "acme"}, sort_keys=True).encode()).hexdigest())`;
  return `${(await run('python3', ['-c', py], process.env)).stdout.trim()}.json`;
}

/** The registration files in the SSO cache (clientId + clientSecret, no accessToken). */
function registrations(home: string): Record<string, { clientId: string; grantTypes?: string[] }> {
  const dir = join(home, '.aws/sso/cache');
  const out: Record<string, { clientId: string; grantTypes?: string[] }> = {};
  for (const f of existsSync(dir) ? readdirSync(dir) : []) {
    const j = JSON.parse(readFileSync(join(dir, f), 'utf8'));
    if (j.clientId && !j.accessToken) out[f] = j;
  }
  return out;
}

beforeAll(async () => {
  world = await startWorld({ autoApprove: true, accessTokenSeconds: 540 });
}, 60_000);
afterAll(async () => {
  await world?.stop();
  for (const h of homes) rmSync(h, { recursive: true, force: true });
});

describe('1. PKCE login beside the Debian AWS CLI v2 (2.9, device code only)', () => {
  const awsLogin = (env: NodeJS.ProcessEnv) => run(AWS_V2, ['sso', 'login', '--profile', 'sso', '--no-browser'], { ...env, AWS_DATA_PATH: awsV2DataPath(world.url) }, { timeoutMs: 60_000 });
  const awsWhoami = (env: NodeJS.ProcessEnv) => run(AWS_V2, ['sts', 'get-caller-identity', '--profile', 'sso', '--query', 'Arn', '--output', 'text'], { ...env, AWS_DATA_PATH: awsV2DataPath(world.url) });

  it('tempkey login (browser, PKCE) first: aws sso login still works, then both logins keep their registrations', async () => {
    expect(existsSync(AWS_V2), 'the AWS CLI v2 at /usr/bin/aws: run scripts/setup-system.sh as root').toBe(true);
    const h = newHome();
    const tk = await tempkey(['login', '--sso-session', 'acme'], h.env);
    expect(tk.stderr).toContain("Signed in to sso-session 'acme'");
    expect(tk.status).toBe(0);
    // The AWS CLI's own slot holds no authorization-code registration...
    const shared = await awsCliRegistrationFile();
    expect(Object.keys(registrations(h.home))).not.toContain(shared);
    // ...so AWS CLI 2.9 registers its device-code client and logs in (it failed with UnauthorizedClientException).
    const aws = await awsLogin(h.env);
    expect(aws.stderr + aws.stdout).not.toContain('UnauthorizedClient');
    expect(aws.stdout + aws.stderr).toContain('Successfully logged into Start URL');
    expect(aws.status).toBe(0);
    expect(registrations(h.home)[shared]?.grantTypes).toBeUndefined();
    const deviceClient = registrations(h.home)[shared]!.clientId;
    expect((await awsWhoami(h.env)).stdout.trim()).toBe(`arn:aws:sts::${h.devstgId}:assumed-role/DevOps/alice`);

    // tempkey's next browser login reuses its own PKCE registration and leaves the CLI's alone.
    world.clearLog();
    const again = await tempkey(['login', '--sso-session', 'acme'], h.env);
    expect(again.status, again.stderr).toBe(0);
    expect(world.count('RegisterClient')).toBe(0);
    expect(registrations(h.home)[shared]!.clientId).toBe(deviceClient);
    const aws2 = await awsLogin(h.env);
    expect(aws2.status, aws2.stderr).toBe(0);
    expect(world.count('RegisterClient')).toBe(0);
  });

  it('a device-code login reuses the AWS CLI registration, and registers again when the service refuses it', async () => {
    const h = newHome();
    expect((await awsLogin(h.env)).status).toBe(0);
    world.clearLog();
    const dev = await tempkey(['login', '--sso-session', 'acme', '--use-device-code', '--no-browser'], h.env);
    expect(dev.status, dev.stderr).toBe(0);
    expect(world.count('RegisterClient')).toBe(0);
    // The cached registration says nothing of its grants but is refused: one new registration.
    const [file, reg] = Object.entries(registrations(h.home))[0]!;
    world.local.emulator.identity.clients.get(reg.clientId)!.grantTypes = ['authorization_code', 'refresh_token'];
    world.clearLog();
    const retry = await tempkey(['login', '--sso-session', 'acme', '--use-device-code', '--no-browser'], h.env);
    expect(retry.status, retry.stderr).toBe(0);
    expect(world.count('RegisterClient')).toBe(1);
    expect(registrations(h.home)[file]!.clientId).not.toBe(reg.clientId);
  });
});

describe('3. refresh race with botocore', () => {
  it('botocore refreshes first: tempkey uses its new token, no false alarm, nothing rotated away', async () => {
    const h = newHome();
    const login = await tempkey(['login', '--sso-session', 'acme', '--use-device-code', '--no-browser'], h.env);
    expect(login.status, login.stderr).toBe(0);
    const tokenPath = join(h.home, '.aws/sso/cache', `${sha1('acme')}.json`);
    const before = JSON.parse(readFileSync(tokenPath, 'utf8'));
    const boto3 = await client('boto3', world.url);
    // The 9-minute token is inside both refresh windows. tempkey's refresh request is held
    // at the emulator while botocore refreshes (single-use refresh tokens: botocore wins).
    const faults = world.local.emulator.faults;
    const apply = faults.apply.bind(faults);
    let botoRun: Awaited<ReturnType<typeof boto3.whoami>> | undefined;
    faults.apply = async (op: string) => {
      if (op === 'CreateToken' && !botoRun) {
        botoRun = { status: null, stdout: '', stderr: '' };
        botoRun = await boto3.whoami({ ...h.env, AWS_PROFILE: 'sso' }, { fileCache: false });
      }
      return apply(op);
    };
    world.clearLog();
    try {
      const r = await tempkey(['credential-process', '--profile', 'sso'], { ...h.env, TEMPKEY_NO_LOGIN: '1' });
      expect(botoRun?.arn, botoRun?.stderr).toBe(`arn:aws:sts::${h.devstgId}:assumed-role/DevOps/alice`);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout).AccessKeyId).toMatch(/^ASIA/);
    } finally {
      faults.apply = apply;
    }
    const after = JSON.parse(readFileSync(tokenPath, 'utf8'));
    expect(after.accessToken).not.toBe(before.accessToken);
    // botocore's refresh and tempkey's refused one: no third CreateToken rotating botocore's token away.
    expect(world.count('CreateToken')).toBe(2);
    expect(world.local.emulator.identity.userOf(after.accessToken), "botocore's token still works").toBeDefined();
  });
});

describe('4. sync markers and Ruby aws-sdk-core', () => {
  it("Ruby's parser reads no marker as a key; a file synced with the old markers is recognised and cleaned", async () => {
    const h = newHome();
    expect((await tempkey(['login', '--sso-session', 'acme', '--use-device-code', '--no-browser'], h.env)).status).toBe(0);
    const cfg = join(h.home, '.aws/config');
    const sync = await tempkey(['profiles', 'sync', '--sso-session', 'acme'], h.env);
    expect(sync.status, sync.stderr).toBe(0);
    const junk = (parsed: Record<string, Record<string, unknown>>) => Object.entries(parsed).flatMap(([p, keys]) => Object.keys(keys).filter((k) => !/^[a-z_]+$/.test(k)).map((k) => `${p}: ${k}`));
    const text = readFileSync(cfg, 'utf8');
    expect(text).toContain('# tempkey:generated sso-session:acme');
    expect(junk(await rubyParse(cfg))).toEqual([]);
    // A file synced before this change: Ruby sees junk keys there...
    const old = text.replace(/# tempkey:generated sso-session:(\S+) account:(\S+) role:(\S+)/g, '# tempkey:generated sso-session=$1 account=$2 role=$3');
    writeFileSync(cfg, old);
    expect(junk(await rubyParse(cfg)).length).toBeGreaterThan(0);
    // ...and the next sync owns the same profiles (no duplicates) and rewrites the markers.
    const again = await tempkey(['profiles', 'sync', '--sso-session', 'acme'], h.env);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr + again.stdout).toMatch(/add 0, update \d+, remove 0/);
    expect(readFileSync(cfg, 'utf8')).toBe(text);
    expect(junk(await rubyParse(cfg))).toEqual([]);
  });
});

describe('5. the Debian Go SDK v2 (before sso_session) and profiles sync --legacy', () => {
  it('refuses the modern form, accepts the legacy form; doctor names the form', async () => {
    const h = newHome();
    expect((await tempkey(['login', '--sso-session', 'acme', '--use-device-code', '--no-browser'], h.env)).status).toBe(0);
    const go = await client('go-sdk-v2', world.url);
    const modern = await go.whoami({ ...h.env, AWS_PROFILE: 'sso' });
    expect(modern.stderr).toContain('missing required configuration: sso_region, sso_start_url');
    expect(modern.arn).toBeUndefined();
    const doc = await tempkey(['doctor', 'sso', '--offline', '--json'], h.env);
    const form = JSON.parse(doc.stdout).checks.find((c: { id: string }) => c.id === 'profile.sso-form');
    expect(form?.found).toMatch(/modern form \(sso_session = acme\)/);
    expect(form?.fix).toContain('tempkey profiles sync --legacy');

    const sync = await tempkey(['profiles', 'sync', '--sso-session', 'acme', '--legacy'], h.env);
    expect(sync.status, sync.stderr).toBe(0);
    const cfg = readFileSync(join(h.home, '.aws/config'), 'utf8');
    // (apps-devstg DevOps is the hand-written [profile sso]'s: sync leaves it to that profile.)
    expect(cfg).toMatch(/\[profile apps-prd-devops\]\nsso_start_url = https:\/\/\S+\nsso_region = us-east-1\nsso_account_id = \d{12}\nsso_role_name = DevOps\n/);
    expect((await tempkey(['login', '--profile', 'apps-prd-devops', '--use-device-code', '--no-browser'], h.env)).status).toBe(0);
    const prdId = world.directory.accounts.find((a) => a.name === 'apps-prd')!.id!;
    const legacy = await go.whoami({ ...h.env, AWS_PROFILE: 'apps-prd-devops' });
    expect(legacy.arn, legacy.stderr).toBe(`arn:aws:sts::${prdId}:assumed-role/DevOps/alice`);
    const doc2 = await tempkey(['doctor', 'apps-prd-devops', '--offline', '--json'], h.env);
    expect(JSON.parse(doc2.stdout).checks.find((c: { id: string }) => c.id === 'profile.sso-form')?.found).toMatch(/legacy form \(sso_start_url/);
  });
});
