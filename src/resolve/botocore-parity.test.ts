import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isTempkeyError } from '../lib/errors.js';
import type { PrecedenceRule } from './plan.js';
import { loadPlan } from '../core/credentials/load-plan.js';

/**
 * The same config setups resolved by botocore (the AWS CLI's engine) and by
 * tempkey: the rule tempkey applies first must be the provider botocore picks,
 * and what botocore refuses, tempkey refuses. botocore's assume-role and SSO
 * providers are deferred, so nothing here reaches the network; IMDS is off.
 * (botocore fetches container credentials eagerly, so the container rule is
 * checked in resolve.test.ts instead.)
 */

const BOTOCORE_METHOD: Record<PrecedenceRule, string | null> = {
  'cli-options': 'explicit',
  environment: 'env',
  'assume-role': 'assume-role',
  'web-identity': 'assume-role-with-web-identity',
  sso: 'sso',
  'credentials-file': 'shared-credentials-file',
  login: 'login',
  'credential-process': 'custom-process',
  'config-file': 'config-file',
  container: 'container-role',
  'instance-metadata': null,
};

interface Case {
  name: string;
  config?: string;
  credentials?: string;
  env?: Record<string, string>;
  /** Passed like `--profile` (botocore: Session(profile=...)). */
  flagProfile?: string;
}

const STATIC = (name: string) => `[${name}]\naws_access_key_id = AKIAEXAMPLE0000${name.length}\naws_secret_access_key = secret\n`;
const ROLE = 'arn:aws:iam::123456789012:role/Admin';
// A harmless credential_process: echo prints a valid Version 1 document.
const PROCESS = `credential_process = echo '{"Version": 1, "AccessKeyId": "AKIAPROC", "SecretAccessKey": "x"}'`;
const SSO_SESSION = '[sso-session acme]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = us-east-1\n';

const CASES: Case[] = [
  { name: 'static keys in the credentials file', credentials: STATIC('default') },
  { name: 'static keys in the config file', config: '[profile dev]\naws_access_key_id = AKIA1\naws_secret_access_key = x\n', flagProfile: 'dev' },
  { name: 'credentials file beats config file', config: '[default]\naws_access_key_id = AKIA1\naws_secret_access_key = x\n', credentials: STATIC('default') },
  { name: 'env keys with AWS_PROFILE', credentials: STATIC('dev'), env: { AWS_PROFILE: 'dev', AWS_ACCESS_KEY_ID: 'AKIAENV', AWS_SECRET_ACCESS_KEY: 'x' } },
  { name: 'env keys dropped for explicit profile', credentials: STATIC('dev'), env: { AWS_ACCESS_KEY_ID: 'AKIAENV', AWS_SECRET_ACCESS_KEY: 'x' }, flagProfile: 'dev' },
  { name: 'env keys, no files', env: { AWS_ACCESS_KEY_ID: 'AKIAENV', AWS_SECRET_ACCESS_KEY: 'x' } },
  { name: 'assume role from static source', config: `[profile dev]\nrole_arn = ${ROLE}\nsource_profile = base\n`, credentials: STATIC('base'), flagProfile: 'dev' },
  {
    name: 'role chain of three',
    config: `[profile a]\nrole_arn = ${ROLE}\nsource_profile = b\n[profile b]\nrole_arn = ${ROLE}\nsource_profile = c\n`,
    credentials: STATIC('c'),
    env: { AWS_PROFILE: 'a' },
  },
  { name: 'role_arn beats static keys in the same profile', config: `[profile dev]\nrole_arn = ${ROLE}\nsource_profile = base\n`, credentials: STATIC('dev') + STATIC('base'), flagProfile: 'dev' },
  { name: 'self-referencing source with keys', config: `[profile dev]\nrole_arn = ${ROLE}\nsource_profile = dev\n`, credentials: STATIC('dev'), flagProfile: 'dev' },
  { name: 'assume role from an SSO source', config: `${SSO_SESSION}[profile s]\nsso_session = acme\nsso_account_id = 111111111111\nsso_role_name = R\n[profile dev]\nrole_arn = ${ROLE}\nsource_profile = s\n`, flagProfile: 'dev' },
  { name: 'credential_source Environment', config: `[profile ci]\nrole_arn = ${ROLE}\ncredential_source = Environment\n`, env: { AWS_ACCESS_KEY_ID: 'AKIAENV', AWS_SECRET_ACCESS_KEY: 'x' }, flagProfile: 'ci' },
  { name: 'web identity in the profile', config: `[profile gh]\nrole_arn = ${ROLE}\nweb_identity_token_file = /nonexistent/token\n`, flagProfile: 'gh' },
  { name: 'web identity from the environment', env: { AWS_WEB_IDENTITY_TOKEN_FILE: '/nonexistent/token', AWS_ROLE_ARN: ROLE } },
  { name: 'web_identity_token_file takes role_arn away from assume-role', config: `[profile gh]\nrole_arn = ${ROLE}\nsource_profile = base\nweb_identity_token_file = /nonexistent/token\n`, credentials: STATIC('base'), flagProfile: 'gh' },
  { name: 'assume role from a credential_process source', config: `[profile src]\n${PROCESS}\n[profile dev]\nrole_arn = ${ROLE}\nsource_profile = src\n`, flagProfile: 'dev' },
  { name: 'role_arn in the credentials file', credentials: `[dev]\nrole_arn = ${ROLE}\nsource_profile = base\n` + STATIC('base'), flagProfile: 'dev' },
  { name: 'sso via sso-session', config: `${SSO_SESSION}[profile dev]\nsso_session = acme\nsso_account_id = 111111111111\nsso_role_name = R\n`, flagProfile: 'dev' },
  { name: 'legacy sso', config: '[profile dev]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 111111111111\nsso_role_name = R\n', flagProfile: 'dev' },
  { name: 'sso beats static keys', config: `${SSO_SESSION}[profile dev]\nsso_session = acme\nsso_account_id = 111111111111\nsso_role_name = R\n`, credentials: STATIC('dev'), flagProfile: 'dev' },
  { name: 'credential_process', config: `[profile p]\n${PROCESS}\n`, flagProfile: 'p' },
  { name: 'static credentials file beats credential_process', config: `[profile p]\n${PROCESS}\n`, credentials: STATIC('p'), flagProfile: 'p' },
  { name: 'credential_process beats config-file keys', config: `[profile p]\n${PROCESS}\naws_access_key_id = AKIA1\naws_secret_access_key = x\n`, flagProfile: 'p' },
  // Error cases: botocore raises, tempkey must refuse too.
  { name: 'cycle', config: `[profile a]\nrole_arn = ${ROLE}\nsource_profile = b\n[profile b]\nrole_arn = ${ROLE}\nsource_profile = a\n`, flagProfile: 'a' },
  { name: 'both source_profile and credential_source', config: `[profile a]\nrole_arn = ${ROLE}\nsource_profile = b\ncredential_source = Environment\n`, credentials: STATIC('b'), flagProfile: 'a' },
  { name: 'role_arn without source', config: `[profile a]\nrole_arn = ${ROLE}\n`, flagProfile: 'a' },
  { name: 'missing source profile', config: `[profile a]\nrole_arn = ${ROLE}\nsource_profile = ghost\n`, flagProfile: 'a' },
  { name: 'sso missing fields', config: '[profile a]\nsso_account_id = 111111111111\n', flagProfile: 'a' },
  { name: 'sso_session to a missing section', config: '[profile a]\nsso_session = nope\nsso_account_id = 1\nsso_role_name = R\n', flagProfile: 'a' },
  { name: 'unknown profile', credentials: STATIC('dev'), flagProfile: 'nope' },
  { name: 'invalid credential_source', config: `[profile a]\nrole_arn = ${ROLE}\ncredential_source = Bogus\n`, flagProfile: 'a' },
  { name: 'self reference without keys', config: `[profile a]\nrole_arn = ${ROLE}\nsource_profile = a\n`, flagProfile: 'a' },
];

