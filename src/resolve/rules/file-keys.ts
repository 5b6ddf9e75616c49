import { TempkeyError, where } from '../../lib/errors.js';
import type { ProfileEntry } from '../../files/profile-model.js';
import { staticKeysStep, type StaticKeysStep } from '../../sources/static-keys.js';
import { at } from './rule.js';

/** Keys written in a profile of the credentials or the config file (the credentials-file and config-file rules). */
export function fileKeysStep(p: ProfileEntry, which: 'credentials-file' | 'config-file'): StaticKeysStep {
  const s = which === 'credentials-file' ? p.fromCredentials : p.fromConfig;
  const key = s.aws_access_key_id!;
  if (!s.aws_secret_access_key) {
    throw new TempkeyError('PARTIAL_CREDENTIALS', `Profile '${p.name}' has aws_access_key_id${at(key)} but no aws_secret_access_key in the same file.`, {
      location: { ...key.origin, profile: p.name },
      fix: `Add aws_secret_access_key to that section, or run 'tempkey credentials configure --profile ${p.name}'.`,
    });
  }
  const hasSessionToken = Boolean(s.aws_session_token ?? s.aws_security_token);
  const section = which === 'credentials-file' ? p.credentialsSection! : p.configSection!;
  return staticKeysStep({
    profile: p.name,
    source: { type: which, profile: p.name, origin: section },
    hasSessionToken,
    summary: `${hasSessionToken ? 'Temporary' : 'Long-term'} keys of profile '${p.name}' in ${where(key.origin)}`,
  });
}
