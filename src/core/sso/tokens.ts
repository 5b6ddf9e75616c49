import { join } from 'node:path';
import { TempkeyError } from '../../lib/errors.js';
import { lockDir } from '../../files/paths.js';
import { ssoTokenCacheKey } from '../../files/cache-keys.js';
import { readSsoToken, ssoTokenPath, writeSsoToken, type SsoTokenFile } from '../../files/sso-token-cache.js';
import { withLock } from '../../files/lock.js';
import type { SsoSessionRef, SsoTokenProvider } from '../../lib/domain.js';
import { hasBrowser, systemBrowser, type BrowserOpener } from '../ui/browser.js';
import type { LoginFlow } from './login.js';

/**
 * Access tokens for IAM Identity Center, the way a person wants them: the
 * cached token while it is good; a silent refresh when it is near its end;
 * a browser login only when the refresh token is dead too. A login is done
 * under a cross-process lock, so twenty processes that need one open one
 * browser tab and the others wait for its result.
 *
 * A token the portal rejects although it has not expired (ended elsewhere:
 * portal logout, revoked session) is never used again: it is refreshed or
 * replaced by one login, and the person is told what happened.
 */
export interface SsoTokensOptions {
  env: NodeJS.ProcessEnv;
  now?: () => Date;
  /** May start a browser login (false: fail with the login command instead). */
  interactive?: boolean;
  flow?: LoginFlow | 'auto';
  /** Undefined: the system browser; null: print URLs only. */
  openBrowser?: BrowserOpener | null;
  tell?: (text: string) => void;
  verbose?: (line: string) => void;
}

/** Refresh when less than this is left (botocore uses 15 minutes). */
const REFRESH_WINDOW_MS = 15 * 60_000;
/** Below this a token is not handed out at all. */
const MIN_LEFT_MS = 60_000;

function label(ref: SsoSessionRef): string {
  return ref.sessionName ? `sso-session '${ref.sessionName}'` : ref.startUrl;
}

export function loginCommandFor(ref: SsoSessionRef): string {
  return ref.sessionName ? `tempkey login --sso-session ${ref.sessionName}` : `tempkey login`;
}

/**
 * Whether a missing session may start a login on its own: when a browser can
 * be opened, or a person at a terminal can follow a device code. Without
 * either (CI, cron), fail at once with the login command instead of waiting.
 */
export function mayLogIn(env: NodeJS.ProcessEnv, stderrIsTTY = Boolean(process.stderr.isTTY)): boolean {
  return env.TEMPKEY_NO_LOGIN !== '1' && (hasBrowser(env) || stderrIsTTY);
}

export interface SsoTokens extends SsoTokenProvider {
  /** A browser login now, whatever the cache holds (`tempkey login`). */
  login(ref: SsoSessionRef): Promise<SsoTokenFile>;
}

