import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type World } from './helpers/world.js';
import { repoRoot, run, tempkey } from './helpers/run.js';

// Console credentials (`aws login`): tempkey runs the sign-in itself in a real
// headless Chromium against the emulator's sign-in service, writes the AWS
// CLI's login cache, refreshes the 15-minute keys with a DPoP-bound refresh
// token; the JS SDK's own login provider reads and refreshes the same file.
let world: World;
let home: string;
let env: NodeJS.ProcessEnv;
const cacheFile = (session: string) => join(home, '.aws/login/cache', `${createHash('sha256').update(session).digest('hex')}.json`);

beforeAll(async () => {
  world = await startWorld();
  home = mkdtempSync(join(tmpdir(), 'tempkey-console-login-'));
  env = { PATH: process.env.PATH, HOME: home, ...world.env(), TEMPKEY_BROWSER: `${process.execPath} ${join(repoRoot, 'test/helpers/browser-approve.mjs')}`, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
}, 60_000);
afterAll(async () => {
  await world?.stop();
  rmSync(home, { recursive: true, force: true });
});

describe('tempkey login --console', () => {
  let session: string;

  it('signs in through the browser (PKCE + DPoP) and writes the AWS CLI login cache and login_session', async () => {
    world.clearLog();
    const r = await tempkey(['login', '--console', '--profile', 'dev', '--json'], env);
    expect(r.stderr).toContain('/v1/authorize?response_type=code');
    expect(r.status).toBe(0);
    session = JSON.parse(r.stdout).session;
    expect(session).toBe(`arn:aws:sts::${world.directory.accounts[0]!.id}:assumed-role/ConsoleAccess/alice`);
    expect(readFileSync(join(home, '.aws/config'), 'utf8')).toBe(`[profile dev]\nlogin_session = ${session}\nregion = us-east-1\n`);
    const t = JSON.parse(readFileSync(cacheFile(session), 'utf8'));
    expect(Object.keys(t).sort()).toEqual(['accessToken', 'clientId', 'dpopKey', 'idToken', 'refreshToken', 'signInRegion', 'tokenType']);
    expect(Object.keys(t.accessToken).sort()).toEqual(['accessKeyId', 'accountId', 'expiresAt', 'secretAccessKey', 'sessionToken']);
    expect(t.dpopKey).toMatch(/^-----BEGIN EC PRIVATE KEY-----/);
    expect(world.count('CreateOAuth2Token')).toBe(1);
    const who = await tempkey(['whoami', 'dev', '--json'], env);
    expect(JSON.parse(who.stdout).arn).toBe(session);
  }, 60_000);

  it('refreshes the 15-minute keys with the refresh token when they are about to expire', async () => {
    const before = JSON.parse(readFileSync(cacheFile(session), 'utf8'));
    writeFileSync(cacheFile(session), JSON.stringify({ ...before, accessToken: { ...before.accessToken, expiresAt: '2020-01-01T00:00:00Z' } }));
    world.clearLog();
    const who = await tempkey(['whoami', 'dev', '--json'], env);
    expect(who.stderr).toBe('');
    expect(JSON.parse(who.stdout).arn).toBe(session);
    expect(world.count('CreateOAuth2Token')).toBe(1);
    const after = JSON.parse(readFileSync(cacheFile(session), 'utf8'));
    expect(after.accessToken.accessKeyId).not.toBe(before.accessToken.accessKeyId);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(Date.parse(after.accessToken.expiresAt)).toBeGreaterThan(Date.now() + 10 * 60_000);
  }, 60_000);

  it("the JS SDK's own login provider uses (and refreshes) the session tempkey wrote; tempkey reads what it wrote back", async () => {
    const t = JSON.parse(readFileSync(cacheFile(session), 'utf8'));
    writeFileSync(cacheFile(session), JSON.stringify({ ...t, accessToken: { ...t.accessToken, expiresAt: '2020-01-01T00:00:00Z' } }));
    world.clearLog();
    const script = `const {fromLoginCredentials}=require(${JSON.stringify(join(repoRoot, 'node_modules/@aws-sdk/credential-provider-login'))});
fromLoginCredentials({profile:'dev'})().then(c=>console.log(JSON.stringify({id:c.accessKeyId,exp:c.expiration})),e=>{console.error(e.name+': '+e.message);process.exit(1)})`;
    const js = await run(process.execPath, ['-e', script], { ...env, AWS_REGION: 'us-east-1' });
    expect(js.stderr).toBe('');
    expect(world.count('CreateOAuth2Token')).toBe(1);
    const written = JSON.parse(readFileSync(cacheFile(session), 'utf8'));
    expect(written.accessToken.accessKeyId).toBe(JSON.parse(js.stdout).id);
    world.clearLog();
    const who = await tempkey(['whoami', 'dev', '--json'], env);
    expect(JSON.parse(who.stdout).arn).toBe(session);
    expect(world.count('CreateOAuth2Token')).toBe(0);
  }, 60_000);

  it('a profile whose login session is gone says how to sign in again', async () => {
    rmSync(cacheFile(session));
    const r = await tempkey(['whoami', 'dev'], env);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('tempkey login --console --profile dev');
    expect(existsSync(cacheFile(session))).toBe(false);
  });
});
