import { describe, expect, it } from 'vitest';
import { parseIniText } from '../files/ini/fast-read.js';
import { assumeRoleCacheKey, ssoRoleCacheKey, ssoTokenCacheKey } from '../files/cache-keys.js';
import { isTempkeyError, type TempkeyError } from '../lib/errors.js';
import type { AssumeRoleStep, Plan, SessionTokenStep, SsoRoleStep, StaticKeysStep } from './plan.js';
import { mfaSessionCacheKey, resolvePlan } from './resolve.js';
import { ACME_MFA_USER, DEV_ROLE_FROM_ACME } from '../../test/helpers/config-fixtures.js';

const CONFIG = '/home/u/.aws/config';
const CREDS = '/home/u/.aws/credentials';
const FILES = { config: CONFIG, credentials: CREDS, configChosenBy: 'default (~/.aws/)', credentialsChosenBy: 'default (~/.aws/)' };
const BASE_ENV = { HOME: '/home/u', AWS_EC2_METADATA_DISABLED: 'true' };

function plan(opts: { config?: string; credentials?: string; env?: Record<string, string>; profile?: string; region?: string }): Plan {
  return resolvePlan({
    env: { ...BASE_ENV, ...opts.env },
    flags: { profile: opts.profile, region: opts.region },
    config: opts.config === undefined ? undefined : parseIniText(opts.config, CONFIG),
    credentials: opts.credentials === undefined ? undefined : parseIniText(opts.credentials, CREDS),
    files: FILES,
    now: () => new Date('2026-01-01T00:00:00Z'),
  });
}

function failure(fn: () => unknown): TempkeyError {
  try {
    fn();
  } catch (e) {
    if (isTempkeyError(e)) return e;
    throw e;
  }
  throw new Error('expected a TempkeyError');
}

const applied = (p: Plan) => p.decisions.filter((d) => d.applied).map((d) => `${d.profile}:${d.rule}`);

describe('a person with IAM user keys in ~/.aws/credentials', () => {
  const credentials = '[default]\naws_access_key_id = AKIAEXAMPLE00000001\naws_secret_access_key = s3cr3t/value\n';

  it('gets one static-keys step from the credentials file, and explain can say why', () => {
    const p = plan({ credentials });
    expect(p.profile).toBe('default');
    expect(p.profileChosenBy).toBe('default');
    expect(p.steps).toHaveLength(1);
    const step = p.steps[0] as StaticKeysStep;
    expect(step.kind).toBe('static-keys');
    expect(step.source).toEqual({ type: 'credentials-file', profile: 'default', origin: { file: CREDS, line: 1 } });
    expect(step.hasSessionToken).toBe(false);
    // Every rule of the chain is accounted for on the requested profile.
    expect(p.decisions.map((d) => d.rule)).toEqual([
      'cli-options',
      'environment',
      'assume-role',
      'web-identity',
      'sso',
      'credentials-file',
      'login',
      'credential-process',
      'config-file',
      'container',
      'instance-metadata',
    ]);
    expect(applied(p)).toEqual(['default:credentials-file']);
    expect(p.decisions.find((d) => d.rule === 'credentials-file')!.origin).toEqual({ file: CREDS, line: 2 });
    expect(JSON.stringify(p)).not.toContain('s3cr3t');
  });

  it('keys exported in the shell win over AWS_PROFILE, but not over an explicit --profile', () => {
    const env = { AWS_ACCESS_KEY_ID: 'AKIAENV', AWS_SECRET_ACCESS_KEY: 'x', AWS_PROFILE: 'default' };
    expect(applied(plan({ credentials, env }))).toEqual(['default:environment']);
    const flagged = plan({ credentials, env, profile: 'default' });
    expect(applied(flagged)).toEqual(['default:credentials-file']);
    expect(flagged.decisions.find((d) => d.rule === 'environment')!.reason).toMatch(/--profile was given explicitly/);
  });

  it('is told when AWS_ACCESS_KEY_ID is exported without its secret', () => {
    const e = failure(() => plan({ credentials, env: { AWS_ACCESS_KEY_ID: 'AKIAENV' } }));
    expect(e.code).toBe('PARTIAL_CREDENTIALS');
  });
});

