import type { SsoRoleStep } from '../resolve/plan.js';
import type { AwsCredentials, SsoSessionRef, StepRunner } from './types.js';
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

export const run: StepRunner<SsoRoleStep> = async (step, _input, ctx): Promise<AwsCredentials> => {
  const tokens = ctx.ssoTokens;
  if (!tokens) {
    throw new TempkeyError('SSO_NO_TOKEN_PROVIDER', `Profile '${step.profile ?? '?'}' uses IAM Identity Center, but this caller gave no SSO token provider.`, {
      fix: 'Run it through the tempkey CLI (tempkey exec / env / credential-process), which logs in when needed.',
      location: step.profile ? { profile: step.profile } : undefined,
    });
  }
  const ref = sessionRefOf(step);
  const { getRoleCredentials } = await import('../aws/sso.js');
  const portalOpts = {
    region: step.ssoRegion,
    env: ctx.env,
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
