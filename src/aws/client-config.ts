import type { AwsCredentials } from '../lib/domain.js';

/**
 * Settings shared by every AWS client tempkey creates. Endpoints follow the
 * AWS CLI's order: AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL, then the
 * profile's own (services section / endpoint_url), else the SDK's default.
 * Credentials are always passed explicitly: tempkey never lets an SDK client
 * walk its own default chain (that could call back into tempkey through a
 * credential_process line and recurse).
 */
export type ServiceId = 'sts' | 'iam' | 'organizations' | 'sso' | 'sso_oidc' | 'signin';

export interface ClientOptions {
  region: string;
  env: NodeJS.ProcessEnv;
  /** Endpoint configured in the profile (services/endpoint_url), lowest precedence. */
  profileEndpoint?: string;
  credentials?: AwsCredentials;
  /** Max attempts including the first (SDK retry strategy); default 5 with backoff. */
  maxAttempts?: number;
}

export function endpointFor(service: ServiceId, env: NodeJS.ProcessEnv, profileEndpoint?: string): string | undefined {
  const specific = env[`AWS_ENDPOINT_URL_${service.toUpperCase()}`];
  if (specific) return specific;
  if (env.AWS_ENDPOINT_URL) return env.AWS_ENDPOINT_URL;
  return profileEndpoint || undefined;
}

export const USER_AGENT_APP_ID = 'tempkey';

/** The constructor options for any @aws-sdk/client-* client. */
export function clientConfig(service: ServiceId, opts: ClientOptions): Record<string, unknown> {
  const endpoint = endpointFor(service, opts.env, opts.profileEndpoint);
  const cfg: Record<string, unknown> = {
    region: opts.region,
    maxAttempts: opts.maxAttempts ?? 5,
    customUserAgent: USER_AGENT_APP_ID,
  };
  if (endpoint) cfg.endpoint = endpoint;
  if (opts.credentials) {
    const c = opts.credentials;
    cfg.credentials = {
      accessKeyId: c.accessKeyId,
      secretAccessKey: c.secretAccessKey,
      sessionToken: c.sessionToken,
      expiration: c.expiration,
    };
  } else {
    // Unsigned services (sso, sso-oidc) still need a credentials provider that never walks the chain.
    cfg.credentials = async () => {
      throw new Error('tempkey: this call must not need AWS credentials');
    };
  }
  return cfg;
}
