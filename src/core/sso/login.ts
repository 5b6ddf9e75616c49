import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TempkeyError } from '../../lib/errors.js';
import type { SsoSessionRef } from '../../lib/domain.js';
import { readRegistration, writeRegistration, type RegistrationFile, type SsoTokenFile } from '../../files/sso-token-cache.js';
import type { BrowserOpener } from '../ui/browser.js';
import { ssoLoginCommand, ssoSessionLabel } from '../../lib/sso-session.js';

/**
 * One browser login to IAM Identity Center, by either OAuth flow:
 *  - PKCE authorization code (default): a loopback listener on 127.0.0.1 at a
 *    random port receives the code; the `state` must match.
 *  - device code (no browser here, or asked for): the person opens a URL
 *    anywhere and confirms the code; we poll at the interval, slowing down
 *    when told to.
 * The client registration is cached like the AWS CLI's and reused until it expires.
 */
export type LoginFlow = 'pkce' | 'device';

export interface LoginOptions {
  env: NodeJS.ProcessEnv;
  ref: SsoSessionRef;
  flow: LoginFlow;
  /** Undefined: print the URL only (`--no-browser`). */
  openBrowser?: BrowserOpener;
  /** Messages for the person (stderr). */
  tell: (text: string) => void;
  /** Give up after this long (default 10 minutes, the device code's lifetime). */
  timeoutMs?: number;
  now?: () => Date;
}

const SCOPES = ['sso:account:access'];
const CLIENT_NAME = 'tempkey';

const labelOf = ssoSessionLabel;

export async function ssoLogin(opts: LoginOptions): Promise<SsoTokenFile> {
  const { OidcClient } = await import('../../aws/sso-oidc.js');
  const oidc = new OidcClient({ region: opts.ref.region, env: opts.env, sessionLabel: labelOf(opts.ref), loginCommand: ssoLoginCommand(opts.ref) });
  try {
    return opts.flow === 'pkce' ? await pkceLogin(oidc, opts) : await deviceLogin(oidc, opts);
  } finally {
    oidc.destroy();
  }
}

type Oidc = InstanceType<Awaited<typeof import('../../aws/sso-oidc.js')>['OidcClient']>;

/** Registrations without grantTypes (the AWS CLI before PKCE) are device-code ones. */
const grantsOf = (r: { grantTypes?: string[] }) => r.grantTypes ?? ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'];

/**
 * The client registration for this flow. Device code: the AWS CLI's shared slot
 * (both tools reuse one registration). PKCE: a PKCE registration found in the
 * shared slot (a current AWS CLI wrote it) is reused, else tempkey's own slot;
 * a new PKCE registration never replaces what is in the shared slot, so the
 * AWS CLI v2 2.9's device-code login keeps working beside tempkey's browser one.
 */
async function registration(oidc: Oidc, opts: LoginOptions, grantTypes: string[], redirectUris?: string[], force = false) {
  const now = (opts.now ?? (() => new Date()))();
  const scopes = opts.ref.scopes?.length ? opts.ref.scopes : SCOPES;
  const pkce = redirectUris !== undefined;
  // A registration lives 90 days; one made for the other flow lacks this flow's grant.
  const fits = (r: RegistrationFile | undefined): r is RegistrationFile => !!r && r.expiresAt.getTime() - now.getTime() > 3600_000 && grantTypes.every((g) => grantsOf(r).includes(g));
  if (!force) {
    const shared = await readRegistration(opts.env, opts.ref);
    if (fits(shared)) return shared;
    const own = pkce ? await readRegistration(opts.env, opts.ref, 'tempkey-pkce') : undefined;
    if (fits(own)) return own;
  }
  const reg = await oidc.register({ clientName: CLIENT_NAME, scopes, grantTypes, redirectUris, issuerUrl: pkce ? opts.ref.startUrl : undefined });
  await writeRegistration(opts.env, opts.ref, { ...reg, scopes, grantTypes }, pkce ? 'tempkey-pkce' : 'shared');
  return reg;
}

function tokenFile(opts: LoginOptions, reg: { clientId: string; clientSecret: string; expiresAt: Date }, t: { accessToken: string; expiresIn: number; refreshToken?: string }): SsoTokenFile {
  const now = (opts.now ?? (() => new Date()))();
  return {
    startUrl: opts.ref.startUrl,
    region: opts.ref.region,
    accessToken: t.accessToken,
    expiresAt: new Date(now.getTime() + t.expiresIn * 1000),
    clientId: reg.clientId,
    clientSecret: reg.clientSecret,
    registrationExpiresAt: reg.expiresAt,
    refreshToken: t.refreshToken,
  };
}

async function deviceLogin(oidc: Oidc, opts: LoginOptions): Promise<SsoTokenFile> {
  const { DEVICE_GRANT, oidcErrorCode } = await import('../../aws/sso-oidc.js');
  const grants = [DEVICE_GRANT, 'refresh_token'];
  // A cached registration the service refuses (expired early, deleted, or not for this
  // grant although it claims to be): register again, once, and start over.
  try {
    return await deviceAttempt(oidc, opts, await registration(oidc, opts, grants));
  } catch (e) {
    if (!['unauthorized_client', 'invalid_client'].includes(oidcErrorCode(e) ?? '')) throw e;
    return deviceAttempt(oidc, opts, await registration(oidc, opts, grants, undefined, true));
  }
}

