import { at, rule } from './rule.js';

/** role_arn (without web_identity_token_file): AssumeRole from a source_profile or a credential_source. */
export const assumeRoleRule = rule('assume-role', { onHops: true }, (c) => {
  const p = c.entry;
  const role = p?.merged.role_arn;
  if (c.hop) {
    // The resolver chains roles itself before checking a hop's rules; a hop reaching here uses its own credentials.
    return {
      rule: 'assume-role',
      matches: false,
      reason: role ? `role_arn${at(role)} ignored: a source profile with static keys uses the keys` : 'no role_arn in the source profile',
    };
  }
  if (!p || !role) return { rule: 'assume-role', matches: false, reason: 'no role_arn in the profile' };
  if (p.merged.web_identity_token_file)
    return {
      rule: 'assume-role',
      matches: false,
      reason: `role_arn is used with web_identity_token_file${at(p.merged.web_identity_token_file)}, so the web-identity rule takes it`,
      origin: role.origin,
    };
  return { rule: 'assume-role', matches: true, reason: `role_arn = ${role.value}${at(role)}`, origin: role.origin, kind: 'assume-role', build: () => c.roleSteps(c.profile) };
});
