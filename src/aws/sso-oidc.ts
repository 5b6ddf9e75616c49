import { CreateTokenCommand, RegisterClientCommand, SSOOIDCClient, StartDeviceAuthorizationCommand } from '@aws-sdk/client-sso-oidc';
import { clientConfig, endpointFor, endpointTimeoutError, isTimeoutError } from './client-config.js';
import { silenceSdkNodeVersionWarning } from './sdk-node-warning.js';
import { TempkeyError } from '../lib/errors.js';
import { registerSecret } from '../lib/redact.js';

// Same as sts.ts: the SDK's Node-version warning on stderr would garble command output.
silenceSdkNodeVersionWarning();

/**
 * IAM Identity Center's OIDC service (`sso-oidc`): client registration, the
 * device authorization grant, and CreateToken for the device, PKCE
 * authorization-code and refresh grants. Unsigned calls.
 */
export const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

export interface OidcOptions {
  region: string;
  env: NodeJS.ProcessEnv;
  /** Which session the calls are for ("sso-session 'acme'"), for messages. */
  sessionLabel?: string;
  /** The command that logs this session in again, for fix lines. */
  loginCommand?: string;
}

export interface ClientRegistration {
  clientId: string;
  clientSecret: string;
  expiresAt: Date;
  scopes?: string[];
  grantTypes?: string[];
}

export interface DeviceAuthorization {
  deviceCode: string;
  userCode: string;
  verificationUri: string;
  verificationUriComplete: string;
  expiresIn: number;
  interval: number;
}

export interface IssuedToken {
  accessToken: string;
  expiresIn: number;
  refreshToken?: string;
}

/**
 * OAuth error codes the service answers with (authorization_pending, slow_down, invalid_grant, …),
 * also from the typed error OidcClient wraps them in.
 */
export function oidcErrorCode(e: unknown): string | undefined {
  if (e instanceof TempkeyError && e.cause) return oidcErrorCode(e.cause);
  const err = e as { error?: string; name?: string };
  if (typeof err?.error === 'string') return err.error;
  const byName: Record<string, string> = {
    AuthorizationPendingException: 'authorization_pending',
    SlowDownException: 'slow_down',
    ExpiredTokenException: 'expired_token',
    AccessDeniedException: 'access_denied',
    InvalidGrantException: 'invalid_grant',
    InvalidClientException: 'invalid_client',
    InvalidRequestException: 'invalid_request',
    InvalidScopeException: 'invalid_scope',
    UnauthorizedClientException: 'unauthorized_client',
    UnsupportedGrantTypeException: 'unsupported_grant_type',
    InvalidRedirectUriException: 'invalid_redirect_uri',
    InternalServerException: 'server_error',
  };
  return err?.name ? byName[err.name] : undefined;
}

/** Answers that are part of a flow (keep polling, slow down): the caller handles them, they are not failures. */
const FLOW_CODES = new Set(['authorization_pending', 'slow_down']);

type SdkErrorShape = { name?: string; code?: string; message?: string; error_description?: string; $metadata?: { httpStatusCode?: number; attempts?: number } };

/**
 * An OIDC failure as a typed error that says what happened, where, and the fix,
 * as the portal's errors do (aws/sso.ts). The SDK error stays the cause, so
 * oidcErrorCode still reads the OAuth code through it.
 */
