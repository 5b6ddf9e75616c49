import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  assumeRoleCacheJson,
  isFresh,
  parseCacheTime,
  readCredentialCache,
  ssoRoleCacheKey,
  writeSsoRoleCache,
} from './credential-cache.js';

const dir = mkdtempSync(join(tmpdir(), 'tempkey-cc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('credential cache files', () => {
  it('assume-role JSON is what Python json.dumps writes for the same response', () => {
    const text = assumeRoleCacheJson({
      credentials: { accessKeyId: 'ASIAX', secretAccessKey: 's/é', sessionToken: 't', expiration: new Date('2030-01-01T13:00:00Z'), accountId: '222222222222' },
      assumedRoleArn: 'arn:aws:sts::222222222222:assumed-role/Dev/s',
      assumedRoleId: 'AROA:s',
      requestId: 'r-1',
      httpStatusCode: 200,
    });
    const py = execFileSync('python3', ['-c', 'import json,sys;print(json.dumps(json.loads(sys.argv[1])), end="")', text], { encoding: 'utf8' });
    expect(text).toBe(py);
    expect(text).toContain('"Expiration": "2030-01-01T13:00:00UTC"');
  });

  it('SSO role entries are read back by botocore SSOCredentialFetcher from its cache, and by us', async () => {
    const key = ssoRoleCacheKey({ accountId: '123456789012', roleName: 'Admin', sessionName: 'my-sso' });
    expect(key).toBe('c30b99aca80d8f5b3178e353f05b2abcc9a4ccd3');
    const path = join(dir, `${key}.json`);
    await writeSsoRoleCache(path, { accessKeyId: 'ASIASSO', secretAccessKey: 'sec', sessionToken: 'tok', expiration: new Date('2030-01-01T13:00:00Z'), accountId: '123456789012' });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ ProviderType: 'sso', Credentials: { Expiration: '2030-01-01T13:00:00Z' } });
    const py = `
import sys, botocore.utils as u, botocore.credentials as c
f = c.SSOCredentialFetcher('https://d-1234567890.awsapps.com/start', 'us-east-1', 'Admin', '123456789012', client_creator=None, cache=u.JSONFileCache(sys.argv[1]), sso_session_name='my-sso')
print(f.fetch_credentials()['access_key'])`;
    expect(execFileSync('python3', ['-c', py, dir], { encoding: 'utf8' }).trim()).toBe('ASIASSO');
    expect(await readCredentialCache(path)).toMatchObject({ accessKeyId: 'ASIASSO', accountId: '123456789012' });
  });

  it('reads every expiration form found in caches, and treats garbage as no entry', async () => {
    expect(parseCacheTime('2025-01-01T13:00:00UTC')?.toISOString()).toBe('2025-01-01T13:00:00.000Z');
    expect(parseCacheTime('2025-01-01T13:00:00Z')?.toISOString()).toBe('2025-01-01T13:00:00.000Z');
    expect(parseCacheTime('2025-01-01T13:00:00+00:00')?.toISOString()).toBe('2025-01-01T13:00:00.000Z');
    expect(parseCacheTime('2025-01-01T13:00:00.123Z')?.toISOString()).toBe('2025-01-01T13:00:00.123Z');
    expect(parseCacheTime('soon')).toBeUndefined();
    expect(await readCredentialCache(join(dir, 'missing.json'))).toBeUndefined();
    expect(isFresh({ expiration: new Date(1_000_000) }, new Date(1_000_000 - 899_000), 900)).toBe(false);
    expect(isFresh({ expiration: new Date(1_000_000) }, new Date(1_000_000 - 901_000), 900)).toBe(true);
  });
});
