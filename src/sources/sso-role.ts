import { readFile } from 'node:fs/promises';
import type { AwsCredentials, SsoSessionRef, SsoTokenProvider } from '../lib/domain.js';
import { TempkeyError } from '../lib/errors.js';
import { ssoLoginCommand, ssoSessionLabel } from '../lib/sso-session.js';
import { ssoRoleCacheKey } from '../files/cache-keys.js';
import { ssoTokenPath } from '../files/sso-token-cache.js';
import { cliCache, dropUndefined, type StepBase, type StepRunner } from './step.js';

export interface SsoRoleStep extends StepBase {
  kind: 'sso-role';
  /** Name of the [sso-session] section; absent for legacy profiles. */
  ssoSession?: string;
  startUrl: string;
  ssoRegion: string;
  accountId: string;
  roleName: string;
  registrationScopes?: string[];
  /** ~/.aws/sso/cache/<sha1>.json holding the access token. */
  tokenCachePath: string;
  /** The requested profile's portal endpoint (`[services] sso =`, else `endpoint_url`); env vars still win. */
  endpoint?: string;
}

/** The step, its role credentials keyed in ~/.aws/cli/cache like the AWS CLI's SSOProvider. */
export function ssoRoleStep(env: NodeJS.ProcessEnv, a: Omit<SsoRoleStep, 'kind' | 'summary' | 'cache' | 'tokenCachePath'>): SsoRoleStep {
  const ref = { sessionName: a.ssoSession, startUrl: a.startUrl, region: a.ssoRegion };
  return dropUndefined({
    kind: 'sso-role',
    ...a,
    tokenCachePath: ssoTokenPath(env, ref),
    summary: `IAM Identity Center role ${a.roleName} in ${a.accountId}${a.ssoSession ? ` (sso-session ${a.ssoSession})` : ` (${a.startUrl})`}`,
    cache: cliCache(env, ssoRoleCacheKey({ accountId: a.accountId, roleName: a.roleName, sessionName: a.ssoSession, startUrl: a.startUrl })),
  });
}

/**
 * IAM Identity Center: an access token (from the token provider core injects)
 * traded for role credentials with GetRoleCredentials. A token the portal
 * rejects although it has not expired is the "logged in, yet session expired"
 * trap: report it (the provider refreshes or logs in once) and try once more.
 */
export function sessionRefOf(step: SsoRoleStep): SsoSessionRef {
  return {
    sessionName: step.ssoSession,
    startUrl: step.startUrl,
    region: step.ssoRegion,
    scopes: step.registrationScopes,
  };
}

/**
 * The plainest token source: the cache file as `tempkey login` or `aws sso
 * login` left it, no refresh, no login. Used when core injects no provider
 * (library callers), and by `profiles sync` as its default.
 */
export function cacheFileTokenProvider(pathOf: (ref: SsoSessionRef) => string, now: () => Date = () => new Date()): SsoTokenProvider {
  return {
    async get(ref) {
      const path = pathOf(ref);
      const login = ssoLoginCommand(ref);
      const who = ssoSessionLabel(ref);
      let parsed: { accessToken?: string; expiresAt?: string };
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch {
        throw new TempkeyError('SSO_NOT_LOGGED_IN', `No SSO token for ${who} (looked in ${path}).`, {
          fix: `Log in first: ${login}`,
          location: { file: path },
        });
      }
      try {
        parsed = JSON.parse(text);
        if (!parsed || typeof parsed !== 'object') throw new Error('not an object');
      } catch {
        throw new TempkeyError('SSO_TOKEN_CORRUPT', `The SSO token file of ${who} is damaged: ${path} is not JSON.`, {
          fix: `Log in again (it rewrites the file): ${login}`,
          location: { file: path },
        });
      }
      const expiresAt = new Date(parsed.expiresAt ?? 0);
      if (!parsed.accessToken || !(expiresAt.getTime() > now().getTime())) {
        throw new TempkeyError('SSO_TOKEN_EXPIRED', `The SSO token for ${who} in ${path} has expired (${parsed.expiresAt ?? 'no expiry'}).`, {
          fix: `Log in again: ${login}`,
          location: { file: path },
        });
      }
      return { accessToken: parsed.accessToken, expiresAt };
    },
    async reportRejected() {
      // A bare cache file cannot be refreshed here; the caller's error says to log in again.
    },
  };
}

export const run: StepRunner<SsoRoleStep> = async (step, _input, ctx): Promise<AwsCredentials> => {
  const tokens = ctx.ssoTokens ?? cacheFileTokenProvider(() => step.tokenCachePath, ctx.now);
  const ref = sessionRefOf(step);
  const { getRoleCredentials } = await import('../aws/sso.js');
  const portalOpts = {
    region: step.ssoRegion,
    env: ctx.env,
    profileEndpoint: step.endpoint,
    sessionLabel: ssoSessionLabel(ref),
    loginCommand: ssoLoginCommand(ref, step.profile),
  };
  const role = { accountId: step.accountId, roleName: step.roleName };
  const what = `GetRoleCredentials ${step.roleName} in ${step.accountId}`;
  return withStaleTokenRetry(tokens, ref, ctx, what, (accessToken) => getRoleCredentials(accessToken, role, portalOpts), (e) => withProfile(e, step));
};

/**
 * The stale-session trap, handled once for every portal call: a token the
 * portal rejects although it has not expired is reported (the provider
 * refreshes or logs in) and the call is tried once more. An expired token
 * being refused is ordinary and passes through.
 */
export async function withStaleTokenRetry<T>(
  tokens: SsoTokenProvider,
  ref: SsoSessionRef,
  ctx: { now: () => Date; verbose: (line: string) => void },
  what: string,
  call: (accessToken: string) => Promise<T>,
  mapError: (e: unknown) => unknown = (e) => e,
): Promise<T> {
  const first = await tokens.get(ref);
  ctx.verbose(`${what} (token valid until ${first.expiresAt.toISOString()})`);
  try {
    return await call(first.accessToken);
  } catch (e) {
    const rejected = e instanceof TempkeyError && e.code === 'SSO_TOKEN_REJECTED';
    if (!rejected || first.expiresAt.getTime() <= ctx.now().getTime()) throw mapError(e);
    ctx.verbose(`the SSO portal rejected a token that had not expired (valid until ${first.expiresAt.toISOString()}); refreshing the session and retrying once`);
    await tokens.reportRejected(ref, first.accessToken);
    const second = await tokens.get(ref);
    try {
      return await call(second.accessToken);
    } catch (e2) {
      throw mapError(e2);
    }
  }
}

function withProfile(e: unknown, step: SsoRoleStep): unknown {
  if (!(e instanceof TempkeyError) || e.location || !step.profile) return e;
  return new TempkeyError(e.code, `${e.message} (profile '${step.profile}')`, {
    fix: e.fix,
    location: { profile: step.profile },
    exitCode: e.exitCode,
    cause: e,
  });
}
