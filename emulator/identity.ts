import { createHash, randomBytes, randomInt } from 'node:crypto';

/**
 * The state of Identity Center's OIDC side: registered clients, pending
 * device authorizations and authorization codes, issued access and refresh
 * tokens. Pure bookkeeping; the HTTP shapes live in oidc.ts and pages.ts.
 */
export interface RegisteredClient {
  clientId: string;
  clientSecret: string;
  clientName: string;
  grantTypes: string[];
  redirectUris: string[];
  scopes: string[];
  issuerUrl?: string;
  expiresAt: number;
}
export interface DeviceAuthorization {
  deviceCode: string;
  userCode: string;
  clientId: string;
  expiresAt: number;
  intervalSeconds: number;
  lastPollAt?: number;
  decision?: { approved: boolean; userName?: string };
}
export interface AuthorizationCode {
  code: string;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  userName: string;
  scopes: string[];
  expiresAt: number;
  used: boolean;
}
export interface AccessToken {
  accessToken: string;
  refreshToken: string;
  clientId: string;
  userName: string;
  expiresAt: number;
  revoked: boolean;
}

export class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly status: number,
    readonly errorType: string,
    description: string,
  ) {
    super(description);
  }
}

const ERROR_TYPES: Record<string, [number, string]> = {
  authorization_pending: [400, 'AuthorizationPendingException'],
  slow_down: [400, 'SlowDownException'],
  expired_token: [400, 'ExpiredTokenException'],
  access_denied: [400, 'AccessDeniedException'],
  invalid_grant: [400, 'InvalidGrantException'],
  invalid_client: [401, 'InvalidClientException'],
  invalid_request: [400, 'InvalidRequestException'],
  unsupported_grant_type: [400, 'UnsupportedGrantTypeException'],
  unauthorized_client: [400, 'UnauthorizedClientException'],
};

export function oauthError(error: keyof typeof ERROR_TYPES, description: string): OAuthError {
  const [status, type] = ERROR_TYPES[error]!;
  return new OAuthError(error, status, type, description);
}

const token = (prefix: string) => `${prefix}${randomBytes(24).toString('base64url')}`;
const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';

export interface IdentityOptions {
  /** Access token lifetime (Identity Center's default session is 8 hours). */
  accessTokenSeconds: number;
  /** Current time as the emulator sees it (clock skew is injected here). */
  now: () => number;
}

export class IdentityCenter {
  readonly clients = new Map<string, RegisteredClient>();
  readonly devices = new Map<string, DeviceAuthorization>();
  readonly codes = new Map<string, AuthorizationCode>();
  readonly tokens = new Map<string, AccessToken>();
  private byRefresh = new Map<string, AccessToken>();

  constructor(readonly opts: IdentityOptions) {}

  registerClient(input: { clientName?: string; clientType?: string; grantTypes?: string[]; redirectUris?: string[]; scopes?: string[]; issuerUrl?: string }): RegisteredClient {
    if (!input.clientName || !input.clientType) throw oauthError('invalid_request', 'clientName and clientType are required');
    if (input.clientType !== 'public') throw oauthError('invalid_request', `clientType must be 'public'`);
    const grantTypes = input.grantTypes?.length ? input.grantTypes : ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'];
    const client: RegisteredClient = {
      clientId: token('cid-'),
      clientSecret: token('csec-'),
      clientName: input.clientName,
      grantTypes,
      redirectUris: input.redirectUris ?? [],
      scopes: input.scopes ?? [],
      issuerUrl: input.issuerUrl,
      expiresAt: this.opts.now() + 90 * 86400_000,
    };
    this.clients.set(client.clientId, client);
    return client;
  }

  authenticateClient(clientId?: string, clientSecret?: string): RegisteredClient {
    const client = clientId ? this.clients.get(clientId) : undefined;
    if (!client || client.clientSecret !== clientSecret) throw oauthError('invalid_client', 'Invalid client provided');
    if (client.expiresAt <= this.opts.now()) throw oauthError('invalid_client', 'Client registration has expired');
    return client;
  }

