import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assumeRoleCacheKey } from '../src/files/cache-keys.js';
import { sdkInUse } from './helpers/sdk-in-use.js';

// A role profile whose AssumeRole result is already in ~/.aws/cli/cache (as the AWS CLI
// would have left it): credential-process must answer from it without loading any SDK.
const root = resolve(__dirname, '..');
const roleArn = 'arn:aws:iam::123456789012:role/Hot';
let home: string;
/** The full CLI, or a command's own full bundle (dist/cmd/): what runs when the cached path did not answer. */
const FULL_CLI = /dist\/(cli|cmd\/[a-z.-]+)\.cjs/;
let env: NodeJS.ProcessEnv;
let cachePath: string;

function writeCacheEntry(expiresInSec: number) {
  const exp = new Date(Date.now() + expiresInSec * 1000).toISOString().replace(/\.\d{3}Z$/, 'UTC');
  mkdirSync(join(home, '.aws/cli/cache'), { recursive: true });
  writeFileSync(
    cachePath,
    JSON.stringify({
      Credentials: { AccessKeyId: 'ASIAHOTHOTHOTHOTHOT1', SecretAccessKey: 'hotsecrethotsecrethotsecret', SessionToken: 'hottoken', Expiration: exp, AccountId: '123456789012' },
      AssumedRoleUser: { AssumedRoleId: 'AROAHOT:botocore-session-1', Arn: 'arn:aws:sts::123456789012:assumed-role/Hot/botocore-session-1' },
      ResponseMetadata: { RequestId: 'r', HTTPStatusCode: 200, HTTPHeaders: {}, RetryAttempts: 0 },
    }),
  );
}

function tempkey(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  const trace = join(home, `trace-${Math.random().toString(36).slice(2)}.txt`);
  const r = spawnSync(process.execPath, ['--import', join(root, 'test/helpers/trace-imports.mjs'), join(root, 'bin/tempkey.js'), ...args], {
    env: { ...env, TRACE_IMPORTS_FILE: trace, ...extraEnv },
    encoding: 'utf8',
    timeout: 30_000,
  });
  const modules = existsSync(trace) ? readFileSync(trace, 'utf8').split('\n').filter(Boolean) : [];
  return { ...r, modules };
}

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'tempkey-hot-'));
  mkdirSync(join(home, '.aws'), { recursive: true });
  writeFileSync(join(home, '.aws/config'), `[profile hot]\nrole_arn = ${roleArn}\nsource_profile = base\nregion = us-east-1\n`);
  writeFileSync(join(home, '.aws/credentials'), `[base]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n`);
  cachePath = join(home, '.aws/cli/cache', `${assumeRoleCacheKey({ RoleArn: roleArn })}.json`);
  // Nothing listens on port 1: a cold path fails fast instead of reaching anything.
  env = { PATH: process.env.PATH, HOME: home, AWS_ENDPOINT_URL: 'http://127.0.0.1:1', AWS_MAX_ATTEMPTS: '1' };
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('credential-process on a fresh cache entry', () => {
  it('prints the cached credentials and loads no @aws-sdk or @smithy module', () => {
    writeCacheEntry(3600);
    // First call: the full CLI resolves the profile (still no SDK) and records the hot-path index.
    const first = tempkey(['credential-process', '--profile', 'hot']);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ Version: 1, AccessKeyId: 'ASIAHOTHOTHOTHOTHOT1', SessionToken: 'hottoken', AccountId: '123456789012' });
    expect(first.modules.some((m) => FULL_CLI.test(m))).toBe(true); // the tracer sees the program
    expect(first.modules.filter((m) => sdkInUse(m))).toEqual([]);
    // Next calls: the small bundle answers alone.
    const next = tempkey(['credential-process', '--profile', 'hot']);
    expect(next.stdout).toBe(first.stdout);
    expect(next.modules.some((m) => m.includes('dist/fast.cjs'))).toBe(true);
    expect(next.modules.filter((m) => sdkInUse(m) || FULL_CLI.test(m))).toEqual([]);
  });

  it('an edited config file or another environment is resolved again, not served from the index', () => {
    writeCacheEntry(3600);
    tempkey(['credential-process', '--profile', 'hot']);
    // Same profile name, now pointing at another role: the old entry must not be served.
    writeFileSync(join(home, '.aws/config'), `[profile hot]\nrole_arn = arn:aws:iam::123456789012:role/Other\nsource_profile = base\n`);
    const r = tempkey(['credential-process', '--profile', 'hot']);
    expect(r.status).not.toBe(0); // no cache for the new role, and STS is unreachable
    expect(r.modules.some((m) => FULL_CLI.test(m))).toBe(true);
    writeFileSync(join(home, '.aws/config'), `[profile hot]\nrole_arn = ${roleArn}\nsource_profile = base\nregion = us-east-1\n`);
    const other = tempkey(['credential-process', '--profile', 'hot'], { AWS_REGION: 'eu-west-1' });
    expect(other.status).toBe(0);
    expect(other.modules.some((m) => FULL_CLI.test(m))).toBe(true);
  });

  it('a stale entry makes it call STS, which loads the SDK (the tracer can see it)', () => {
    writeCacheEntry(60); // inside the 15-minute refresh margin
    const r = tempkey(['credential-process', '--profile', 'hot']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/Could not reach STS at http:\/\/127\.0\.0\.1:1/);
    expect(r.modules.some(sdkInUse)).toBe(true);
    // The failed refresh left the old entry untouched.
    expect(JSON.parse(readFileSync(cachePath, 'utf8')).Credentials.AccessKeyId).toBe('ASIAHOTHOTHOTHOTHOT1');
  });

  it('the cached path is built without any package inside: its source map lists tempkey sources only', () => {
    const map = JSON.parse(readFileSync(join(root, 'dist/fast.cjs.map'), 'utf8')) as { sources: string[] };
    expect(map.sources.length).toBeGreaterThan(10);
    expect(map.sources.filter((s) => s.includes('node_modules'))).toEqual([]);
  });
});
