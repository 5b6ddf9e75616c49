import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempkey } from './helpers/run.js';

/**
 * Odd things where tempkey's files belong. Each is a clear error (or, for
 * config files, "absent" like botocore) BEFORE any AWS call: an MFA code is
 * not spent on a result that could not be saved. The AWS endpoint here only
 * counts requests; it must see none.
 */
let server: Server;
let requests = 0;
let home: string;
let env: NodeJS.ProcessEnv;
const roleKey = createHash('sha1').update(JSON.stringify({ RoleArn: 'arn:aws:iam::222222222222:role/Admin' }).replace(/":"/g, '": "').replace(/","/g, '", "')).digest('hex');

beforeAll(async () => {
  server = createServer((req, res) => {
    requests++;
    res.writeHead(500).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  home = mkdtempSync(join(tmpdir(), 'tempkey-odd-'));
  mkdirSync(join(home, '.aws'));
  writeFileSync(
    join(home, '.aws/config'),
    `[profile keys]\nregion = us-east-1\n\n[profile role]\nrole_arn = arn:aws:iam::222222222222:role/Admin\nsource_profile = keys\nregion = us-east-1\n\n` +
      `[profile mfa]\nmfa_serial = arn:aws:iam::111111111111:mfa/alice\nregion = us-east-1\n\n` +
      `[sso-session corp]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = us-east-1\n\n[profile sso]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = Dev\n`,
  );
  writeFileSync(join(home, '.aws/credentials'), `[keys]\naws_access_key_id = AKIAODDODDODDODDODD1\naws_secret_access_key = oddsecretoddsecretoddsecret0000000000000\n\n[mfa]\naws_access_key_id = AKIAODDODDODDODDODD2\naws_secret_access_key = oddsecretoddsecretoddsecret0000000000002\n`);
  env = { PATH: process.env.PATH, HOME: home, AWS_ENDPOINT_URL: `http://127.0.0.1:${(server.address() as { port: number }).port}`, AWS_EC2_METADATA_DISABLED: 'true', TEMPKEY_NO_LOGIN: '1' };
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(home, { recursive: true, force: true });
});

describe('odd files where tempkey writes', () => {
  it('a directory where the role cache entry belongs: clear error, no AWS call', async () => {
    mkdirSync(join(home, '.aws/cli/cache', `${roleKey}.json`), { recursive: true });
    requests = 0;
    const r = await tempkey(['credential-process', '--profile', 'role'], env);
    rmSync(join(home, '.aws/cli'), { recursive: true, force: true });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${roleKey}.json (the cache entry of AssumeRole`);
    expect(r.stderr).toMatch(/it is a directory/);
    expect(r.stderr).toMatch(/fix: Move it away/);
    expect(requests).toBe(0);
  });

  it('a file where the locks directory belongs: clear error before the MFA code is used', async () => {
    rmSync(join(home, '.aws/tempkey'), { recursive: true, force: true });
    mkdirSync(join(home, '.aws/tempkey'), { recursive: true });
    writeFileSync(join(home, '.aws/tempkey/locks'), 'not a directory');
    requests = 0;
    const r = await tempkey(['credential-process', '--profile', 'mfa', '--mfa-token', '123456'], env);
    rmSync(join(home, '.aws/tempkey'), { recursive: true, force: true });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/a file is in the way where tempkey needs a directory/);
    expect(r.stderr).toContain(`mv '${join(home, '.aws/tempkey/locks')}'`);
    expect(r.stderr).not.toMatch(/unexpected error/);
    expect(requests).toBe(0);
  });

  it('a directory where the SSO token file belongs: clear error, no login attempted', async () => {
    const tokenPath = join(home, '.aws/sso/cache', `${createHash('sha1').update('corp').digest('hex')}.json`);
    mkdirSync(tokenPath, { recursive: true });
    requests = 0;
    const r = await tempkey(['credential-process', '--profile', 'sso'], env);
    rmSync(join(home, '.aws/sso'), { recursive: true, force: true });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${tokenPath} (the SSO token cache file) cannot be used: it is a directory`);
    expect(requests).toBe(0);
  });

  it('a damaged token file is called damaged, not "no token"', async () => {
    const tokenPath = join(home, '.aws/sso/cache', `${createHash('sha1').update('corp').digest('hex')}.json`);
    mkdirSync(join(home, '.aws/sso/cache'), { recursive: true });
    writeFileSync(tokenPath, '{"accessToken": "abc", "expiresAt": ');
    const r = await tempkey(['credential-process', '--profile', 'sso'], env);
    rmSync(join(home, '.aws/sso'), { recursive: true, force: true });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`The SSO token file of sso-session 'corp' is damaged: ${tokenPath}`);
    expect(r.stderr).not.toMatch(/no token/i);
  });
});

describe('odd files named as config files', () => {
  const list = (extra: NodeJS.ProcessEnv) => tempkey(['profiles', 'list'], { ...env, ...extra }, { timeoutMs: 20_000 });

  it('/dev/zero, a directory and a FIFO are treated as absent, like botocore (no hang, no crash)', async () => {
    const fifo = join(home, 'fifo');
    execFileSync('mkfifo', [fifo]);
    for (const path of ['/dev/zero', join(home, '.aws'), fifo]) {
      const r = await list({ AWS_CONFIG_FILE: path });
      expect(r.status, `${path}: ${r.stderr}`).toBe(0);
      expect(r.stdout).not.toContain('role'); // no profile from that "file"
      expect(r.stdout).toContain('keys'); // the credentials file still counts
    }
    // botocore agrees: such a path is no config at all.
    const py = execFileSync('python3', ['-c', 'import botocore.session as s; print(sorted(s.Session().available_profiles))'], { env: { ...env, AWS_CONFIG_FILE: '/dev/zero' }, encoding: 'utf8' });
    expect(py.trim()).toBe("['keys', 'mfa']");
  });

  it('a config file over the size limit is a clear error', async () => {
    const big = join(home, 'big-config');
    writeFileSync(big, '[default]\n');
    truncateSync(big, 17 * 1024 * 1024);
    const r = await list({ AWS_CONFIG_FILE: big });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${big} is ${17 * 1024 * 1024} bytes`);
  });
});