  startDeviceAuthorization(client: RegisteredClient): DeviceAuthorization {
    const pick = () => Array.from({ length: 4 }, () => USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)]).join('');
    const auth: DeviceAuthorization = {
      deviceCode: token('dc-'),
      userCode: `${pick()}-${pick()}`,
      clientId: client.clientId,
      expiresAt: this.opts.now() + 600_000,
      intervalSeconds: 1,
    };
    this.devices.set(auth.deviceCode, auth);
    return auth;
  }

  findDeviceByUserCode(userCode: string): DeviceAuthorization | undefined {
    const wanted = userCode.trim().toUpperCase();
    return [...this.devices.values()].find((d) => d.userCode === wanted && d.expiresAt > this.opts.now() && !d.decision);
  }

  decideDevice(userCode: string, approved: boolean, userName?: string): boolean {
    const d = this.findDeviceByUserCode(userCode);
    if (!d) return false;
    d.decision = { approved, userName };
    return true;
  }

  issueCode(input: { clientId: string; redirectUri: string; codeChallenge: string; userName: string; scopes: string[] }): AuthorizationCode {
    const code: AuthorizationCode = { ...input, code: token('code-'), expiresAt: this.opts.now() + 300_000, used: false };
    this.codes.set(code.code, code);
    return code;
  }

  /** CreateToken: the three grants, with the errors the real service gives. */
  createToken(client: RegisteredClient, input: { grantType?: string; deviceCode?: string; code?: string; codeVerifier?: string; redirectUri?: string; refreshToken?: string }): AccessToken {
    const now = this.opts.now();
    if (input.grantType && !client.grantTypes.includes(input.grantType)) throw oauthError('unauthorized_client', `The client is not registered for grant type ${input.grantType}`);
    switch (input.grantType) {
      case 'urn:ietf:params:oauth:grant-type:device_code': {
        const d = input.deviceCode ? this.devices.get(input.deviceCode) : undefined;
        if (!d || d.clientId !== client.clientId) throw oauthError('invalid_grant', 'Invalid device code provided');
        if (d.expiresAt <= now) throw oauthError('expired_token', 'Device code has expired');
        const tooSoon = d.lastPollAt !== undefined && now - d.lastPollAt < d.intervalSeconds * 1000 - 200;
        d.lastPollAt = now;
        if (!d.decision) throw tooSoon ? oauthError('slow_down', 'Client is polling too quickly') : oauthError('authorization_pending', 'Authorization is still pending');
        this.devices.delete(d.deviceCode);
        if (!d.decision.approved) throw oauthError('access_denied', 'The user denied the authorization request');
        return this.issueToken(client.clientId, d.decision.userName!);
      }
      case 'authorization_code': {
        const c = input.code ? this.codes.get(input.code) : undefined;
        if (!c || c.used || c.expiresAt <= now || c.clientId !== client.clientId) throw oauthError('invalid_grant', 'Invalid authorization code provided');
        c.used = true;
        if (input.redirectUri !== c.redirectUri) throw oauthError('invalid_grant', 'redirectUri does not match the authorization request');
        const challenge = createHash('sha256').update(input.codeVerifier ?? '').digest('base64url');
        if (!input.codeVerifier || challenge !== c.codeChallenge) throw oauthError('invalid_grant', 'Code verifier does not match the code challenge');
        return this.issueToken(client.clientId, c.userName);
      }
      case 'refresh_token': {
        const t = input.refreshToken ? this.byRefresh.get(input.refreshToken) : undefined;
        if (!t || t.revoked || t.clientId !== client.clientId) throw oauthError('invalid_grant', 'Invalid refresh token provided');
        this.revoke(t);
        return this.issueToken(client.clientId, t.userName);
      }
      default:
        throw oauthError('unsupported_grant_type', `Unsupported grant type: ${input.grantType ?? '(none)'}`);
    }
  }

  private issueToken(clientId: string, userName: string): AccessToken {
    const t: AccessToken = {
      accessToken: token('aoa'),
      refreshToken: token('aor'),
      clientId,
      userName,
      expiresAt: this.opts.now() + this.opts.accessTokenSeconds * 1000,
      revoked: false,
    };
    this.tokens.set(t.accessToken, t);
    this.byRefresh.set(t.refreshToken, t);
    return t;
  }

  /** The user behind a bearer token, if the portal should accept it. */
  userOf(accessToken: string | undefined): AccessToken | undefined {
    const t = accessToken ? this.tokens.get(accessToken) : undefined;
    if (!t || t.revoked || t.expiresAt <= this.opts.now()) return undefined;
    return t;
  }

  /** Portal Logout: the access token and its refresh token stop working. */
  revoke(t: AccessToken): void {
    t.revoked = true;
    this.byRefresh.delete(t.refreshToken);
  }

  revokeAll(): void {
    for (const t of this.tokens.values()) this.revoke(t);
  }
}