describe('a person who assumes roles from an IAM user with MFA (type the code once)', () => {
  const credentials = '[acme]\naws_access_key_id = AKIAEXAMPLE00000001\naws_secret_access_key = s3cr3t\n';
  const config = [
    ...ACME_MFA_USER,
    '',
    ...DEV_ROLE_FROM_ACME,
    'mfa_serial = arn:aws:iam::111111111111:mfa/alice',
    'duration_seconds = 1800',
    '',
    '[profile dev-admin]',
    'role_arn = arn:aws:iam::333333333333:role/Admin',
    'source_profile = dev',
    'role_session_name = alice',
    '',
  ].join('\n');

  it('plans keys → one GetSessionToken with MFA → AssumeRole without a second code', () => {
    const p = plan({ config, credentials, profile: 'dev' });
    expect(p.steps.map((s) => s.kind)).toEqual(['static-keys', 'session-token', 'assume-role']);
    const session = p.steps[1] as SessionTokenStep;
    expect(session.mfaSerial).toBe('arn:aws:iam::111111111111:mfa/alice');
    expect(session.durationSeconds).toBe(43200);
    expect(session.cache!.store).toBe('tempkey-cache');
    expect(session.cache!.key).toBe(
      mfaSessionCacheKey({ source: 'credentials-file:acme', mfaSerial: 'arn:aws:iam::111111111111:mfa/alice', durationSeconds: 43200 }),
    );
    expect(session.cache!.path).toBe(`/home/u/.aws/tempkey/cache/${session.cache!.key}.json`);
    const role = p.steps[2] as AssumeRoleStep;
    expect(role.mfaSerial).toBeUndefined();
    expect(role.durationSeconds).toBe(1800);
    // The cache file is the one the AWS CLI would use for this profile, SerialNumber included.
    expect(role.cache!.key).toBe(
      assumeRoleCacheKey({ RoleArn: 'arn:aws:iam::222222222222:role/DevOps', SerialNumber: 'arn:aws:iam::111111111111:mfa/alice', DurationSeconds: 1800 }),
    );
    expect(role.cache!.path).toBe(`/home/u/.aws/cli/cache/${role.cache!.key}.json`);
    expect(role.cache!.lifetimeSeconds).toBe(1800);
    expect(p.chain).toEqual(['dev', 'acme']);
    expect(applied(p)).toEqual(['dev:assume-role', 'acme:credentials-file']);
  });

  it('chains roles: dev-admin → dev → acme, still one MFA prompt', () => {
    const p = plan({ config, credentials, env: { AWS_PROFILE: 'dev-admin' } });
    expect(p.profileChosenBy).toBe('AWS_PROFILE');
    expect(p.steps.map((s) => s.kind)).toEqual(['static-keys', 'session-token', 'assume-role', 'assume-role']);
    expect((p.steps[3] as AssumeRoleStep).roleSessionName).toBe('alice');
    expect(p.chain).toEqual(['dev-admin', 'dev', 'acme']);
    expect(applied(p)).toEqual(['dev-admin:assume-role', 'dev:assume-role', 'acme:credentials-file']);
  });

  it('honours tempkey_mfa_session_duration', () => {
    const p = plan({ config: config.replace('region = eu-west-1', 'tempkey_mfa_session_duration = 3600'), credentials, profile: 'acme' });
    expect(p.steps.map((s) => s.kind)).toEqual(['static-keys', 'session-token']);
    expect((p.steps[1] as SessionTokenStep).durationSeconds).toBe(3600);
  });

  it('takes the region from --region, AWS_REGION, AWS_DEFAULT_REGION, then the profile', () => {
    expect(plan({ config, credentials, profile: 'acme' })).toMatchObject({ region: 'eu-west-1', regionOrigin: `${CONFIG}:2 (profile acme)` });
    expect(plan({ config, credentials, profile: 'acme', env: { AWS_DEFAULT_REGION: 'us-east-2' } })).toMatchObject({ region: 'us-east-2', regionOrigin: 'AWS_DEFAULT_REGION' });
    expect(plan({ config, credentials, profile: 'acme', env: { AWS_DEFAULT_REGION: 'us-east-2', AWS_REGION: 'us-west-1' } })).toMatchObject({ region: 'us-west-1' });
    expect(plan({ config, credentials, profile: 'acme', region: 'ap-south-1', env: { AWS_REGION: 'us-west-1' } })).toMatchObject({ region: 'ap-south-1', regionOrigin: '--region' });
  });
});

