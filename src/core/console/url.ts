import type { CredentialRequest } from '../credentials/obtain.js';

/**
 * `tempkey console`: a federated AWS console sign-in URL for a profile. Role
 * and SSO sessions go straight to the federation endpoint; an IAM user's
 * long-term keys first become a federation session (GetFederationToken), since
 * the console accepts only temporary credentials.
 */
export async function consoleUrl(req: CredentialRequest & { service?: string }): Promise<{ url: string; profile: string; region?: string }> {
  const { obtainCredentials } = await import('../credentials/obtain.js');
  const got = await obtainCredentials(req);
  let creds: import('../../lib/domain.js').AwsCredentials = got.credentials;
  if (!creds.sessionToken) {
    const { getFederationToken } = await import('../../aws/sts.js');
    creds = await getFederationToken(creds, { name: got.plan.profile, durationSeconds: 12 * 3600 }, { region: got.region ?? 'us-east-1', env: req.env, profile: got.plan.profile });
  }
  const { getSigninToken, consoleLoginUrl, consoleDestination } = await import('../../aws/federation.js');
  const token = await getSigninToken(creds, { env: req.env });
  return { url: consoleLoginUrl(token, consoleDestination(req.service, got.region), req.env), profile: got.plan.profile, region: got.region };
}
