import { readFileSync } from 'node:fs';
import { rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assertFileSlot } from '../../files/odd-files.js';
import { TempkeyError } from '../../lib/errors.js';
import { lockDir } from '../../files/paths.js';
import { ssoTokenCacheKey } from '../../files/cache-keys.js';
import { readSsoToken, ssoTokenPath, writeSsoToken, type SsoTokenFile } from '../../files/sso-token-cache.js';
import { withLock } from '../../files/lock.js';
import type { SsoSessionRef, SsoTokenProvider } from '../../lib/domain.js';
import { hasBrowser, systemBrowser, type BrowserOpener } from '../ui/browser.js';
import type { LoginFlow } from './login.js';
import { ssoLoginCommand, ssoSessionLabel } from '../../lib/sso-session.js';

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

/** Left beside the lock while a person signs in (holds the pid of the process doing it). */
const SIGNING_IN_MARKER = 'signing-in';

function signingInNow(marker: string): boolean {
  try {
    const pid = Number(readFileSync(marker, 'utf8').trim());
    process.kill(pid, 0); // a marker left by a killed process does not count
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Failures that depend on this caller (whether it may log in), not on the shared refresh or login. */
const CALLER_SPECIFIC = new Set<string>(['SSO_NOT_LOGGED_IN', 'SSO_TOKEN_REJECTED', 'SSO_TOKEN_CORRUPT', 'NO_TERMINAL', 'CANCELLED', 'LOCK_TIMEOUT', 'LOCK_LOST', 'ODD_FILE']);

async function fileExists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

/** Refresh when less than this is left (botocore uses 15 minutes). */
const REFRESH_WINDOW_MS = 15 * 60_000;
/** Below this a token is not handed out at all. */
const MIN_LEFT_MS = 60_000;

const label = ssoSessionLabel;



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
    const oidc = new OidcClient({ region: t.region || ref.region, env: opts.env, sessionLabel: label(ref), loginCommand: ssoLoginCommand(ref) });
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
    // Tells processes queued on the lock that a person is signing in (not a silent refresh): see waitNotice.
    const marker = `${lockPath(ref)}.lock.${SIGNING_IN_MARKER}`;
    await writeFile(marker, `${process.pid}\n`, { mode: 0o600 }).catch(() => {});
    let t: SsoTokenFile;
    try {
      t = await ssoLogin({ env: opts.env, ref, flow, openBrowser, tell, now });
    } finally {
      await rm(marker, { force: true }).catch(() => {});
    }
    await writeSsoToken(opts.env, ref, t);
    tell(`Signed in to ${label(ref)}; the session lasts until ${t.expiresAt.toISOString()}.\n`);
    return t;
  }

  /** "Waiting for another process to finish signing in", only while that process is really signing a person in. */
  function waitNotice(ref: SsoSessionRef): { whileWaiting: () => void } {
    let told = false;
    return {
      whileWaiting: () => {
        if (told || !signingInNow(`${lockPath(ref)}.lock.${SIGNING_IN_MARKER}`)) return;
        told = true;
        tell(`Waiting for another tempkey process to finish signing in to ${label(ref)}...\n`);
      },
    };
  }

  /** Under the login lock: someone else's fresh result, else refresh, else (if allowed) a login. */
  async function renew(ref: SsoSessionRef): Promise<SsoTokenFile> {
    return withLock(
      lockPath(ref),
      async () => {
        // A directory (or worse) where the token goes: say so before a login that could not be saved.
        await assertFileSlot(ssoTokenPath(opts.env, ref), 'the SSO token cache file');
        // Re-read under the lock: another process (tempkey, or the AWS CLI, which takes no
        // lock of ours) may have refreshed or logged in since we looked.
        let current = await readSsoToken(opts.env, ref);
        if (usable(current) && left(current) > REFRESH_WINDOW_MS) return current;
        if (current && refreshable(current)) {
          let fresh: SsoTokenFile | undefined;
          try {
            fresh = await refresh(ref, current);
          } catch (e) {
            // Like botocore: a failed refresh is not fatal while the current token still works.
            if (!usable(current)) throw e;
            verbose(`could not refresh the SSO token of ${label(ref)} (${(e as Error).message}); using the current one, valid until ${current.expiresAt.toISOString()}`);
            return current;
          }
          if (fresh) {
            if (rejected.has(current.accessToken)) tell(`Refreshed the session of ${label(ref)}.\n`);
            return fresh;
          }
          // The refresh token was refused: most often because botocore refreshed a moment
          // earlier (refresh tokens are single use). Its new token is in the file by now.
          const after = await readSsoToken(opts.env, ref);
          if (after && after.accessToken !== current.accessToken && usable(after)) {
            verbose(`another program refreshed the SSO token of ${label(ref)} first; using its token`);
            return after;
          }
          current = after ?? current;
        }
        if (usable(current)) return current;
        const wasRejected = current !== undefined && rejected.has((current as SsoTokenFile).accessToken);
        if (!opts.interactive && wasRejected) {
          throw new TempkeyError('SSO_TOKEN_REJECTED', `The SSO portal rejected the token of ${label(ref)} although it has not expired (the session was ended elsewhere), and it cannot be refreshed.`, {
            fix: `Log in again: ${ssoLoginCommand(ref)}`,
            location: { file: ssoTokenPath(opts.env, ref) },
          });
        }
        if (!opts.interactive && !current && (await fileExists(ssoTokenPath(opts.env, ref)))) {
          throw new TempkeyError('SSO_TOKEN_CORRUPT', `The SSO token file of ${label(ref)} is damaged: ${ssoTokenPath(opts.env, ref)} is not JSON with an accessToken and an expiresAt.`, {
            fix: `Log in again (it rewrites the file): ${ssoLoginCommand(ref)}`,
            location: { file: ssoTokenPath(opts.env, ref) },
          });
        }
        if (!opts.interactive) {
          throw new TempkeyError('SSO_NOT_LOGGED_IN', `No valid SSO session for ${label(ref)} (${current ? 'the token has expired and cannot be refreshed' : `no token in ${ssoTokenPath(opts.env, ref)}`}).`, {
            fix: `Log in: ${ssoLoginCommand(ref)}`,
            location: { file: ssoTokenPath(opts.env, ref) },
          });
        }
        return login(ref);
      },
      { waitMs: 11 * 60_000, staleMs: 15_000, ...waitNotice(ref), shareFailure: (e) => !CALLER_SPECIFIC.has(e.code) },
    );
  }

  return {
    async get(ref) {
      const cached = await readSsoToken(opts.env, ref);
      if (usable(cached) && (left(cached) > REFRESH_WINDOW_MS || !refreshable(cached))) return { accessToken: cached.accessToken, expiresAt: cached.expiresAt };
      const t = await renew(ref);
      return { accessToken: t.accessToken, expiresAt: t.expiresAt };
    },
    async reportRejected(ref, refused) {
      const cached = await readSsoToken(opts.env, ref);
      if (refused) rejected.add(refused);
      // The file holds another token by now (someone refreshed): the refused one is simply
      // old. Neither alarm the person nor rotate the new one away.
      if (!cached || (refused && cached.accessToken !== refused)) return;
      rejected.add(cached.accessToken);
      tell(
        `The SSO portal rejected the cached token of ${label(ref)} although it is valid until ${cached.expiresAt.toISOString()}: the session was ended elsewhere (a portal logout or a revoked session).\n`,
      );
    },
    async login(ref) {
      return withLock(lockPath(ref), () => login(ref), { waitMs: 11 * 60_000, staleMs: 15_000, ...waitNotice(ref) });
    },
  };
}