describe('a person whose keys live in the tempkey vault', () => {
  const config = [
    '[profile acme]',
    'tempkey_vault = acme-security',
    'tempkey_vault_backend = keyring',
    'credential_process = tempkey credential-process --profile acme',
    'mfa_serial = arn:aws:iam::111111111111:mfa/alice',
    '',
  ].join('\n');

  it('reads the vault item (at the credentials-file position), not the credential_process written for other tools', () => {
    const p = plan({ config, profile: 'acme' });
    expect(p.steps[0]).toMatchObject({ kind: 'static-keys', source: { type: 'vault', key: 'acme-security', backend: 'keyring' } });
    expect(p.steps[1]).toMatchObject({ kind: 'session-token', mfaSerial: 'arn:aws:iam::111111111111:mfa/alice' });
    const d = p.decisions.find((x) => x.rule === 'credentials-file')!;
    expect(d.applied).toBe(true);
    expect(d.reason).toMatch(/tempkey_vault.*credentials-file position/);
    expect(p.decisions.find((x) => x.rule === 'credential-process')!.reason).toMatch(/not reached/);
    expect((p.steps[1] as SessionTokenStep).cache!.key).toBe(
      mfaSessionCacheKey({ source: 'vault:acme-security', mfaSerial: 'arn:aws:iam::111111111111:mfa/alice', durationSeconds: 43200 }),
    );
  });
});