async function deviceAttempt(oidc: Oidc, opts: LoginOptions, reg: RegistrationFile): Promise<SsoTokenFile> {
  const { DEVICE_GRANT, oidcErrorCode } = await import('../../aws/sso-oidc.js');
  const auth = await oidc.startDeviceAuthorization(reg, opts.ref.startUrl);
  const opened = opts.openBrowser ? await opts.openBrowser(auth.verificationUriComplete) : false;
  opts.tell(
    `${opened ? 'A browser window is open to sign in to' : 'To sign in to'} ${labelOf(opts.ref)}${opened ? '; if it did not open, go to' : ', open'}:\n\n    ${auth.verificationUriComplete}\n\nand check that it shows this code:\n\n    ${auth.userCode}\n\n`,
  );
  const deadline = Date.now() + Math.min(opts.timeoutMs ?? 600_000, auth.expiresIn * 1000);
  let interval = Math.max(auth.interval, 1) * 1000;
  for (;;) {
    try {
      return tokenFile(opts, reg, await oidc.createToken(reg, { grantType: DEVICE_GRANT, deviceCode: auth.deviceCode }));
    } catch (e) {
      const code = oidcErrorCode(e);
      if (code === 'slow_down') interval += 5000;
      else if (code === 'access_denied') throw new TempkeyError('SSO_LOGIN_DENIED', `The sign-in to ${labelOf(opts.ref)} was denied in the browser.`, { fix: 'Run the login again and choose Allow.' });
      else if (code === 'expired_token') throw loginTimeout(opts);
      else if (code !== 'authorization_pending') throw e;
    }
    if (Date.now() + interval > deadline) throw loginTimeout(opts);
    await new Promise((r) => setTimeout(r, interval));
  }
}

function loginTimeout(opts: LoginOptions): TempkeyError {
  return new TempkeyError('SSO_LOGIN_TIMEOUT', `Nobody completed the sign-in to ${labelOf(opts.ref)} in time.`, { fix: 'Run the login again and finish it in the browser within 10 minutes.' });
}

async function pkceLogin(oidc: Oidc, opts: LoginOptions): Promise<SsoTokenFile> {
  const { oidcAuthorizeBase } = await import('../../aws/sso-oidc.js');
  const reg = await registration(oidc, opts, ['authorization_code', 'refresh_token'], ['http://127.0.0.1/oauth/callback']);
  const verifier = randomBytes(48).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const state = randomBytes(24).toString('base64url');
  const listener = await loopbackListener(state, opts.timeoutMs ?? 600_000);
  try {
    const redirectUri = `http://127.0.0.1:${listener.port}/oauth/callback`;
    const scopes = opts.ref.scopes?.length ? opts.ref.scopes : SCOPES;
    const q = new URLSearchParams({ response_type: 'code', client_id: reg.clientId, redirect_uri: redirectUri, state, code_challenge_method: 'S256', scopes: scopes.join(' '), code_challenge: challenge });
    const url = `${oidcAuthorizeBase({ region: opts.ref.region, env: opts.env })}/authorize?${q}`;
    const opened = opts.openBrowser ? await opts.openBrowser(url) : false;
    opts.tell(`${opened ? 'A browser window is open to sign in to' : 'To sign in to'} ${labelOf(opts.ref)}${opened ? '; if it did not open, go to' : ', open this URL in a browser on this machine'}:\n\n    ${url}\n\n`);
    const code = await listener.code;
    return tokenFile(opts, reg, await oidc.createToken(reg, { grantType: 'authorization_code', code, redirectUri, codeVerifier: verifier }));
  } finally {
    listener.close();
  }
}

/** Waits for `GET /oauth/callback?code&state` on 127.0.0.1; a wrong state is ignored (and answered 400). */
export async function loopbackListener(state: string, timeoutMs: number): Promise<{ port: number; code: Promise<string>; close: () => void }> {
  let settle!: { resolve: (c: string) => void; reject: (e: Error) => void };
  const code = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  const page = (title: string, text: string) => `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p id="result">${text}</p></body></html>`;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/oauth/callback') {
      res.writeHead(404).end();
      return;
    }
    if (url.searchParams.get('state') !== state) {
      res.writeHead(400, { 'content-type': 'text/html' }).end(page('Sign-in not accepted', 'This response does not belong to the sign-in tempkey started.'));
      return;
    }
    const error = url.searchParams.get('error');
    const got = url.searchParams.get('code');
    res.writeHead(error ? 400 : 200, { 'content-type': 'text/html' }).end(
      error ? page('Sign-in failed', `The sign-in was not completed (${error}).`) : page('Signed in', 'tempkey has your sign-in. You can close this window.'),
    );
    if (error) settle.reject(new TempkeyError('SSO_LOGIN_DENIED', `The sign-in was not completed in the browser (${error}).`, { fix: 'Run the login again and choose Allow.' }));
    else if (got) settle.resolve(got);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const timer = setTimeout(() => settle.reject(new TempkeyError('SSO_LOGIN_TIMEOUT', 'Nobody completed the sign-in in the browser in time.', { fix: 'Run the login again; use --use-device-code if the browser is on another machine.' })), timeoutMs);
  return {
    port: (server.address() as AddressInfo).port,
    code,
    close: () => {
      clearTimeout(timer);
      server.closeAllConnections();
      server.close();
    },
  };
}