export function ssoTokens(opts: SsoTokensOptions): SsoTokens {
  const now = opts.now ?? (() => new Date());
  const tell = opts.tell ?? ((t: string) => void process.stderr.write(t));
  const verbose = opts.verbose ?? (() => {});
  const rejected = new Set<string>();

  const left = (t: SsoTokenFile) => t.expiresAt.getTime() - now().getTime();
  const usable = (t: SsoTokenFile | undefined): t is SsoTokenFile => !!t && !rejected.has(t.accessToken) && left(t) > MIN_LEFT_MS;
  const refreshable = (t: SsoTokenFile | undefined) => !!t?.refreshToken && !!t.clientId && !!t.clientSecret && (!t.registrationExpiresAt || t.registrationExpiresAt.getTime() > now().getTime());
  const lockPath = (ref: SsoSessionRef) => join(lockDir(opts.env), `sso-login-${ssoTokenCacheKey(ref.sessionName ?? ref.startUrl)}`);

  async function refresh(ref: SsoSessionRef, t: SsoTokenFile): Promise<SsoTokenFile | undefined> {
    const { OidcClient, oidcErrorCode } = await import('../../aws/sso-oidc.js');
    const oidc = new OidcClient({ region: t.region || ref.region, env: opts.env });
    try {
      const reg = { clientId: t.clientId!, clientSecret: t.clientSecret!, expiresAt: t.registrationExpiresAt ?? new Date(0) };
      const got = await oidc.createToken(reg, { grantType: 'refresh_token', refreshToken: t.refreshToken! });
      const fresh: SsoTokenFile = { ...t, accessToken: got.accessToken, expiresAt: new Date(now().getTime() + got.expiresIn * 1000), refreshToken: got.refreshToken ?? t.refreshToken };
      await writeSsoToken(opts.env, ref, fresh);
      verbose(`refreshed the SSO token of ${label(ref)} (${ssoTokenPath(opts.env, ref)})`);
      return fresh;
    } catch (e) {
      const code = oidcErrorCode(e);
      if (code === 'invalid_grant' || code === 'invalid_client' || code === 'expired_token') {
        verbose(`the refresh token of ${label(ref)} is no longer valid (${code})`);
        return undefined;
      }
      throw e;
    } finally {
      oidc.destroy();
    }
  }

  async function login(ref: SsoSessionRef): Promise<SsoTokenFile> {
    const { ssoLogin } = await import('./login.js');
    const flow = opts.flow && opts.flow !== 'auto' ? opts.flow : hasBrowser(opts.env) ? 'pkce' : 'device';
    const openBrowser = opts.openBrowser === null ? undefined : (opts.openBrowser ?? (hasBrowser(opts.env) ? systemBrowser(opts.env) : undefined));
    const t = await ssoLogin({ env: opts.env, ref, flow, openBrowser, tell, now });
    await writeSsoToken(opts.env, ref, t);
    tell(`Signed in to ${label(ref)}; the session lasts until ${t.expiresAt.toISOString()}.\n`);
    return t;
  }

  /** Under the login lock: someone else's fresh result, else refresh, else (if allowed) a login. */
  async function renew(ref: SsoSessionRef): Promise<SsoTokenFile> {
    return withLock(
      lockPath(ref),
      async () => {
        const current = await readSsoToken(opts.env, ref);
        if (usable(current) && left(current) > REFRESH_WINDOW_MS) return current;
        if (current && refreshable(current)) {
          const fresh = await refresh(ref, current);
          if (fresh) return fresh;
        }
        if (usable(current)) return current;
        const wasRejected = current !== undefined && rejected.has((current as SsoTokenFile).accessToken);
        if (!opts.interactive && wasRejected) {
          throw new TempkeyError('SSO_TOKEN_REJECTED', `The SSO portal rejected the token of ${label(ref)} although it has not expired (the session was ended elsewhere), and it cannot be refreshed.`, {
            fix: `Log in again: ${loginCommandFor(ref)}`,
            location: { file: ssoTokenPath(opts.env, ref) },
          });
        }
        if (!opts.interactive) {
          throw new TempkeyError('SSO_NOT_LOGGED_IN', `No valid SSO session for ${label(ref)} (${current ? 'the token has expired and cannot be refreshed' : `no token in ${ssoTokenPath(opts.env, ref)}`}).`, {
            fix: `Log in: ${loginCommandFor(ref)}`,
            location: { file: ssoTokenPath(opts.env, ref) },
          });
        }
        return login(ref);
      },
      { waitMs: 11 * 60_000, staleMs: 15_000, onWait: () => tell(`Waiting for another tempkey process to finish signing in to ${label(ref)}...\n`) },
    );
  }

  return {
    async get(ref) {
      const cached = await readSsoToken(opts.env, ref);
      if (usable(cached) && (left(cached) > REFRESH_WINDOW_MS || !refreshable(cached))) return { accessToken: cached.accessToken, expiresAt: cached.expiresAt };
      const t = await renew(ref);
      return { accessToken: t.accessToken, expiresAt: t.expiresAt };
    },
    async reportRejected(ref) {
      const cached = await readSsoToken(opts.env, ref);
      if (!cached) return;
      rejected.add(cached.accessToken);
      tell(
        `The SSO portal rejected the cached token of ${label(ref)} although it is valid until ${cached.expiresAt.toISOString()}: the session was ended elsewhere (a portal logout or a revoked session). Getting a new one.\n`,
      );
    },
    async login(ref) {
      return withLock(lockPath(ref), () => login(ref), { waitMs: 11 * 60_000, staleMs: 15_000, onWait: () => tell(`Waiting for another tempkey process to finish signing in to ${label(ref)}...\n`) });
    },
  };
}
