import type { IncomingMessage, ServerResponse } from 'node:http';
import type { IdentityCenter } from './identity.js';
import type { Directory } from './directory.js';
import { escapeHtml, readBody, redirect, sendHtml } from './http.js';

/**
 * The pages a person sees: device verification (`/device`) and PKCE consent
 * (`/authorize`). Sign-in is a user name and password from the directory.
 * Plain HTML forms with stable element ids, so a headless browser can drive them.
 */
export interface PagesContext {
  identity: IdentityCenter;
  directory: Directory;
  autoApproveUser?: () => string | undefined;
}

function signInFields(): string {
  return `<p><label>User name <input id="username" name="username" autocomplete="username"></label></p>
<p><label>Password <input id="password" name="password" type="password"></label></p>`;
}

function checkUser(ctx: PagesContext, form: URLSearchParams): string | undefined {
  const user = ctx.directory.users.find((u) => u.userName === form.get('username'));
  return user && user.password === form.get('password') ? user.userName : undefined;
}

/** A loopback redirect URI is the only kind a CLI may use (RFC 8252). */
export function isLoopbackRedirect(uri: string): boolean {
  try {
    const u = new URL(uri);
    return u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '[::1]');
  } catch {
    return false;
  }
}

export async function handlePage(req: IncomingMessage, res: ServerResponse, url: URL, ctx: PagesContext): Promise<string | undefined> {
  const route = `${req.method} ${url.pathname}`;
  if (route === 'GET /device') {
    const code = url.searchParams.get('user_code') ?? '';
    sendHtml(
      res,
      200,
      'Authorize request',
      `<form method="post" action="/device"><p><label>Code <input id="user_code" name="user_code" value="${escapeHtml(code)}"></label></p>${signInFields()}
<button id="approve" name="decision" value="approve" type="submit">Allow</button> <button id="deny" name="decision" value="deny" type="submit">Deny</button></form>`,
    );
    return 'DevicePage';
  }
  if (route === 'POST /device') {
    const form = new URLSearchParams((await readBody(req)).toString('utf8'));
    const userCode = form.get('user_code') ?? '';
    if (!ctx.identity.findDeviceByUserCode(userCode)) {
      sendHtml(res, 400, 'Invalid code', `<p id="result">The code ${escapeHtml(userCode)} is not valid or has expired.</p>`);
      return 'DeviceDecision';
    }
    const approve = form.get('decision') === 'approve';
    const userName = checkUser(ctx, form);
    if (approve && !userName) {
      sendHtml(res, 401, 'Sign-in failed', `<p id="result">Wrong user name or password.</p>`);
      return 'DeviceDecision';
    }
    ctx.identity.decideDevice(userCode, approve, userName);
    sendHtml(res, 200, approve ? 'Request approved' : 'Request denied', `<p id="result">${approve ? 'Request approved. You can close this window.' : 'Request denied.'}</p>`);
    return 'DeviceDecision';
  }
  if (route === 'GET /authorize') {
    const q = url.searchParams;
    const client = ctx.identity.clients.get(q.get('client_id') ?? '');
    const redirectUri = q.get('redirect_uri') ?? '';
    if (!client || !client.grantTypes.includes('authorization_code')) {
      sendHtml(res, 400, 'Invalid client', '<p id="result">Unknown client or the client may not use the authorization code grant.</p>');
      return 'Authorize';
    }
    if (!isLoopbackRedirect(redirectUri)) {
      sendHtml(res, 400, 'Invalid redirect', '<p id="result">redirect_uri must be a loopback http URL.</p>');
      return 'Authorize';
    }
    if (q.get('response_type') !== 'code' || q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')) {
      return void redirectWithError(res, redirectUri, 'invalid_request', q.get('state')), 'Authorize';
    }
    const auto = ctx.autoApproveUser?.();
    if (auto) return void approveCode(ctx, res, q, auto), 'Authorize';
    const hidden = ['client_id', 'redirect_uri', 'state', 'code_challenge', 'scopes']
      .map((k) => `<input type="hidden" name="${k}" value="${escapeHtml(q.get(k) ?? '')}">`)
      .join('');
    sendHtml(
      res,
      200,
      `Allow ${client.clientName} to access your data?`,
      `<form method="post" action="/authorize">${hidden}${signInFields()}
<button id="approve" name="decision" value="approve" type="submit">Allow access</button> <button id="deny" name="decision" value="deny" type="submit">Deny</button></form>`,
    );
    return 'Authorize';
  }
  if (route === 'POST /authorize') {
    const form = new URLSearchParams((await readBody(req)).toString('utf8'));
    const redirectUri = form.get('redirect_uri') ?? '';
    if (!isLoopbackRedirect(redirectUri) || !ctx.identity.clients.has(form.get('client_id') ?? '')) {
      sendHtml(res, 400, 'Invalid request', '<p id="result">Unknown client or redirect.</p>');
      return 'AuthorizeDecision';
    }
    if (form.get('decision') !== 'approve') return void redirectWithError(res, redirectUri, 'access_denied', form.get('state')), 'AuthorizeDecision';
    const userName = checkUser(ctx, form);
    if (!userName) {
      sendHtml(res, 401, 'Sign-in failed', `<p id="result">Wrong user name or password.</p>`);
      return 'AuthorizeDecision';
    }
    approveCode(ctx, res, form, userName);
    return 'AuthorizeDecision';
  }
  return undefined;
}

function approveCode(ctx: PagesContext, res: ServerResponse, q: URLSearchParams, userName: string): void {
  const redirectUri = q.get('redirect_uri')!;
  const code = ctx.identity.issueCode({
    clientId: q.get('client_id')!,
    redirectUri,
    codeChallenge: q.get('code_challenge')!,
    userName,
    scopes: (q.get('scopes') ?? '').split(/[ ,]+/).filter(Boolean),
  });
  const target = new URL(redirectUri);
  target.searchParams.set('code', code.code);
  if (q.get('state') !== null) target.searchParams.set('state', q.get('state')!);
  redirect(res, target.toString());
}

function redirectWithError(res: ServerResponse, redirectUri: string, error: string, state: string | null): void {
  const target = new URL(redirectUri);
  target.searchParams.set('error', error);
  if (state !== null) target.searchParams.set('state', state);
  redirect(res, target.toString());
}
