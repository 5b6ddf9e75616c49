import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHash, createPublicKey, randomBytes, verify } from 'node:crypto';
import { escapeHtml, readBody, redirect, sendHtml, sendJson } from './http.js';
import { isLoopbackRedirect } from './pages.js';
import type { Directory } from './directory.js';

/**
 * The AWS Sign-In service's OAuth side, as `aws login` (console credentials)
 * uses it: a browser page `/v1/authorize` (sign in, then redirect to the
 * loopback URI with code and state) and `POST /v1/token` (CreateOAuth2Token,
 * rest-json) for the authorization_code (PKCE) and refresh_token grants.
 * Every token request carries a DPoP proof (ES256 JWT with the client's
 * public key); the refresh token is bound to that key, as the real service
 * binds it (cnf.jkt), so a stolen refresh token alone is useless.
 */
interface Grant {
  userName: string;
  clientId: string;
  redirectUri: string;
  challenge: string;
  expiresAt: number;
}
interface Refresh {
  userName: string;
  clientId: string;
  jkt: string;
  expiresAt: number;
}

export interface SigninContext {
  directory: Directory;
  autoApproveUser: () => string | undefined;
  mint: (userName: string) => Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken: string }>;
  now: () => number;
}

class SigninError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly error: string,
    message: string,
  ) {
    super(message);
  }
}

function thumbprint(jwk: { crv: string; kty: string; x: string; y: string }): string {
  return createHash('sha256').update(JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y })).digest('base64url');
}

