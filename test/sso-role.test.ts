import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortal, type PortalStandin } from './helpers/sso-portal-standin.mjs';
import { run as runSsoRole } from '../src/sources/sso-role.js';
import { runPlan } from '../src/core/credentials/run-plan.js';
import { getCallerIdentity } from '../src/aws/sts.js';
import { ssoRoleCacheKey, ssoTokenCacheKey } from '../src/files/cache-keys.js';
import type { SsoRoleStep, Plan } from '../src/resolve/plan.js';
import type { StepContext, SsoTokenProvider } from '../src/lib/domain.js';
import { tempHomes } from './helpers/temp-home.js';

const tempHome = tempHomes();

// SSO portal: test/helpers/sso-portal-standin.mjs until the shared emulator world
// lands; role credentials are minted by moto STS, which answers GetCallerIdentity.
const START_URL = 'https://d-1234567890.awsapps.com/start';
let portal: PortalStandin;
let accountId: string;

beforeAll(async () => {
  portal = await startPortal({ accounts: [{ accountName: 'apps-prd' }, { accountName: 'security' }], rolesPerAccount: 2, withMoto: true });
  accountId = [...portal.accounts.values()].find((a) => a.accountName === 'security')!.accountId;
});
afterAll(async () => {
  await portal?.stop();
});

function setup() {
  const home = tempHome('tk-sso-role-');
  const cacheDir = join(home, '.aws', 'sso', 'cache');
  mkdirSync(cacheDir, { recursive: true });
  const env: NodeJS.ProcessEnv = { HOME: home, AWS_ENDPOINT_URL: portal.url };
  const cliKey = ssoRoleCacheKey({ accountId, roleName: 'ReadOnlyAccess', sessionName: 'acme' });
  const step: SsoRoleStep = {
    kind: 'sso-role',
    profile: 'security-ro',
    summary: `GetRoleCredentials ReadOnlyAccess in ${accountId}`,
    ssoSession: 'acme',
    startUrl: START_URL,
    ssoRegion: 'us-east-1',
    accountId,
    roleName: 'ReadOnlyAccess',
    tokenCachePath: join(cacheDir, `${ssoTokenCacheKey('acme')}.json`),
    cache: { store: 'cli-cache', key: cliKey, path: join(home, '.aws', 'cli', 'cache', `${cliKey}.json`) },
  };
  const writeToken = (token: string, expiresAt = new Date(Date.now() + 3600_000)) =>
    writeFileSync(step.tokenCachePath, JSON.stringify({ startUrl: START_URL, region: 'us-east-1', accessToken: token, expiresAt: expiresAt.toISOString().replace(/\.\d+Z$/, 'Z') }));
  const lines: string[] = [];
  const ctx = (tokens?: SsoTokenProvider): StepContext => ({
    env,
    now: () => new Date(),
    prompt: { ask: async () => '' },
    verbose: (l) => lines.push(l),
    ssoTokens: tokens,
  });
  return { home, env, step, writeToken, ctx, lines };
}

describe('sso-role step: GetRoleCredentials', () => {
  it('gets credentials whose caller identity is the assumed role in the right account', async () => {
    const s = setup();
    const token = portal.issueToken();
    const creds = await runSsoRole(s.step, undefined, s.ctx({ get: async () => ({ accessToken: token, expiresAt: new Date(Date.now() + 3600_000) }), reportRejected: async () => {} }));
    expect(creds.accountId).toBe(accountId);
    expect(creds.expiration!.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
    const id = await getCallerIdentity(creds, { region: 'us-east-1', env: s.env });
    expect(id.account).toBe(accountId);
    expect(id.arn).toMatch(new RegExp(`^arn:aws:sts::${accountId}:assumed-role/ReadOnlyAccess/`));
  });

  it('without an injected provider, reads the token cache file the AWS CLI format describes', async () => {
    const s = setup();
    s.writeToken(portal.issueToken());
    const creds = await runSsoRole(s.step, undefined, s.ctx());
    expect(creds.accountId).toBe(accountId);
    s.writeToken('expired', new Date(Date.now() - 60_000));
    await expect(runSsoRole(s.step, undefined, s.ctx())).rejects.toMatchObject({ code: 'SSO_TOKEN_EXPIRED', fix: 'Log in again: tempkey login --sso-session acme' });
  });

  it('a live token the portal rejects is reported for recovery and the call retried once', async () => {
    const s = setup();
    const stale = portal.issueToken();
    portal.revoke(stale);
    let current = stale;
    let reports = 0;
    const tokens: SsoTokenProvider = {
      get: async () => ({ accessToken: current, expiresAt: new Date(Date.now() + 3600_000) }),
      reportRejected: async () => {
        reports++;
        current = portal.issueToken();
      },
    };
    const creds = await runSsoRole(s.step, undefined, s.ctx(tokens));
    expect(creds.accountId).toBe(accountId);
    expect(reports).toBe(1);
    expect(s.lines.join('\n')).toContain('rejected a token that had not expired');

    // When recovery does not help, the second rejection is the answer, with the login fix and the profile.
    const never: SsoTokenProvider = { get: async () => ({ accessToken: stale, expiresAt: new Date(Date.now() + 3600_000) }), reportRejected: async () => {} };
    await expect(runSsoRole(s.step, undefined, s.ctx(never))).rejects.toMatchObject({
      code: 'SSO_TOKEN_REJECTED',
      fix: 'Log in again: tempkey login --sso-session acme',
      location: { profile: 'security-ro' },
    });
  });

  it('through runPlan: cached in ~/.aws/cli/cache as the AWS CLI writes SSO entries, reused until expiry', async () => {
    const s = setup();
    s.writeToken(portal.issueToken());
    const plan: Plan = {
      profile: 'security-ro',
      profileChosenBy: 'flag',
      files: { config: join(s.home, '.aws', 'config'), credentials: join(s.home, '.aws', 'credentials'), configChosenBy: 'default', credentialsChosenBy: 'default' },
      steps: [s.step],
      decisions: [],
      warnings: [],
    };
    portal.clearLog();
    const first = await runPlan(plan, s.ctx());
    const second = await runPlan(plan, s.ctx());
    expect(first.fromCache).toBe(false);
    expect(second.fromCache).toBe(true);
    expect(second.accessKeyId).toBe(first.accessKeyId);
    expect(portal.log().filter((l) => l.op === 'GetRoleCredentials')).toHaveLength(1);
    const entry = JSON.parse(readFileSync(s.step.cache!.path, 'utf8'));
    expect(entry.ProviderType).toBe('sso');
    expect(entry.Credentials.AccountId).toBe(accountId);
  });
});
