import type { SsoSessionRef } from './domain.js';

/**
 * How messages name an Identity Center session, and the command that logs in
 * to it: one wording everywhere (sources, core, doctor, explain).
 */
export function ssoSessionLabel(ref: Pick<SsoSessionRef, 'sessionName' | 'startUrl'>): string {
  return ref.sessionName ? `sso-session '${ref.sessionName}'` : `start URL ${ref.startUrl}`;
}

/** `--sso-session` when the profile uses an [sso-session]; a legacy profile (sso_start_url in the profile) logs in by profile. */
export function ssoLoginCommand(ref: Pick<SsoSessionRef, 'sessionName'>, profile?: string): string {
  if (ref.sessionName) return `tempkey login --sso-session ${ref.sessionName}`;
  return profile ? `tempkey login --profile ${profile}` : 'tempkey login';
}