/** Checks a DPoP proof for this request; returns the key's thumbprint. */
function checkDpop(proof: string | undefined, method: string, url: string, now: number): string {
  const bad = (why: string) => new SigninError(400, 'ValidationException', 'INVALID_REQUEST', `DPoP proof rejected: ${why}`);
  const parts = proof?.split('.');
  if (!parts || parts.length !== 3) throw bad('missing or malformed DPoP header');
  const [h, p, s] = parts as [string, string, string];
  const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as { typ?: string; alg?: string; jwk?: { kty: string; crv: string; x: string; y: string } };
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as { htm?: string; htu?: string; iat?: number; jti?: string };
  if (header.typ !== 'dpop+jwt' || header.alg !== 'ES256' || !header.jwk) throw bad('header must be typ dpop+jwt, alg ES256, with a jwk');
  const key = createPublicKey({ key: header.jwk, format: 'jwk' });
  if (!verify('sha256', Buffer.from(`${h}.${p}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(s, 'base64url'))) throw bad('bad signature');
  if (payload.htm !== method || payload.htu !== url) throw bad(`htm/htu do not match ${method} ${url}`);
  if (!payload.iat || Math.abs(now / 1000 - payload.iat) > 300 || !payload.jti) throw bad('stale or missing iat/jti');
  return thumbprint(header.jwk);
}

export class SigninService {
  private grants = new Map<string, Grant>();
  private refreshes = new Map<string, Refresh>();

  constructor(private ctx: SigninContext) {}

  /** Handles /v1/authorize and /v1/token; returns the operation name, or undefined for other paths. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL, baseUrl: string): Promise<string | undefined> {
    const route = `${req.method} ${url.pathname}`;
    if (route === 'GET /v1/authorize' || route === 'POST /v1/authorize') return this.authorize(req, res, url);
    if (route !== 'POST /v1/token') return undefined;
    try {
      const body = JSON.parse((await readBody(req)).toString('utf8') || '{}') as Record<string, string | undefined>;
      const jkt = checkDpop(req.headers.dpop as string | undefined, 'POST', `${baseUrl}/v1/token`, this.ctx.now());
      let userName: string;
      let sessionEnd = this.ctx.now() + 12 * 3600_000;
      if (body.grantType === 'authorization_code') {
        const g = this.grants.get(body.code ?? '');
        this.grants.delete(body.code ?? '');
        if (!g || g.expiresAt < this.ctx.now()) throw new SigninError(401, 'AccessDeniedException', 'AUTHCODE_EXPIRED', 'The authorization code is invalid or expired');
        if (g.clientId !== body.clientId || g.redirectUri !== body.redirectUri) throw new SigninError(400, 'ValidationException', 'INVALID_REQUEST', 'clientId or redirectUri do not match the authorization');
        if (createHash('sha256').update(body.codeVerifier ?? '').digest('base64url') !== g.challenge) throw new SigninError(400, 'ValidationException', 'INVALID_REQUEST', 'codeVerifier does not match the code challenge');
        userName = g.userName;
      } else if (body.grantType === 'refresh_token') {
        const r = this.refreshes.get(body.refreshToken ?? '');
        if (!r || r.expiresAt < this.ctx.now() || r.clientId !== body.clientId) throw new SigninError(401, 'AccessDeniedException', 'TOKEN_EXPIRED', 'The refresh token is invalid or expired; sign in again');
        if (r.jkt !== jkt) throw new SigninError(400, 'ValidationException', 'INVALID_REQUEST', 'The DPoP key does not match the one the refresh token is bound to');
        this.refreshes.delete(body.refreshToken!);
        userName = r.userName;
        sessionEnd = r.expiresAt;
      } else throw new SigninError(400, 'ValidationException', 'INVALID_REQUEST', `unsupported grantType '${body.grantType ?? ''}'`);
      const refreshToken = `rt-${randomBytes(24).toString('base64url')}`;
      // Console sessions last 12 hours; each refresh yields 15-minute keys.
      this.refreshes.set(refreshToken, { userName, clientId: body.clientId ?? '', jkt, expiresAt: sessionEnd });
      const accessToken = await this.ctx.mint(userName);
      sendJson(res, 200, { accessToken, tokenType: 'aws_sigv4', expiresIn: 900, refreshToken, idToken: `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: userName })).toString('base64url')}.` });
      return 'CreateOAuth2Token';
    } catch (e) {
      if (!(e instanceof SigninError)) throw e;
      sendJson(res, e.status, { error: e.error, message: e.message }, e.type);
      return 'CreateOAuth2Token';
    }
  }

  private async authorize(req: IncomingMessage, res: ServerResponse, url: URL): Promise<string> {
    const q = req.method === 'POST' ? new URLSearchParams((await readBody(req)).toString('utf8')) : url.searchParams;
    const redirectUri = q.get('redirect_uri') ?? '';
    if (!isLoopbackRedirect(redirectUri) || q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge') || !q.get('client_id')) {
      sendHtml(res, 400, 'Invalid sign-in request', '<p id="result">The request needs a loopback redirect_uri, a client_id and an S256 code_challenge.</p>');
      return 'SigninAuthorize';
    }
    const back = (params: Record<string, string>) => {
      const u = new URL(redirectUri);
      for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
      if (q.get('state') !== null) u.searchParams.set('state', q.get('state')!);
      redirect(res, u.toString());
    };
    const grant = (userName: string) => {
      const code = `ac-${randomBytes(24).toString('base64url')}`;
      this.grants.set(code, { userName, clientId: q.get('client_id')!, redirectUri, challenge: q.get('code_challenge')!, expiresAt: this.ctx.now() + 300_000 });
      back({ code });
    };
    const auto = this.ctx.autoApproveUser();
    if (req.method === 'GET') {
      if (auto) return grant(auto), 'SigninAuthorize';
      const hidden = ['client_id', 'redirect_uri', 'state', 'code_challenge', 'code_challenge_method', 'scope']
        .map((k) => `<input type="hidden" name="${k}" value="${escapeHtml(q.get(k) ?? '')}">`)
        .join('');
      sendHtml(
        res,
        200,
        'Sign in to the AWS CLI (console credentials)',
        `<form method="post" action="/v1/authorize">${hidden}<p><label>User name <input id="username" name="username"></label></p><p><label>Password <input id="password" name="password" type="password"></label></p>
<button id="approve" name="decision" value="approve" type="submit">Allow</button> <button id="deny" name="decision" value="deny" type="submit">Deny</button></form>`,
      );
      return 'SigninAuthorize';
    }
    if (q.get('decision') !== 'approve') return back({ error: 'access_denied' }), 'SigninAuthorize';
    const user = this.ctx.directory.users.find((u) => u.userName === q.get('username') && u.password === q.get('password'));
    if (!user) {
      sendHtml(res, 401, 'Sign-in failed', '<p id="result">Wrong user name or password.</p>');
      return 'SigninAuthorize';
    }
    grant(user.userName);
    return 'SigninAuthorize';
  }
}
