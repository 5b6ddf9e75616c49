import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempkey } from './helpers/run.js';

/**
 * An endpoint that accepts connections and never answers (a hung proxy, a
 * firewall that swallows packets after the handshake). Every AWS call has a
 * connection and a request timeout (TEMPKEY_HTTP_TIMEOUT, 60 s by default
 * like botocore), so credential-process ends with an error naming the
 * endpoint, and the callers queued on the same lock end with it.
 */
let hang: Server;
let url: string;
const sockets: Socket[] = [];
let home: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  hang = createServer((s) => {
    sockets.push(s);
    s.on('error', () => {});
  });
  await new Promise<void>((r) => hang.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(hang.address() as { port: number }).port}`;
  home = mkdtempSync(join(tmpdir(), 'tempkey-hang-'));
  mkdirSync(join(home, '.aws/sso/cache'), { recursive: true });
  writeFileSync(
    join(home, '.aws/config'),
    `[profile keys]\nregion = us-east-1\n\n[profile role]\nrole_arn = arn:aws:iam::222222222222:role/Admin\nsource_profile = keys\nregion = us-east-1\n\n` +
      `[sso-session corp]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = us-east-1\n\n[profile sso]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = Dev\nregion = us-east-1\n`,
  );
  writeFileSync(join(home, '.aws/credentials'), `[keys]\naws_access_key_id = AKIAHANGHANGHANGHANG\naws_secret_access_key = hangsecrethangsecrethangsecret0000000000\n\n[session]\naws_access_key_id = ASIAHANGHANGHANGHANG\naws_secret_access_key = hangsecrethangsecrethangsecret0000000001\naws_session_token = hangsessiontoken\n`);
  // A valid cached token: GetRoleCredentials is the first call.
  const { createHash } = await import('node:crypto');
  writeFileSync(
    join(home, '.aws/sso/cache', `${createHash('sha1').update('corp').digest('hex')}.json`),
    JSON.stringify({ startUrl: 'https://d-1234567890.awsapps.com/start', region: 'us-east-1', accessToken: 'hang-access-token', expiresAt: new Date(Date.now() + 8 * 3600e3).toISOString().replace(/\.\d+Z$/, 'Z') }),
  );
  env = {
    PATH: process.env.PATH,
    HOME: home,
    AWS_CONFIG_FILE: join(home, '.aws/config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws/credentials'),
    AWS_ENDPOINT_URL: url,
    AWS_EC2_METADATA_DISABLED: 'true',
    TEMPKEY_HTTP_TIMEOUT: '1',
    TEMPKEY_NO_LOGIN: '1',
  };
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => hang.close(r));
  rmSync(home, { recursive: true, force: true });
});

describe('an endpoint that accepts and never answers', () => {
  it('STS: credential-process ends with an error naming the endpoint and the call; the callers waiting on the lock end with it', async () => {
    const outs = await Promise.all(Array.from({ length: 4 }, () => tempkey(['credential-process', '--profile', 'role'], env, { timeoutMs: 90_000 })));
    for (const o of outs) {
      expect(o.status).not.toBe(0);
      expect(o.status).not.toBeNull(); // ended by itself, not by the test's kill
      expect(o.stdout).toBe('');
      expect(o.stderr).toContain(`STS at ${url} did not answer AssumeRole`);
      expect(o.stderr).toMatch(/within 1 s/);
      expect(o.stderr).toMatch(/fix: .*TEMPKEY_HTTP_TIMEOUT/);
      expect(o.stderr).not.toMatch(/unexpected error/);
    }
  }, 120_000);

  it('the SSO portal: GetRoleCredentials times out with the portal endpoint named', async () => {
    const o = await tempkey(['credential-process', '--profile', 'sso'], env, { timeoutMs: 60_000 });
    expect(o.status).not.toBe(0);
    expect(o.status).not.toBeNull();
    expect(o.stderr).toContain(`The SSO portal at ${url} did not answer GetRoleCredentials`);
    expect(o.stderr).not.toContain('hang-access-token');
  }, 90_000);

  it('the console federation endpoint: getSigninToken times out with the endpoint named', async () => {
    const o = await tempkey(['console', 'session', '--url'], env, { timeoutMs: 30_000 });
    expect(o.status).toBe(1);
    expect(o.stderr).toContain(`The console federation endpoint at ${url}/federation did not answer getSigninToken within 1 s`);
    expect(o.stderr).not.toContain('hangsessiontoken');
  }, 40_000);
});
