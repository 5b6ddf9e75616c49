import { CreateTokenCommand, RegisterClientCommand, SSOOIDCClient, StartDeviceAuthorizationCommand } from '@aws-sdk/client-sso-oidc';
import { clientConfig, endpointFor } from './client-config.js';
import { registerSecret } from '../lib/redact.js';

// Same as sts.ts: the SDK's Node-version warning on stderr would garble command output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/**
 * IAM Identity Center's OIDC service (`sso-oidc`): client registration, the
 * device authorization grant, and CreateToken for the device, PKCE
 * authorization-code and refresh grants. Unsigned calls.
 */
export const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

export interface OidcOptions {
  region: string;
  env: NodeJS.ProcessEnv;
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

/** OAuth error codes the service answers with (authorization_pending, slow_down, invalid_grant, …). */
export function oidcErrorCode(e: unknown): string | undefined {
  const err = e as { error?: string; name?: string };
  if (typeof err?.error === 'string') return err.error;
  const byName: Record<string, string> = {
    AuthorizationPendingException: 'authorization_pending',
    SlowDownException: 'slow_down',
    ExpiredTokenException: 'expired_token',
    AccessDeniedException: 'access_denied',
    InvalidGrantException: 'invalid_grant',
    InvalidClientException: 'invalid_client',
  };
  return err?.name ? byName[err.name] : undefined;
}

/** The root the browser is sent to for `/authorize` (the endpoint's path is dropped, as the AWS CLI does). */
export function oidcAuthorizeBase(opts: OidcOptions): string {
  const endpoint = endpointFor('sso_oidc', opts.env) ?? `https://oidc.${opts.region}.amazonaws.com`;
  return new URL(endpoint).origin;
}

export class OidcClient {
  private client: SSOOIDCClient;

  constructor(opts: OidcOptions) {
    this.client = new SSOOIDCClient(clientConfig('sso_oidc', { region: opts.region, env: opts.env, maxAttempts: 3 }));
  }

  async register(input: { clientName: string; scopes?: string[]; grantTypes?: string[]; redirectUris?: string[]; issuerUrl?: string }): Promise<ClientRegistration> {
    const r = await this.client.send(new RegisterClientCommand({ clientType: 'public', ...input }));
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
    const r = await this.client.send(new StartDeviceAuthorizationCommand({ clientId: reg.clientId, clientSecret: reg.clientSecret, startUrl }));
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
    const r = await this.client.send(new CreateTokenCommand({ clientId: reg.clientId, clientSecret: reg.clientSecret, ...grant }));
    registerSecret(r.accessToken);
    registerSecret(r.refreshToken);
    return { accessToken: r.accessToken!, expiresIn: r.expiresIn ?? 3600, refreshToken: r.refreshToken };
  }

  destroy(): void {
    this.client.destroy();
  }
}
