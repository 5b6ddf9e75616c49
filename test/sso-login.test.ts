import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SSOClient, ListAccountsCommand } from '@aws-sdk/client-sso';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type World } from './helpers/world.js';
import { repoRoot, run, tempkey } from './helpers/run.js';
import { tempHomes } from './helpers/temp-home.js';
import { accountId } from './helpers/world-home.js';

// IAM Identity Center end to end: configure sso, log in through a real headless
// Chromium (PKCE and device code), use the token (tempkey, boto3), refresh,
// the stale-session trap, one login for many processes, logout.
let world: World;
const tempHome = tempHomes();
const BROWSER = `${process.execPath} ${join(repoRoot, 'test/helpers/browser-approve.mjs')}`;

interface Home {
  home: string;
  env: NodeJS.ProcessEnv;
  browserLog: string;
  browserRuns: () => number;
}

async function newHome(): Promise<Home> {
  const home = tempHome('tempkey-sso-');
  const browserLog = join(home, 'browser.log');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    ...world.env(),
    TEMPKEY_BROWSER: BROWSER,
    BROWSER_LOG: browserLog,
  };
  const devstg = world.directory.accounts.find((a) => a.name === 'apps-devstg')!;
  const c = await tempkey(['configure', 'sso', '--session-name', 'acme', '--start-url', world.startUrl, '--region', 'us-east-1', '--profile', 'devstg', '--account-id', devstg.id!, '--role-name', 'DevOps'], env);
  expect(c.stderr).toContain('Wrote [sso-session acme] and [profile devstg]');
  expect(c.status).toBe(0);
  const browserRuns = () => (existsSync(browserLog) ? readFileSync(browserLog, 'utf8').split('\n').filter((l) => l.startsWith('http')).length : 0);
  return { home, env, browserLog, browserRuns };
}

const tokenFile = (h: Home) => join(h.home, '.aws/sso/cache', `${createHashHex('acme')}.json`);
function createHashHex(s: string): string {
  return createHash('sha1').update(s).digest('hex');
}
const devstgId = () => accountId(world, 'apps-devstg');

beforeAll(async () => {
  world = await startWorld();
}, 60_000);
afterAll(() => world?.stop());

