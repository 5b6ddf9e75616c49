import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assumeRoleCacheKey } from '../files/cache-keys.js';
import { ACME_MFA_USER, DEV_ROLE_FROM_ACME } from '../../test/helpers/config-fixtures.js';

/** Runs the built CLI in a temp HOME, the way a person would. */
const home = mkdtempSync(join(tmpdir(), 'tempkey-explain-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));
const aws = join(home, '.aws');
mkdirSync(join(aws, 'cli', 'cache'), { recursive: true });

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
writeFileSync(join(aws, 'credentials'), `[acme]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = ${SECRET}\n`);
writeFileSync(
  join(aws, 'config'),
  [
    ...ACME_MFA_USER,
    '',
    ...DEV_ROLE_FROM_ACME,
    '',
    '[sso-session org]',
    'sso_start_url = https://d-1234567890.awsapps.com/start',
    'sso_region = us-east-1',
    '',
    '[profile sso-admin]',
    'sso_session = org',
    'sso_account_id = 333333333333',
    'sso_role_name = Admin',
    '',
  ].join('\n'),
);
// A fresh AWS CLI cache entry for dev's role: explain must say it is fresh.
const roleKey = assumeRoleCacheKey({ RoleArn: 'arn:aws:iam::222222222222:role/DevOps' });
const in2h = new Date(Date.now() + 2 * 3600_000).toISOString().replace(/\.\d{3}Z$/, 'UTC');
writeFileSync(
  join(aws, 'cli', 'cache', `${roleKey}.json`),
  JSON.stringify({ Credentials: { AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: 'cachedSecretValue123', SessionToken: 'tok', Expiration: in2h } }),
);

function tempkey(...args: string[]) {
  const r = spawnSync(process.execPath, [process.env.TEMPKEY_TEST_CLI ?? 'bin/tempkey.js', ...args], {
    env: { PATH: process.env.PATH, HOME: home, AWS_EC2_METADATA_DISABLED: 'true' },
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('tempkey explain', () => {
  it('tells a person what will happen for a role profile, and why, without secrets', () => {
    const r = tempkey('explain', 'dev');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Profile  dev (given with --profile)');
    expect(r.stdout).toContain(`config       ${join(aws, 'config')}`);
    expect(r.stdout).toMatch(/1\. Long-term keys of profile 'acme'/);
    expect(r.stdout).toMatch(/2\. GetSessionToken mfa=arn:aws:iam::111111111111:mfa\/alice/);
    expect(r.stdout).toMatch(/3\. AssumeRole arn:aws:iam::222222222222:role\/DevOps/);
    expect(r.stdout).toContain(`${roleKey}.json (cli-cache, lifetime 1h): fresh until`);
    expect(r.stdout).toMatch(/✓ assume-role\s+applied/);
    expect(r.stdout).toContain("Precedence rules for 'acme' (source profile)");
    expect(r.stdout).not.toContain(SECRET);
    expect(r.stdout).not.toContain('cachedSecretValue123');
  });

  it('--json gives the plan, the decisions and the cache state', () => {
    const r = tempkey('explain', '--profile', 'sso-admin', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.profile).toBe('sso-admin');
    expect(j.steps[0]).toMatchObject({ kind: 'sso-role', accountId: '333333333333', roleName: 'Admin', ssoSession: 'org' });
    expect(j.cacheStatus).toEqual([{ state: 'missing' }]);
    expect(j.decisions.filter((d: { applied: boolean }) => d.applied).map((d: { rule: string }) => d.rule)).toEqual(['sso']);
  });

  it('an unknown profile fails with a suggestion and a fix', () => {
    const r = tempkey('explain', 'dve');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Profile 'dve' (the PROFILE argument)");
    expect(r.stderr).toContain('Did you mean: dev?');
    expect(r.stderr).toContain('fix:');
  });
});

describe('tempkey profiles list', () => {
  it('lists name, kind, region and where each profile is defined', () => {
    const r = tempkey('profiles', 'list', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      { name: 'acme', kind: 'static', region: 'eu-west-1', file: join(aws, 'config'), line: 1 },
      { name: 'dev', kind: 'assume-role', file: join(aws, 'config'), line: 5 },
      { name: 'sso-admin', kind: 'sso', file: join(aws, 'config'), line: 13 },
    ]);
    const text = tempkey('profiles', 'list').stdout;
    expect(text).toMatch(/^PROFILE\s+KIND\s+REGION\s+DEFINED AT$/m);
    expect(text).toMatch(/^sso-admin\s+sso\s+-\s+.+config:13$/m);
  });
});
