import { TempkeyError, where } from '../../lib/errors.js';
import { profileOrigin, type ProfileEntry, type Setting } from '../../files/profile-model.js';
import { ssoRoleStep, type SsoRoleStep } from '../../sources/sso-role.js';
import { at, rule, type RuleContext } from './rule.js';

/** sso_account_id / sso_role_name: IAM Identity Center role credentials (its [sso-session] or the legacy fields). */
export const ssoRule = rule('sso', { onHops: true }, (c) => {
  const p = c.entry;
  const trigger = p?.merged.sso_account_id ?? p?.merged.sso_role_name;
  if (!p || !trigger) return { rule: 'sso', matches: false, reason: 'no sso_account_id / sso_role_name in the profile' };
  return { rule: 'sso', matches: true, reason: `sso_account_id / sso_role_name set${at(trigger)}`, origin: trigger.origin, kind: 'sso', build: () => [ssoStep(c, p)] };
});

function ssoStep(c: RuleContext, p: ProfileEntry): SsoRoleStep {
  const profile = p.name;
  const m = p.merged;
  const values: Record<string, Setting | undefined> = { ...m };
  const required = ['sso_role_name', 'sso_account_id', 'sso_start_url', 'sso_region'];
  const sessionRef = m.sso_session;
  if (sessionRef) {
    const session = c.model.ssoSession(sessionRef.value);
    if (!session) {
      throw new TempkeyError('SSO_SESSION_MISSING', `Profile '${profile}' has sso_session = ${sessionRef.value}${at(sessionRef)}, but there is no [sso-session ${sessionRef.value}] section.`, {
        location: { ...sessionRef.origin, profile },
        fix: `Add [sso-session ${sessionRef.value}] with sso_start_url and sso_region to ${c.files.config} ('tempkey configure sso' writes it).`,
      });
    }
    for (const [key, s] of Object.entries(session.settings)) {
      const mine = m[key];
      if (mine && s && mine.value !== s.value) {
        throw new TempkeyError('SSO_SESSION_CONFLICT', `${key} differs between profile '${profile}' (${mine.value}${at(mine)}) and [sso-session ${session.name}] (${s.value}${at(s)}).`, {
          location: { ...mine.origin, profile },
          fix: `Delete ${key} from profile '${profile}'; the sso-session's value is used.`,
        });
      }
      values[key] = s;
    }
  }
  const missing = required.filter((k) => !values[k]);
  if (missing.length) {
    throw new TempkeyError('SSO_MISSING_FIELDS', `Profile '${profile}' is set up for IAM Identity Center but is missing ${missing.join(', ')} (${where(profileOrigin(p) ?? { file: c.files.config })}).`, {
      location: { ...(profileOrigin(p) ?? {}), profile },
      fix: sessionRef
        ? `Add ${missing.join(', ')} to profile '${profile}' or its [sso-session ${sessionRef.value}].`
        : `Add ${missing.join(', ')} to profile '${profile}' (or run 'tempkey configure sso').`,
    });
  }
  if (p.fromCredentials.aws_access_key_id || p.fromConfig.aws_access_key_id || m.tempkey_vault) {
    const keys = p.fromCredentials.aws_access_key_id ?? p.fromConfig.aws_access_key_id ?? m.tempkey_vault!;
    c.warn(`Profile '${profile}' mixes IAM Identity Center settings with static keys (${where(keys.origin)}); SSO wins, like the AWS CLI, and the keys are ignored.`);
  }
  const scopes = values.sso_registration_scopes?.value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return ssoRoleStep(c.env, {
    profile,
    ssoSession: sessionRef?.value,
    startUrl: values.sso_start_url!.value,
    ssoRegion: values.sso_region!.value,
    accountId: values.sso_account_id!.value,
    roleName: values.sso_role_name!.value,
    registrationScopes: scopes,
    endpoint: c.ssoEndpoint,
  });
}