describe('a person using IAM Identity Center', () => {
  const config = [
    '[sso-session acme]',
    'sso_start_url = https://d-1234567890.awsapps.com/start',
    'sso_region = us-east-1',
    'sso_registration_scopes = sso:account:access',
    '',
    '[profile dev]',
    'sso_session = acme',
    'sso_account_id = 111111111111',
    'sso_role_name = Admin',
    'region = eu-west-1',
    '',
    '[profile legacy]',
    'sso_start_url = https://d-1234567890.awsapps.com/start',
    'sso_region = us-east-1',
    'sso_account_id = 222222222222',
    'sso_role_name = ReadOnly',
    '',
    '[profile broken]',
    'sso_account_id = 333333333333',
    '',
    '[profile dangling]',
    'sso_session = nope',
    'sso_account_id = 333333333333',
    'sso_role_name = Admin',
    '',
  ].join('\n');

  it('gets one sso-role step whose token is cached under the sso-session name', () => {
    const p = plan({ config, profile: 'dev' });
    const step = p.steps[0] as SsoRoleStep;
    expect(p.steps).toHaveLength(1);
    expect(step).toMatchObject({
      kind: 'sso-role',
      ssoSession: 'acme',
      startUrl: 'https://d-1234567890.awsapps.com/start',
      ssoRegion: 'us-east-1',
      accountId: '111111111111',
      roleName: 'Admin',
      registrationScopes: ['sso:account:access'],
      tokenCachePath: `/home/u/.aws/sso/cache/${ssoTokenCacheKey('acme')}.json`,
    });
    expect(step.cache!.key).toBe(ssoRoleCacheKey({ accountId: '111111111111', roleName: 'Admin', sessionName: 'acme' }));
  });

  it('supports legacy profiles keyed by the start URL', () => {
    const step = plan({ config, profile: 'legacy' }).steps[0] as SsoRoleStep;
    expect(step.ssoSession).toBeUndefined();
    expect(step.tokenCachePath).toBe(`/home/u/.aws/sso/cache/${ssoTokenCacheKey('https://d-1234567890.awsapps.com/start')}.json`);
    expect(step.cache!.key).toBe(ssoRoleCacheKey({ accountId: '222222222222', roleName: 'ReadOnly', startUrl: 'https://d-1234567890.awsapps.com/start' }));
  });

  it('lists exactly which sso fields are missing', () => {
    const e = failure(() => plan({ config, profile: 'broken' }));
    expect(e.code).toBe('SSO_MISSING_FIELDS');
    expect(e.message).toContain('sso_role_name, sso_start_url, sso_region');
    expect(e.location).toMatchObject({ file: CONFIG, line: 18, profile: 'broken' });
  });

  it('names a missing [sso-session] section', () => {
    const e = failure(() => plan({ config, profile: 'dangling' }));
    expect(e.code).toBe('SSO_SESSION_MISSING');
    expect(e.message).toContain(`${CONFIG}:22`);
  });

  it('warns when SSO and static keys share a profile; SSO wins, like the AWS CLI', () => {
    const p = plan({ config, profile: 'dev', credentials: '[dev]\naws_access_key_id = AKIA1\naws_secret_access_key = x\n' });
    expect(p.steps[0]!.kind).toBe('sso-role');
    expect(p.warnings.join('\n')).toMatch(/mixes IAM Identity Center settings with static keys \(\/home\/u\/\.aws\/credentials:2\)/);
    expect(p.decisions.find((d) => d.rule === 'credentials-file')!.reason).toMatch(/not reached: sso applied first \(would have matched/);
  });
});

describe('mistakes in the config are explained with file, line and a fix', () => {
  it('unknown profile: did you mean', () => {
    const e = failure(() => plan({ config: '[profile production]\nregion = x\n[profile staging]\nregion = y\n', profile: 'prodution' }));
    expect(e.code).toBe('UNKNOWN_PROFILE');
    expect(e.message).toContain('Did you mean: production?');
  });

  it('unknown profile: a config section missing its "profile " prefix', () => {
    const e = failure(() => plan({ config: '[dev]\nregion = x\n', env: { AWS_PROFILE: 'dev' } }));
    expect(e.message).toContain(`${CONFIG}:1 has [dev], but the config file needs [profile dev]`);
    expect(e.fix).toContain('[profile dev]');
  });

  it('source_profile cycle shows the loop', () => {
    const config = '[profile a]\nrole_arn = arn:aws:iam::111111111111:role/A\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::111111111111:role/B\nsource_profile = a\n';
    const e = failure(() => plan({ config, profile: 'a' }));
    expect(e.code).toBe('SOURCE_PROFILE_CYCLE');
    expect(e.message).toContain('a → b → a');
    expect(e.message).toContain(`${CONFIG}:6`);
  });

  it('a profile may name itself as source when it holds the keys', () => {
    const credentials = '[self]\naws_access_key_id = AKIA1\naws_secret_access_key = x\n';
    const config = '[profile self]\nrole_arn = arn:aws:iam::111111111111:role/A\nsource_profile = self\n';
    const p = plan({ config, credentials, profile: 'self' });
    expect(p.steps.map((s) => s.kind)).toEqual(['static-keys', 'assume-role']);
    expect(failure(() => plan({ config, profile: 'self' })).code).toBe('SOURCE_PROFILE_CYCLE');
  });

  it('role_arn without a source, with both sources, or malformed', () => {
    expect(failure(() => plan({ config: '[profile r]\nrole_arn = arn:aws:iam::111111111111:role/A\n', profile: 'r' })).code).toBe('ROLE_WITHOUT_SOURCE');
    const both = failure(() =>
      plan({ config: '[profile r]\nrole_arn = arn:aws:iam::111111111111:role/A\nsource_profile = r\ncredential_source = Environment\n', profile: 'r' }),
    );
    expect(both.code).toBe('ROLE_SOURCE_CONFLICT');
    expect(both.message).toContain(`${CONFIG}:3`);
    const bad = failure(() => plan({ config: '[profile r]\nrole_arn = arn:aws:iam::12:role/A\ncredential_source = Environment\n', profile: 'r' }));
    expect(bad.code).toBe('INVALID_ROLE_ARN');
    expect(bad.location).toMatchObject({ file: CONFIG, line: 2 });
  });

  it('duplicated profile sections name both lines', () => {
    const e = failure(() => plan({ config: '[default]\nregion = a\n\n[profile default]\nregion = b\n' }));
    expect(e.code).toBe('DUPLICATE_PROFILE');
    expect(e.message).toContain(`${CONFIG}:1 and ${CONFIG}:4`);
  });

  it('a source profile with both keys and role_arn uses the keys, like botocore', () => {
    const credentials = '[base]\naws_access_key_id = AKIA1\naws_secret_access_key = x\n';
    const config = '[profile base]\nrole_arn = arn:aws:iam::111111111111:role/Ignored\nsource_profile = base\n[profile top]\nrole_arn = arn:aws:iam::111111111111:role/Top\nsource_profile = base\n';
    const p = plan({ config, credentials, profile: 'top' });
    expect(p.steps.map((s) => s.kind)).toEqual(['static-keys', 'assume-role']);
    expect(p.decisions.find((d) => d.profile === 'base' && d.rule === 'assume-role')!.reason).toMatch(/uses the keys/);
  });
});

describe('machines and CI', () => {
  it('credential_source = Environment takes the role source keys from the environment even with --profile', () => {
    const config = '[profile ci]\nrole_arn = arn:aws:iam::111111111111:role/Deploy\ncredential_source = Environment\n';
    const p = plan({ config, profile: 'ci', env: { AWS_ACCESS_KEY_ID: 'AKIA1', AWS_SECRET_ACCESS_KEY: 'x', AWS_SESSION_TOKEN: 't' } });
    expect(p.steps[0]).toMatchObject({ kind: 'static-keys', source: { type: 'env' }, hasSessionToken: true });
    expect(p.steps[1]!.kind).toBe('assume-role');
  });

  it('web identity from the profile', () => {
    const config = '[profile gh]\nrole_arn = arn:aws:iam::111111111111:role/GH\nweb_identity_token_file = /tmp/token\n';
    const p = plan({ config, profile: 'gh' });
    expect(p.steps[0]).toMatchObject({ kind: 'web-identity', roleArn: 'arn:aws:iam::111111111111:role/GH', webIdentityTokenFile: '/tmp/token' });
    expect(applied(p)).toEqual(['gh:web-identity']);
  });

  it('no files at all: container credentials, else instance metadata, else a clear error', () => {
    expect(plan({ env: { AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/creds' } }).steps[0]!.kind).toBe('container');
    expect(plan({ env: { AWS_EC2_METADATA_DISABLED: 'false' } }).steps[0]!.kind).toBe('instance-metadata');
    expect(failure(() => plan({})).code).toBe('NO_CREDENTIALS');
  });
});

describe('a person pointing tools at a local endpoint', () => {
  it('the plan carries endpoint_url and the [services] section of the profile', () => {
    const config = '[profile local]\nendpoint_url = http://127.0.0.1:4566\nservices = loop\naws_access_key_id = AKIA1\naws_secret_access_key = x\n\n[services loop]\nsts =\n  endpoint_url = http://127.0.0.1:5000\n';
    const p = plan({ config, profile: 'local' });
    expect(p.endpoints).toEqual({ all: 'http://127.0.0.1:4566', services: { sts: 'http://127.0.0.1:5000' } });
  });
});

describe('how the profile is chosen', () => {
  const config = '[profile a]\naws_access_key_id = AKIA1\naws_secret_access_key = x\n[profile b]\naws_access_key_id = AKIA2\naws_secret_access_key = y\n';
  it('--profile, then AWS_PROFILE, then AWS_DEFAULT_PROFILE (AWS CLI v2 order), then default', () => {
    expect(plan({ config, profile: 'a', env: { AWS_PROFILE: 'b' } })).toMatchObject({ profile: 'a', profileChosenBy: 'flag' });
    expect(plan({ config, env: { AWS_PROFILE: 'a', AWS_DEFAULT_PROFILE: 'b' } })).toMatchObject({ profile: 'a', profileChosenBy: 'AWS_PROFILE' });
    expect(plan({ config, env: { AWS_DEFAULT_PROFILE: 'b' } })).toMatchObject({ profile: 'b', profileChosenBy: 'AWS_DEFAULT_PROFILE' });
  });
});

describe('roles sourced from the machine', () => {
  const role = (source: string) => `[profile m]\nrole_arn = arn:aws:iam::111111111111:role/M\ncredential_source = ${source}\n`;
  it('EcsContainer needs the container endpoint; Ec2InstanceMetadata needs IMDS on', () => {
    expect(plan({ config: role('EcsContainer'), profile: 'm', env: { AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/x' } }).steps.map((s) => s.kind)).toEqual(['container', 'assume-role']);
    expect(failure(() => plan({ config: role('EcsContainer'), profile: 'm' })).code).toBe('CREDENTIAL_SOURCE_EMPTY');
    expect(plan({ config: role('Ec2InstanceMetadata'), profile: 'm', env: { AWS_EC2_METADATA_DISABLED: 'false' } }).steps.map((s) => s.kind)).toEqual(['instance-metadata', 'assume-role']);
    expect(failure(() => plan({ config: role('Ec2InstanceMetadata'), profile: 'm' })).code).toBe('CREDENTIAL_SOURCE_EMPTY');
    const bad = failure(() => plan({ config: role('environment'), profile: 'm' }));
    expect(bad.code).toBe('INVALID_CREDENTIAL_SOURCE');
    expect(bad.fix).toContain('Environment, Ec2InstanceMetadata, EcsContainer');
  });
});

describe('duration_seconds that STS would refuse', () => {
  const credentials = '[base]\naws_access_key_id = AKIAEXAMPLE00000001\naws_secret_access_key = s3cr3t\n';
  const role = (d: string) => `[profile r]\nrole_arn = arn:aws:iam::123456789012:role/R\nsource_profile = base\nduration_seconds = ${d}\n`;

  it('is refused before any call, naming the file, line and range', () => {
    for (const d of ['899', '43201', '0', '-5']) {
      const e = failure(() => plan({ config: role(d), credentials, profile: 'r' }));
      expect(e.code).toBe('INVALID_DURATION');
      expect(e.message).toContain(`duration_seconds = ${d} in profile 'r'`);
      expect(e.message).toContain('outside what AssumeRole accepts (900 to 43200 seconds)');
      expect(e.location).toMatchObject({ file: '/home/u/.aws/config', line: 4, profile: 'r' });
    }
  });

  it('the limits themselves and no value at all are taken', () => {
    for (const d of ['900', '43200']) expect((plan({ config: role(d), credentials, profile: 'r' }).steps.at(-1) as AssumeRoleStep).durationSeconds).toBe(Number(d));
    const none = plan({ config: '[profile r]\nrole_arn = arn:aws:iam::123456789012:role/R\nsource_profile = base\n', credentials, profile: 'r' });
    expect((none.steps.at(-1) as AssumeRoleStep).durationSeconds).toBeUndefined();
  });

  it('a role whose source is a role (role chaining) may last an hour at most', () => {
    const chain = `[profile first]\nrole_arn = arn:aws:iam::123456789012:role/A\nsource_profile = base\n\n[profile second]\nrole_arn = arn:aws:iam::123456789012:role/B\nsource_profile = first\nduration_seconds = 7200\n`;
    const e = failure(() => plan({ config: chain, credentials, profile: 'second' }));
    expect(e.code).toBe('INVALID_DURATION');
    expect(e.message).toContain('role chaining');
    expect(e.fix).toContain('900-3600');
    expect((plan({ config: chain.replace('7200', '3600'), credentials, profile: 'second' }).steps.at(-1) as AssumeRoleStep).durationSeconds).toBe(3600);
    // From keys (or an MFA session), not a role: the 12-hour limit.
    expect((plan({ config: role('7200'), credentials, profile: 'r' }).steps.at(-1) as AssumeRoleStep).durationSeconds).toBe(7200);
  });
});