describe('tempkey login', () => {
  it('PKCE in a real browser: token cached like the AWS CLI, used by tempkey and by boto3', async () => {
    const h = await newHome();
    world.clearLog();
    const login = await tempkey(['login', '--sso-session', 'acme'], h.env);
    expect(login.stderr).toContain('A browser window is open to sign in to');
    expect(login.stderr).toContain("Signed in to sso-session 'acme'");
    expect(login.status).toBe(0);
    expect(h.browserRuns()).toBe(1);
    expect(readFileSync(h.browserLog, 'utf8')).toContain('/authorize?response_type=code');
    // The browser (detached, as a real one is) shows tempkey's loopback page after the redirect.
    await expect.poll(() => readFileSync(h.browserLog, 'utf8'), { timeout: 10_000 }).toContain('result: tempkey has your sign-in.');
    expect(world.log().filter((e) => e.operation === 'CreateToken')).toHaveLength(1);

    const token = JSON.parse(readFileSync(tokenFile(h), 'utf8'));
    expect(Object.keys(token)).toEqual(['startUrl', 'region', 'accessToken', 'expiresAt', 'clientId', 'clientSecret', 'registrationExpiresAt', 'refreshToken']);
    expect(token.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    const who = await tempkey(['whoami', 'devstg', '--json'], h.env);
    expect(who.stderr).toBe('');
    expect(JSON.parse(who.stdout).arn).toBe(`arn:aws:sts::${devstgId()}:assumed-role/DevOps/alice`);

    // boto3, pointed at the emulator, uses the token tempkey wrote (no patching of botocore).
    const py = await run(
      'python3',
      ['-c', 'import boto3,json; s=boto3.Session(profile_name="devstg"); print(json.dumps(s.client("sts").get_caller_identity()["Arn"]))'],
      { ...h.env, AWS_ENDPOINT_URL_SSO: world.url },
    );
    expect(py.stderr).toBe('');
    expect(JSON.parse(py.stdout)).toBe(`arn:aws:sts::${devstgId()}:assumed-role/DevOps/alice`);
  }, 60_000);

  it('device code in a real browser; a denied sign-in fails clearly and writes no token', async () => {
    const h = await newHome();
    const login = await tempkey(['login', '--use-device-code'], h.env);
    expect(login.stderr).toMatch(/\/device\?user_code=[A-Z]{4}-[A-Z]{4}/);
    expect(login.stderr).toMatch(/check that it shows this code:\n\n {4}[A-Z]{4}-[A-Z]{4}/);
    expect(login.status).toBe(0);
    await expect.poll(() => readFileSync(h.browserLog, 'utf8'), { timeout: 10_000 }).toContain('result: Request approved.');
    expect(JSON.parse((await tempkey(['whoami', 'devstg', '--json'], h.env)).stdout).account).toBe(devstgId());

    const denied = await newHome();
    const r = await tempkey(['login', '--use-device-code'], { ...denied.env, BROWSER_DECISION: 'deny' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('was denied in the browser');
    expect(existsSync(tokenFile(denied))).toBe(false);
  }, 60_000);

  it('without a browser or terminal, a profile with no session fails at once with the login command', async () => {
    const h = await newHome();
    const r = await tempkey(['credential-process', '--profile', 'devstg'], { ...h.env, TEMPKEY_BROWSER: undefined });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('tempkey login --sso-session acme');
    expect(h.browserRuns()).toBe(0);
  });

  it('20 processes needing a login at once open one browser tab; all get credentials', async () => {
    const h = await newHome();
    world.clearLog();
    const runs = await Promise.all(Array.from({ length: 20 }, () => tempkey(['credential-process', '--profile', 'devstg'], h.env, { timeoutMs: 90_000 })));
    for (const r of runs) {
      expect(r.stderr).not.toContain('Error');
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ Version: 1, AccountId: devstgId() });
    }
    expect(h.browserRuns()).toBe(1);
    expect(world.log().filter((e) => e.operation === 'CreateToken')).toHaveLength(1);
    expect(world.log().filter((e) => e.operation === 'Authorize')).toHaveLength(1);
    expect(world.log().filter((e) => e.operation === 'GetRoleCredentials')).toHaveLength(1);
  }, 120_000);

  it('refreshes an expired access token silently; a session ended elsewhere is detected and replaced by one login', async () => {
    const h = await newHome();
    expect((await tempkey(['login'], h.env)).status).toBe(0);
    // Expire the access token: the next use refreshes it, no browser.
    const t = JSON.parse(readFileSync(tokenFile(h), 'utf8'));
    writeFileSync(tokenFile(h), JSON.stringify({ ...t, expiresAt: '2020-01-01T00:00:00Z' }));
    rmSync(join(h.home, '.aws/cli/cache'), { recursive: true, force: true });
    world.clearLog();
    const who = await tempkey(['whoami', 'devstg', '--json'], h.env);
    expect(who.status).toBe(0);
    expect(h.browserRuns()).toBe(1);
    expect(world.count('CreateToken')).toBe(1);
    const refreshed = JSON.parse(readFileSync(tokenFile(h), 'utf8'));
    expect(refreshed.accessToken).not.toBe(t.accessToken);
    expect(Date.parse(refreshed.expiresAt)).toBeGreaterThan(Date.now());

    // The portal ends the session (revoked elsewhere) although the token has not expired.
    await world.revokeTokens();
    rmSync(join(h.home, '.aws/cli/cache'), { recursive: true, force: true });
    const again = await tempkey(['whoami', 'devstg', '--json'], h.env);
    expect(again.stderr).toContain('rejected the cached token');
    expect(again.stderr).toContain('the session was ended elsewhere');
    expect(again.status).toBe(0);
    expect(h.browserRuns()).toBe(2);
  }, 90_000);
});

describe('tempkey logout', () => {
  it('ends the session at the portal and removes the token and every role-credential entry from it', async () => {
    const h = await newHome();
    expect((await tempkey(['login'], h.env)).status).toBe(0);
    expect((await tempkey(['whoami', 'devstg'], h.env)).status).toBe(0);
    const token = JSON.parse(readFileSync(tokenFile(h), 'utf8')).accessToken as string;
    expect(readdirSync(join(h.home, '.aws/cli/cache')).length).toBeGreaterThan(0);
    const out = await tempkey(['logout', '--json'], h.env);
    expect(out.status).toBe(0);
    expect(JSON.parse(out.stdout).portalLogout).toBe('done');
    expect(existsSync(tokenFile(h))).toBe(false);
    expect(readdirSync(join(h.home, '.aws/cli/cache')).filter((f) => f.endsWith('.json'))).toEqual([]);
    const portal = new SSOClient({ region: 'us-east-1', endpoint: world.url, maxAttempts: 1 });
    await expect(portal.send(new ListAccountsCommand({ accessToken: token }))).rejects.toMatchObject({ name: 'UnauthorizedException' });
    const after = await tempkey(['credential-process', '--profile', 'devstg'], { ...h.env, TEMPKEY_BROWSER: undefined });
    expect(after.status).toBe(1);
    expect(after.stderr).toContain('tempkey login --sso-session acme');
  }, 60_000);
});

describe('botocore interoperability', () => {
  it("tempkey uses a token written by botocore's own cache code", async () => {
    const h = await newHome();
    // boto3 does a device-code login against the emulator (approved over HTTP) and saves it as botocore does.
    const script = `
import boto3, datetime, json, os, urllib.request, urllib.parse
from botocore.utils import JSONFileCache
from botocore.tokens import _sso_json_dumps
oidc = boto3.client("sso-oidc", region_name="us-east-1")
reg = oidc.register_client(clientName="botocore", clientType="public")
auth = oidc.start_device_authorization(clientId=reg["clientId"], clientSecret=reg["clientSecret"], startUrl=os.environ["START_URL"])
body = urllib.parse.urlencode({"user_code": auth["userCode"], "username": "alice", "password": "alice-password", "decision": "approve"}).encode()
urllib.request.urlopen(os.environ["AWS_ENDPOINT_URL"] + "/device", body)
tok = oidc.create_token(clientId=reg["clientId"], clientSecret=reg["clientSecret"], grantType="urn:ietf:params:oauth:grant-type:device_code", deviceCode=auth["deviceCode"])
now = datetime.datetime.now(datetime.timezone.utc)
cache = JSONFileCache(os.path.expanduser("~/.aws/sso/cache"), dumps_func=_sso_json_dumps)
import hashlib
cache[hashlib.sha1(b"acme").hexdigest()] = {"startUrl": os.environ["START_URL"], "region": "us-east-1", "accessToken": tok["accessToken"], "expiresAt": now + datetime.timedelta(seconds=tok["expiresIn"]), "clientId": reg["clientId"], "clientSecret": reg["clientSecret"], "registrationExpiresAt": datetime.datetime.fromtimestamp(reg["clientSecretExpiresAt"], datetime.timezone.utc), "refreshToken": tok.get("refreshToken")}
`;
    const py = await run('python3', ['-c', script], { ...h.env, START_URL: world.startUrl });
    expect(py.stderr).toBe('');
    expect(py.status).toBe(0);
    const who = await tempkey(['whoami', 'devstg', '--json'], { ...h.env, TEMPKEY_BROWSER: undefined });
    expect(who.stderr).toBe('');
    expect(JSON.parse(who.stdout).arn).toBe(`arn:aws:sts::${devstgId()}:assumed-role/DevOps/alice`);
    expect(h.browserRuns()).toBe(0);
  }, 60_000);
});