export function oidcError(e: unknown, op: string, opts: OidcOptions): unknown {
  if (e instanceof TempkeyError) return e;
  const code = oidcErrorCode(e);
  if (code && FLOW_CODES.has(code)) return e;
  const err = e as SdkErrorShape;
  const endpoint = endpointFor('sso_oidc', opts.env) ?? `https://oidc.${opts.region}.amazonaws.com`;
  const session = opts.sessionLabel ? ` for ${opts.sessionLabel}` : '';
  const login = opts.loginCommand ?? 'tempkey login';
  const status = err.$metadata?.httpStatusCode;
  const attempts = err.$metadata?.attempts;
  const detail = err.error_description ?? err.message ?? String(e);
  const service = `IAM Identity Center (OIDC at ${endpoint})`;
  if (isTimeoutError(e)) return endpointTimeoutError('IAM Identity Center OIDC', endpoint, op, opts.env, e, { what: session });
  if (code === 'access_denied') {
    return new TempkeyError('SSO_OIDC_ACCESS_DENIED', `${service} denied ${op}${session}: ${detail}`, {
      fix: `Sign in again and choose Allow: ${login}. If it is refused again, ask your administrator whether your user is assigned to this AWS access portal.`,
      cause: e,
    });
  }
  if (code === 'invalid_grant' || code === 'expired_token') {
    return new TempkeyError('SSO_SESSION_ENDED', `${service} no longer accepts the session${session} (${code}): ${detail}`, { fix: `Log in again: ${login}`, cause: e });
  }
  if (code === 'invalid_client' || code === 'unauthorized_client') {
    return new TempkeyError('SSO_CLIENT_INVALID', `${service} no longer knows tempkey's client registration${session} (${code}) during ${op}.`, {
      fix: `Log in again (a new client is registered): ${login}`,
      cause: e,
    });
  }
  if (code === 'invalid_request' || code === 'invalid_scope' || code === 'unsupported_grant_type' || code === 'invalid_redirect_uri') {
    return new TempkeyError('SSO_OIDC_INVALID_REQUEST', `${service} refused ${op}${session} (${code}): ${detail}`, {
      fix: 'Check sso_start_url, sso_region and sso_registration_scopes of the sso-session in the config file (tempkey explain shows which ones are used).',
      cause: e,
    });
  }
  if (err.name === 'TooManyRequestsException' || err.name === 'ThrottlingException' || status === 429) {
    return new TempkeyError('THROTTLED', `${service} kept throttling ${op}${session}${attempts ? ` after ${attempts} attempts` : ''}.`, { fix: 'Wait a minute and run the command again.', cause: e });
  }
  if ((status !== undefined && status >= 500) || code === 'server_error') {
    return new TempkeyError('SSO_OIDC_UNAVAILABLE', `${service} failed ${op}${session} with HTTP ${status ?? 500} (${err.name ?? 'server error'})${attempts ? ` after ${attempts} attempts` : ''}: the service had a problem, not your settings.`, {
      fix: `Wait a minute and run the command again; if it persists, check the AWS Health Dashboard for IAM Identity Center in ${opts.region} (and AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_SSO_OIDC if set).`,
      cause: e,
    });
  }
  if (!status && /ECONNRESET|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EPIPE|socket hang up|EHOSTUNREACH|ENETUNREACH/.test(`${err.code ?? ''} ${err.name ?? ''} ${err.message ?? ''}`)) {
    return new TempkeyError('NETWORK', `Could not reach ${service} for ${op}${session}: ${err.message ?? err.code}`, {
      fix: 'Check the network connection, proxy settings and AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_SSO_OIDC, then retry.',
      cause: e,
    });
  }
  return new TempkeyError('SSO_OIDC_ERROR', `${service} failed ${op}${session}${status ? ` (HTTP ${status})` : ''}: ${err.name ?? 'Error'}: ${detail}`, {
    fix: `Retry; if it persists, log in again: ${login}`,
    cause: e,
  });
}

/** The root the browser is sent to for `/authorize` (the endpoint's path is dropped, as the AWS CLI does). */
export function oidcAuthorizeBase(opts: OidcOptions): string {
  const endpoint = endpointFor('sso_oidc', opts.env) ?? `https://oidc.${opts.region}.amazonaws.com`;
  return new URL(endpoint).origin;
}

export class OidcClient {
  private client: SSOOIDCClient;
  private opts: OidcOptions;

  constructor(opts: OidcOptions) {
    this.opts = opts;
    this.client = new SSOOIDCClient(clientConfig('sso_oidc', { region: opts.region, env: opts.env, maxAttempts: 3 }));
  }

  private async send<T>(op: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw oidcError(e, op, this.opts);
    }
  }

  async register(input: { clientName: string; scopes?: string[]; grantTypes?: string[]; redirectUris?: string[]; issuerUrl?: string }): Promise<ClientRegistration> {
    const r = await this.send('RegisterClient', () => this.client.send(new RegisterClientCommand({ clientType: 'public', ...input })));
    registerSecret(r.clientSecret);
    return {
      clientId: r.clientId!,
      clientSecret: r.clientSecret!,
      expiresAt: new Date((r.clientSecretExpiresAt ?? 0) * 1000),
      scopes: input.scopes,
      grantTypes: input.grantTypes,
    };
  }

  async startDeviceAuthorization(reg: ClientRegistration, startUrl: string): Promise<DeviceAuthorization> {
    const r = await this.send('StartDeviceAuthorization', () => this.client.send(new StartDeviceAuthorizationCommand({ clientId: reg.clientId, clientSecret: reg.clientSecret, startUrl })));
    return {
      deviceCode: r.deviceCode!,
      userCode: r.userCode!,
      verificationUri: r.verificationUri!,
      verificationUriComplete: r.verificationUriComplete ?? r.verificationUri!,
      expiresIn: r.expiresIn ?? 600,
      interval: r.interval ?? 5,
    };
  }

  async createToken(
    reg: ClientRegistration,
    grant: { grantType: typeof DEVICE_GRANT; deviceCode: string } | { grantType: 'authorization_code'; code: string; redirectUri: string; codeVerifier: string } | { grantType: 'refresh_token'; refreshToken: string },
  ): Promise<IssuedToken> {
    const r = await this.send('CreateToken', () => this.client.send(new CreateTokenCommand({ clientId: reg.clientId, clientSecret: reg.clientSecret, ...grant })));
    registerSecret(r.accessToken);
    registerSecret(r.refreshToken);
    return { accessToken: r.accessToken!, expiresIn: r.expiresIn ?? 3600, refreshToken: r.refreshToken };
  }

  destroy(): void {
    this.client.destroy();
  }
}
