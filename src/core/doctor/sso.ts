import { readSsoToken, ssoTokenPath } from '../../files/sso-token-cache.js';
import { sessionRefOf } from '../../sources/sso-role.js';
import { TempkeyError } from '../../lib/errors.js';
import type { SsoRoleStep } from '../../resolve/plan.js';
import { check, planFor, type Check, type DoctorContext } from './types.js';
import { ssoLoginCommand, ssoSessionLabel } from '../../lib/sso-session.js';

/**
 * Identity Center sessions the profiles in question use: is there a token,
 * has it expired, can it be refreshed, and (online) does the portal still
 * accept it: "logged in, yet session expired" is a token the portal rejects
 * although its expiry is in the future.
 */
export async function ssoChecks(ctx: DoctorContext): Promise<Check[]> {
  const out: Check[] = [];
  const seen = new Set<string>();
  for (const name of ctx.profiles) {
    let step: SsoRoleStep | undefined;
    try {
      const plan = planFor(ctx, name);
      step = plan.steps.find((s): s is SsoRoleStep => s.kind === 'sso-role');
    } catch {
      continue; // reported by the profile checks
    }
    if (!step) continue;
    const ref = sessionRefOf(step);
    const key = ref.sessionName ?? ref.startUrl;
    if (seen.has(key)) continue;
    seen.add(key);
    const label = ssoSessionLabel(ref);
    const login = ssoLoginCommand(ref, name);
    const path = ssoTokenPath(ctx.env, ref);
    const token = await readSsoToken(ctx.env, ref);
    if (!token) {
      out.push(check('sso.token', `Signed in to ${label}`, 'fail', { found: `no token in ${path}`, location: { file: path, profile: name }, fix: login }));
      continue;
    }
    const now = ctx.now().getTime();
    const refreshable = Boolean(token.refreshToken && token.clientId && token.clientSecret && (!token.registrationExpiresAt || token.registrationExpiresAt.getTime() > now));
    if (token.expiresAt.getTime() <= now) {
      out.push(
        refreshable
          ? check('sso.token', `Signed in to ${label}`, 'ok', { found: `the access token expired at ${token.expiresAt.toISOString()}; it will be refreshed silently (refresh token present)`, location: { file: path } })
          : check('sso.token', `Signed in to ${label}`, 'fail', { found: `the token expired at ${token.expiresAt.toISOString()} and cannot be refreshed`, location: { file: path, profile: name }, fix: login }),
      );
      continue;
    }
    if (ctx.offline) {
      out.push(check('sso.token', `Signed in to ${label}`, 'ok', { found: `token valid until ${token.expiresAt.toISOString()} (not checked with the portal: --offline)`, location: { file: path } }));
      continue;
    }
    const { createSsoPortal } = await import('../../aws/sso.js');
    const portal = createSsoPortal({ region: ref.region, env: ctx.env, maxAttempts: 2 });
    try {
      await portal.listAccountsPage(token.accessToken, undefined, 1);
      out.push(check('sso.token', `Signed in to ${label}`, 'ok', { found: `the portal accepts the token (valid until ${token.expiresAt.toISOString()})`, location: { file: path } }));
    } catch (e) {
      if (e instanceof TempkeyError && e.code === 'SSO_TOKEN_REJECTED') {
        out.push(
          check('sso.token', `Signed in to ${label}`, 'fail', {
            found: `the portal rejects the cached token although it is valid until ${token.expiresAt.toISOString()}: the session was ended elsewhere (portal logout, revoked). This is the "logged in, yet session expired" trap.`,
            location: { file: path, profile: name },
            fix: login,
          }),
        );
      } else out.push(check('sso.token', `Signed in to ${label}`, 'warn', { found: `could not ask the portal: ${(e as Error).message}`, location: { file: path } }));
    } finally {
      portal.destroy();
    }
  }
  return out;
}
