import { describe, expect, it } from 'vitest';
import { parseIniText } from '../../files/ini/fast-read.js';
import { buildProfileModel } from '../../files/profile-model.js';
import { resolvePlan } from '../../resolve/resolve.js';
import { renderExplain } from '../../cli/explain.js';
import type { Plan } from '../../resolve/plan.js';

/**
 * explain keeps the plan of large files as JSON (listing-cache, kind 'plan'):
 * a plan must come back from JSON as the same plain data, printing the same
 * text and the same --json, for every kind of step and decision.
 */
const CONFIG = `[default]
region = eu-west-1
[profile base]
mfa_serial = arn:aws:iam::111111111111:mfa/alice
[profile dev]
role_arn = arn:aws:iam::222222222222:role/DevOps
source_profile = base
duration_seconds = 7200
external_id = x
[profile chained]
role_arn = arn:aws:iam::333333333333:role/Chained
source_profile = dev
role_session_name = me
[sso-session corp]
sso_start_url = https://d-1234567890.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access
[profile sso]
sso_session = corp
sso_account_id = 444444444444
sso_role_name = Admin
region = us-west-2
services = local
[services local]
sts =
  endpoint_url = http://127.0.0.1:1
[profile legacy-sso]
sso_start_url = https://d-1234567890.awsapps.com/start
sso_region = us-east-1
sso_account_id = 444444444444
sso_role_name = Admin
[profile web]
role_arn = arn:aws:iam::555555555555:role/Web
web_identity_token_file = /tmp/token
[profile proc]
credential_process = /bin/echo {}
[profile vaulted]
tempkey_vault = acme
[profile login]
login_session = arn:aws:iam::666666666666:user/bob
[profile mixed]
sso_session = corp
sso_account_id = 444444444444
sso_role_name = Admin
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = notARealSecret
[profile container]
credential_source = EcsContainer
role_arn = arn:aws:iam::777777777777:role/C
`;
const CREDENTIALS = '[base]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = notARealSecret\n';
const FILES = { config: '/c', credentials: '/k', configChosenBy: 'AWS_CONFIG_FILE', credentialsChosenBy: 'default (~/.aws/)' };

describe('a plan kept as JSON', () => {
  const model = buildProfileModel(parseIniText(CONFIG, '/c'), parseIniText(CREDENTIALS, '/k'), FILES);
  const profiles = [...model.profiles.keys()];

  it('comes back as the same plan, printing the same text and --json', () => {
    expect(profiles.length).toBeGreaterThan(10);
    for (const profile of profiles) {
      for (const env of [{ HOME: '/home/u' }, { HOME: '/home/u', AWS_REGION: 'ap-south-1', AWS_ENDPOINT_URL: 'http://127.0.0.1:2', AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/creds' }]) {
        if (profile === 'container' && !env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI) continue; // refused without the variable: no plan to keep
        const plan = resolvePlan({ env, flags: { profile }, files: FILES, model });
        const back = JSON.parse(JSON.stringify(plan)) as Plan;
        expect(back, profile).toEqual(plan);
        const steps = (p: Plan) => p.steps.map((step) => ({ step }));
        const exists = { config: true, credentials: false };
        expect(renderExplain(back, steps(back), exists)).toBe(renderExplain(plan, steps(plan), exists));
        expect(JSON.stringify({ ...back, exists }, null, 2)).toBe(JSON.stringify({ ...plan, exists }, null, 2));
      }
    }
  });
});

describe('an entry', () => {
  it('answers only the key it was kept for, and holds no key id or secret of the environment', async () => {
    const { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { listingInputs, readListing, rememberListing } = await import('./listing-cache.js');
    const dir = mkdtempSync(join(tmpdir(), 'tempkey-answer-'));
    try {
      const config = join(dir, 'config');
      const program = join(dir, 'program.cjs');
      writeFileSync(config, '#'.repeat(200_000));
      writeFileSync(program, '');
      const old = new Date(Date.now() - 60_000);
      for (const f of [config, program]) utimesSync(f, old, old);
      const env = { HOME: dir, AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
      const files = { config, credentials: join(dir, 'credentials') };
      // ctime cannot be set back: compare as if a few seconds had passed.
      const later = Date.now() + 5000;
      const a = listingInputs(env, { args: ['--json'], files }, program, later)!;
      await rememberListing(env, a, 'answer A');
      expect(readListing(listingInputs(env, { args: ['--json'], files }, program, later)!)?.toString()).toBe('answer A');
      // Another question whose entry name happened to be the same: not answered.
      const b = { ...listingInputs(env, { args: ['--names'], files }, program, later)!, path: a.path };
      expect(readListing(b)).toBeUndefined();
      const kept = readFileSync(a.path, 'utf8');
      expect(kept).not.toContain('AKIAIOSFODNN7EXAMPLE');
      expect(kept).not.toContain('wJalrXUtnFEMI');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
