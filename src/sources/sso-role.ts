import type { SsoRoleStep } from '../resolve/plan.js';
import { readFile } from 'node:fs/promises';
import type { AwsCredentials, SsoSessionRef, SsoTokenProvider } from '../lib/domain.js';
import type { StepRunner } from './step-runner.js';
import { TempkeyError } from '../lib/errors.js';

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

function loginCommand(step: SsoRoleStep): string {
  if (step.ssoSession) return `tempkey login --sso-session ${step.ssoSession}`;
  return step.profile ? `tempkey login --profile ${step.profile}` : 'tempkey login';
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
      const login = ref.sessionName ? `tempkey login --sso-session ${ref.sessionName}` : 'tempkey login';
      const who = ref.sessionName ? `sso-session '${ref.sessionName}'` : ref.startUrl;
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
  // The profile's own endpoint (endpoint_url / [services] sso), below the env vars; core passes the plan along.
  const endpoints = (ctx as { plan?: { endpoints?: { all?: string; services?: Record<string, string> } } }).plan?.endpoints;
  const portalOpts = {
    region: step.ssoRegion,
    env: ctx.env,
    profileEndpoint: endpoints?.services?.sso ?? endpoints?.all,
    sessionLabel: step.ssoSession ? `sso-session '${step.ssoSession}'` : `start URL ${step.startUrl}`,
    loginCommand: loginCommand(step),
  };
  const role = { accountId: step.accountId, roleName: step.roleName };

  const first = await tokens.get(ref);
  ctx.verbose(`GetRoleCredentials ${step.roleName} in ${step.accountId} (token valid until ${first.expiresAt.toISOString()})`);
  try {
    return await getRoleCredentials(first.accessToken, role, portalOpts);
  } catch (e) {
    const rejected = e instanceof TempkeyError && e.code === 'SSO_TOKEN_REJECTED';
    // An expired token being refused is ordinary; only a live one refused is the stale-session trap.
    if (!rejected || first.expiresAt.getTime() <= ctx.now().getTime()) throw withProfile(e, step);
    ctx.verbose(`the SSO portal rejected a token that had not expired (valid until ${first.expiresAt.toISOString()}); refreshing the session and retrying once`);
    await tokens.reportRejected(ref);
    const second = await tokens.get(ref);
    try {
      return await getRoleCredentials(second.accessToken, role, portalOpts);
    } catch (e2) {
      throw withProfile(e2, step);
    }
  }
};

function withProfile(e: unknown, step: SsoRoleStep): unknown {
  if (!(e instanceof TempkeyError) || e.location || !step.profile) return e;
  return new TempkeyError(e.code, `${e.message} (profile '${step.profile}')`, {
    fix: e.fix,
    location: { profile: step.profile },
    exitCode: e.exitCode,
    cause: e,
  });
}

export default run;
