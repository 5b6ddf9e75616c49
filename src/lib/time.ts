/**
 * The time formats of the files tempkey shares with the AWS CLI and SDKs, in
 * one place (ISO 8601 without milliseconds, as the tools write them).
 */

/** `2025-01-01T13:00:00Z`: SSO tokens, SSO role caches, credential_process output, the login cache. */
export function isoSecondsZ(d: Date): string {
  const iso = d.toISOString(); // always ends in .sssZ; a slice, not a regex: credential_process prints this on every call
  return `${iso.slice(0, -5)}Z`;
}

/** `2025-01-01T13:00:00UTC`: botocore's strftime('%Y-%m-%dT%H:%M:%S%Z') of a UTC datetime (assume-role cache). */
export function botocoreUtcTime(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'UTC');
}
