import type { IncomingMessage, ServerResponse } from 'node:http';
import { IdentityCenter, OAuthError, oauthError } from './identity.js';
import { readBody, sendJson } from './http.js';

/** SSO OIDC over restJson1: the routes the SDKs call, and their operation names. */
export const OIDC_ROUTES: Record<string, string> = {
  'POST /client/register': 'RegisterClient',
  'POST /device_authorization': 'StartDeviceAuthorization',
  'POST /token': 'CreateToken',
};

export interface OidcContext {
  identity: IdentityCenter;
  baseUrl: string;
  /** Approve device authorizations at once, as this user (scripted demos). */
  autoApproveUser?: () => string | undefined;
}

/** Returns the HTTP status sent and who called (a client id), for the request log. */
export async function handleOidc(op: string, req: IncomingMessage, res: ServerResponse, ctx: OidcContext): Promise<{ status: number; caller?: string }> {
  let input: Record<string, unknown>;
  try {
    const raw = (await readBody(req)).toString('utf8');
    input = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  } catch {
    return fail(res, oauthError('invalid_request', 'Request body is not JSON'));
  }
  const str = (k: string) => (typeof input[k] === 'string' ? (input[k] as string) : undefined);
  const caller = str('clientId');
  try {
    if (op === 'RegisterClient') {
      const c = ctx.identity.registerClient({
        clientName: str('clientName'),
        clientType: str('clientType'),
        grantTypes: input.grantTypes as string[] | undefined,
        redirectUris: input.redirectUris as string[] | undefined,
        scopes: input.scopes as string[] | undefined,
        issuerUrl: str('issuerUrl'),
      });
      sendJson(res, 200, {
        clientId: c.clientId,
        clientSecret: c.clientSecret,
        clientIdIssuedAt: Math.floor(ctx.identity.opts.now() / 1000),
        clientSecretExpiresAt: Math.floor(c.expiresAt / 1000),
        ...(c.grantTypes.includes('authorization_code') ? { authorizationEndpoint: `${ctx.baseUrl}/authorize`, tokenEndpoint: `${ctx.baseUrl}/token` } : {}),
      });
      return { status: 200, caller: c.clientId };
    }
    const client = ctx.identity.authenticateClient(str('clientId'), str('clientSecret'));
    if (op === 'StartDeviceAuthorization') {
      if (!str('startUrl')) throw oauthError('invalid_request', 'startUrl is required');
      const d = ctx.identity.startDeviceAuthorization(client);
      const auto = ctx.autoApproveUser?.();
      if (auto) d.decision = { approved: true, userName: auto };
      sendJson(res, 200, {
        deviceCode: d.deviceCode,
        userCode: d.userCode,
        verificationUri: `${ctx.baseUrl}/device`,
        verificationUriComplete: `${ctx.baseUrl}/device?user_code=${d.userCode}`,
        expiresIn: 600,
        interval: d.intervalSeconds,
      });
      return { status: 200, caller };
    }
    const t = ctx.identity.createToken(client, {
      grantType: str('grantType'),
      deviceCode: str('deviceCode'),
      code: str('code'),
      codeVerifier: str('codeVerifier'),
      redirectUri: str('redirectUri'),
      refreshToken: str('refreshToken'),
    });
    sendJson(res, 200, {
      accessToken: t.accessToken,
      tokenType: 'Bearer',
      expiresIn: Math.round((t.expiresAt - ctx.identity.opts.now()) / 1000),
      refreshToken: t.refreshToken,
    });
    return { status: 200, caller };
  } catch (e) {
    if (e instanceof OAuthError) return { ...fail(res, e), caller };
    throw e;
  }
}

function fail(res: ServerResponse, e: OAuthError): { status: number } {
  sendJson(res, e.status, { error: e.error, error_description: e.message }, e.errorType);
  return { status: e.status };
}
