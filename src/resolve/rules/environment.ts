import { TempkeyError } from '../../lib/errors.js';
import { staticKeysStep, type StaticKeysStep } from '../../sources/static-keys.js';
import { rule } from './rule.js';

/** AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN) in the environment. */
export const environmentRule = rule('environment', { onHops: true }, (c) => {
  const env = c.env;
  if (c.hop) return { rule: 'environment', matches: false, reason: 'not used for a source profile (the AWS CLI turns the environment rule off for source_profile hops)' };
  if (c.explicitProfile) {
    return {
      rule: 'environment',
      matches: false,
      reason: env.AWS_ACCESS_KEY_ID
        ? 'AWS_ACCESS_KEY_ID is set but ignored: --profile was given explicitly (AWS_PROFILE would not do that)'
        : 'skipped: --profile was given explicitly',
    };
  }
  if (!env.AWS_ACCESS_KEY_ID) return { rule: 'environment', matches: false, reason: 'AWS_ACCESS_KEY_ID is not set' };
  return { rule: 'environment', matches: true, reason: 'AWS_ACCESS_KEY_ID is set in the environment', build: () => [envKeysStep(env, undefined, 'environment')] };
});

/** The keys of the environment as a step (also credential_source = Environment). */
export function envKeysStep(env: NodeJS.ProcessEnv, profile: string | undefined, why: string): StaticKeysStep {
  if (!env.AWS_SECRET_ACCESS_KEY) {
    throw new TempkeyError('PARTIAL_CREDENTIALS', `AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not (${why}).`, {
      location: { profile },
      fix: 'Set AWS_SECRET_ACCESS_KEY too, or unset AWS_ACCESS_KEY_ID.',
    });
  }
  const token = env.AWS_SESSION_TOKEN ? 'AWS_SESSION_TOKEN' : env.AWS_SECURITY_TOKEN ? 'AWS_SECURITY_TOKEN' : undefined;
  const variables = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', ...(token ? [token] : [])];
  return staticKeysStep({
    profile,
    source: { type: 'env', variables },
    hasSessionToken: Boolean(token),
    summary: `${token ? 'Temporary' : 'Long-term'} keys from the environment (${variables.join(', ')})`,
  });
}
