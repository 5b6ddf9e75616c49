import type { AwsCredentials } from '../lib/domain.js';
import { TempkeyError, type ErrorLocation } from '../lib/errors.js';

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

/**
 * How long one HTTP attempt may take to connect, and to answer, before it is
 * abandoned (botocore's connect and read timeouts are 60 s each). Without a
 * bound, an endpoint that accepts and never answers hangs every caller (and
 * every process waiting on the same lock) for good. TEMPKEY_HTTP_TIMEOUT, in
 * seconds, overrides it (tests use ~1 s).
 */
export const DEFAULT_HTTP_TIMEOUT_SECONDS = 60;

export function httpTimeoutMs(env: NodeJS.ProcessEnv): number {
  const raw = env.TEMPKEY_HTTP_TIMEOUT;
  const n = raw === undefined || raw === '' ? NaN : Number(raw);
  return Math.round((Number.isFinite(n) && n > 0 ? Math.min(n, 3600) : DEFAULT_HTTP_TIMEOUT_SECONDS) * 1000);
}

/** The SDK's (and fetch's) names for an attempt cut off by a timeout. */
export function isTimeoutError(e: unknown): boolean {
  const err = e as { name?: string; code?: string; message?: string } | undefined;
  // The Node handler also names a reset connection TimeoutError: that one is a drop, not a silence.
  if (err?.code === 'ECONNRESET' || err?.code === 'EPIPE' || /socket hang up|ECONNRESET/.test(err?.message ?? '')) return false;
  return err?.name === 'TimeoutError' || err?.code === 'ETIMEDOUT' || (err?.name === 'AbortError' && /timeout/i.test(err.message ?? ''));
}

/**
 * The typed error for an endpoint that accepted (or not) and never answered:
 * names the service, the endpoint and the call, so the person knows what to check.
 */
export function endpointTimeoutError(
  service: string,
  endpoint: string,
  op: string,
  env: NodeJS.ProcessEnv,
  e: unknown,
  extra: { location?: ErrorLocation; what?: string } = {},
): TempkeyError {
  const attempts = (e as { $metadata?: { attempts?: number } })?.$metadata?.attempts;
  const s = httpTimeoutMs(env) / 1000;
  return new TempkeyError(
    'ENDPOINT_TIMEOUT',
    `${service} at ${endpoint} did not answer ${op}${extra.what ?? ''} within ${s} s${attempts && attempts > 1 ? ` (${attempts} attempts)` : ''}.`,
    {
      fix: `Check that ${endpoint} is the right endpoint (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>, the profile's endpoint_url) and reachable (network, proxy); TEMPKEY_HTTP_TIMEOUT sets the timeout in seconds (default ${DEFAULT_HTTP_TIMEOUT_SECONDS}).`,
      location: extra.location,
      cause: e,
    },
  );
}

/** The constructor options for any @aws-sdk/client-* client. */
export function clientConfig(service: ServiceId, opts: ClientOptions): Record<string, unknown> {
  const endpoint = endpointFor(service, opts.env, opts.profileEndpoint);
  const cfg: Record<string, unknown> = {
    region: opts.region,
    maxAttempts: opts.maxAttempts ?? 5,
    customUserAgent: USER_AGENT_APP_ID,
    // Options object: the SDK builds its Node handler from it (no direct import of @smithy/*).
    requestHandler: {
      connectionTimeout: httpTimeoutMs(opts.env),
      requestTimeout: httpTimeoutMs(opts.env),
      throwOnRequestTimeout: true,
      socketTimeout: httpTimeoutMs(opts.env),
    },
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
