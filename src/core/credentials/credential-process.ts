import type { AwsCredentials } from '../../lib/domain.js';
import { isoSecondsZ } from '../../lib/time.js';

/**
 * The credential_process output, Version 1: the fields botocore and the JS
 * SDK read. Version is the integer 1 (a string is rejected by both).
 */
export function credentialProcessJson(creds: AwsCredentials): string {
  const out: Record<string, unknown> = {
    Version: 1,
    AccessKeyId: creds.accessKeyId,
    SecretAccessKey: creds.secretAccessKey,
  };
  if (creds.sessionToken) out.SessionToken = creds.sessionToken;
  if (creds.expiration) out.Expiration = isoSecondsZ(creds.expiration);
  if (creds.accountId) out.AccountId = creds.accountId;
  return JSON.stringify(out) + '\n';
}