const root = mkdtempSync(join(tmpdir(), 'tempkey-parity-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function caseEnv(c: Case, dir: string): Record<string, string> {
  return {
    HOME: dir,
    AWS_CONFIG_FILE: join(dir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    ...c.env,
  };
}

/** One python3 process resolves every case with botocore: method name, None, or the exception class. */
function botocoreMethods(cases: { env: Record<string, string>; profile?: string }[]): string[] {
  const script = `
import json, os, sys
import botocore.session
out = []
base = {k: v for k, v in os.environ.items() if not k.startswith('AWS_')}
for c in json.load(sys.stdin):
    os.environ.clear(); os.environ.update(base); os.environ.update(c['env'])
    try:
        s = botocore.session.Session(profile=c.get('profile'))
        creds = s.get_credentials()
        out.append(creds.method if creds is not None else 'none')
    except Exception as e:
        out.append('error:' + type(e).__name__)
print(json.dumps(out))
`;
  return JSON.parse(execFileSync('python3', ['-c', script], { input: JSON.stringify(cases), env: { PATH: process.env.PATH ?? '' } }).toString());
}

describe('tempkey resolves profiles the way botocore does', () => {
  const prepared = CASES.map((c, i) => {
    const dir = join(root, String(i));
    mkdirSync(dir, { recursive: true });
    if (c.config !== undefined) writeFileSync(join(dir, 'config'), c.config);
    if (c.credentials !== undefined) writeFileSync(join(dir, 'credentials'), c.credentials);
    return { c, dir, env: caseEnv(c, dir) };
  });
  const theirs = botocoreMethods(prepared.map((p) => ({ env: p.env, profile: p.c.flagProfile })));

  it.each(prepared.map((p, i) => [p.c.name, p, i] as const))('%s', async (_name, p, i) => {
    let ours: string;
    try {
      const plan = await loadPlan({ env: p.env, cwd: p.dir, profile: p.c.flagProfile });
      const first = plan.decisions.find((d) => d.applied)!;
      ours = BOTOCORE_METHOD[first.rule] ?? 'none';
    } catch (e) {
      if (!isTempkeyError(e)) throw e;
      ours = `error:${e.code}`;
    }
    const botocore = theirs[i]!;
    if (process.env.PARITY_DEBUG) console.log(`${p.c.name}: botocore=${botocore} tempkey=${ours}`);
    if (botocore.startsWith('error:')) expect(ours, `botocore raised ${botocore}`).toMatch(/^error:/);
    else expect(ours).toBe(botocore);
  });
});
