import { TempkeyError } from '../../lib/errors.js';
import { webIdentityStep } from '../../sources/web-identity.js';
import { at, rule } from './rule.js';

/** web_identity_token_file (or AWS_WEB_IDENTITY_TOKEN_FILE) + role_arn: AssumeRoleWithWebIdentity. */
export const webIdentityRule = rule('web-identity', { onHops: true }, (c) => {
  const env = c.env;
  const p = c.entry;
  const envAllowed = !c.hop && !c.explicitProfile;
  const fromEnv = envAllowed && env.AWS_WEB_IDENTITY_TOKEN_FILE;
  const fileSetting = p?.merged.web_identity_token_file;
  if (!fromEnv && !fileSetting) return { rule: 'web-identity', matches: false, reason: 'no web_identity_token_file (nor AWS_WEB_IDENTITY_TOKEN_FILE)' };
  const reason = fromEnv ? 'AWS_WEB_IDENTITY_TOKEN_FILE is set' : `web_identity_token_file${at(fileSetting)}`;
  return {
    rule: 'web-identity',
    matches: true,
    reason,
    origin: fromEnv ? undefined : fileSetting!.origin,
    kind: 'web-identity',
    build: () => {
      const pick = (envName: string, key: string) => (envAllowed && env[envName] !== undefined ? env[envName] : p?.merged[key]?.value);
      const roleArn = pick('AWS_ROLE_ARN', 'role_arn');
      if (!roleArn) {
        throw new TempkeyError('WEB_IDENTITY_NO_ROLE', `Profile '${c.profile}' is set up for web identity (${reason}) but has no role ARN.`, {
          location: { ...(fileSetting?.origin ?? {}), profile: c.profile },
          fix: `Add 'role_arn = arn:aws:iam::<account>:role/<name>' to profile '${c.profile}' (or export AWS_ROLE_ARN).`,
        });
      }
      return [
        webIdentityStep(env, {
          profile: c.profile,
          roleArn,
          webIdentityTokenFile: (fromEnv || fileSetting!.value) as string,
          roleSessionName: pick('AWS_ROLE_SESSION_NAME', 'role_session_name'),
          ...c.sts,
        }),
      ];
    },
  };
});
