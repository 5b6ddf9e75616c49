import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  assumeRoleCacheKey,
  pythonJsonDumps,
  ssoClientRegistrationCacheKey,
  ssoRoleCacheKey,
  ssoTokenCacheKey,
} from './cache-keys.js';

/** Runs Python's own json.dumps + sha1 on each case; the AWS CLI names its cache files this way. */
function pythonKeys(cases: { args: unknown; compact: boolean }[]): string[] {
  const script = `
import hashlib, json, sys
out = []
for c in json.load(sys.stdin):
    seps = (',', ':') if c['compact'] else (', ', ': ')
    out.append(hashlib.sha1(json.dumps(c['args'], sort_keys=True, separators=seps).encode('utf-8')).hexdigest())
print(json.dumps(out))
`;
  return JSON.parse(execFileSync('python3', ['-c', script], { input: JSON.stringify(cases) }).toString());
}

describe('cache keys shared with the AWS CLI', () => {
  it('matches the worked examples in PROTOCOLS.md', () => {
    expect(assumeRoleCacheKey({ RoleArn: 'arn:aws:iam::123456789012:role/Admin' })).toBe(
      '51e7b105b5040ce662656c8dc6ab4de70c4de7ad',
    );
    expect(ssoRoleCacheKey({ accountId: '123456789012', roleName: 'Admin', sessionName: 'my-sso' })).toBe(
      'c30b99aca80d8f5b3178e353f05b2abcc9a4ccd3',
    );
  });

  it('writes JSON exactly like Python json.dumps(sort_keys=True), escaping non-ASCII', () => {
    expect(pythonJsonDumps({ b: 1, a: 'é"\\\n', c: null })).toBe('{"a": "\\u00e9\\"\\\\\\n", "b": 1, "c": null}');
    expect(pythonJsonDumps({ x: ['😀'] }, [',', ':'])).toBe('{"x":["\\ud83d\\ude00"]}');
  });

  it('agrees with python3 on assume-role, SSO role, and registration keys for tricky inputs', () => {
    const assume = [
      { RoleArn: 'arn:aws:iam::123456789012:role/Admin' },
      { RoleArn: 'arn:aws:iam::1:role/x', RoleSessionName: 'alice', DurationSeconds: 3600 },
      { RoleArn: 'arn:aws:iam::1:role/x', ExternalId: 'ext "quoted" \\ back', SerialNumber: 'arn:aws:iam::1:mfa/a' },
      { RoleArn: 'arn:aws:iam::1:role/ünïcødé', RoleSessionName: '日本語', ExternalId: 'tab\there\u0001' },
      { RoleArn: 'arn:aws:iam::1:role/emoji😀', DurationSeconds: 43200, ExternalId: '\u007f' },
    ];
    const sso = [
      { accountId: '123456789012', roleName: 'Admin', sessionName: 'my-sso' },
      { accountId: '111111111111', roleName: 'Read Only', startUrl: 'https://d-1234567890.awsapps.com/start' },
      { accountId: '222222222222', roleName: 'Rôle', sessionName: 'sessión' },
    ];
    const reg = [
      { startUrl: 'https://d-1234567890.awsapps.com/start', region: 'us-east-1', scopes: ['sso:account:access'], session_name: 'acme' },
      { startUrl: 'https://d-1234567890.awsapps.com/start', region: 'eu-west-1', scopes: null, session_name: null },
    ];
    const expected = pythonKeys([
      ...assume.map((args) => ({ args, compact: false })),
      ...sso.map((args) => ({ args, compact: true })),
      ...reg.map((r) => ({ args: { tool: 'botocore', ...r }, compact: false })),
    ]);
    const ours = [
      ...assume.map((a) => assumeRoleCacheKey(a)),
      ...sso.map((s) => ssoRoleCacheKey(s)),
      ...reg.map((r) => ssoClientRegistrationCacheKey(r)),
    ];
    expect(ours).toEqual(expected);
  });

  it('keys the SSO token by session name, or start URL for legacy profiles', () => {
    const sha1 = (t: string) =>
      execFileSync('python3', ['-c', 'import hashlib,sys;print(hashlib.sha1(sys.argv[1].encode()).hexdigest())', t])
        .toString()
        .trim();
    const [bySession, byUrl] = [sha1('my-sso'), sha1('https://d-1234567890.awsapps.com/start')];
    expect(ssoTokenCacheKey('my-sso')).toBe(bySession);
    expect(ssoTokenCacheKey('https://d-1234567890.awsapps.com/start')).toBe(byUrl);
  });
});
