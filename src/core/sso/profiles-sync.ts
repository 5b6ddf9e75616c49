import { readFile, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { TempkeyError } from '../../lib/errors.js';
import { RequestPacer, concurrencyLimit } from '../../lib/rate-limiter.js';
import { locateAwsFiles } from '../../files/paths.js';
import { writeFileAtomic } from '../../files/atomic-write.js';
import { withLock } from '../../files/lock.js';
import type { SsoSessionRef, SsoTokenProvider } from '../../lib/domain.js';
import type { SsoAccount, SsoRole } from '../../aws/sso.js';
import { cacheFileTokenProvider, withStaleTokenRetry } from '../../sources/sso-role.js';
import { DEFAULT_TEMPLATE, assignProfileNames, keyOf, unknownTemplateVariables } from './sync-naming.js';
import { applySync, profileNamesOf, renderDiff, ssoSessionsOf, type DesiredProfile, type ProfileForm, type SyncChange } from './sync-config-edit.js';
import { ssoLoginCommand, ssoSessionLabel } from '../../lib/sso-session.js';
import { ssoTokenPath } from '../../files/sso-token-cache.js';

/**
 * `tempkey profiles sync`: one profile per account×role the portal lists for
 * an sso-session. Fetching is paced for the portal's rate limit (about 20
 * requests/s): paced at that known limit from the first request (lib/rate-limiter
 * RequestPacer: spacing by the clock, requests on the wire bounded by the round
 * trip), backing off and recovering when the portal throttles, with bounded
 * retries, so a large organization syncs near the limit and no call fails under
 * throttling. Editing is a pure transform (sync-config-edit.ts)
 * applied under the config file's lock to the file as it is at write time.
 */
export interface SyncOptions {
  env: NodeJS.ProcessEnv;
  cwd?: string;
  ssoSession?: string;
  template?: string;
  prune?: boolean;
  dryRun?: boolean;
  /** Region for new profiles; default the session's sso_region. */
  region?: string;
  /** Also generate profiles for account×role pairs a hand-written profile already covers. */
  includeCovered?: boolean;
  /** legacy: sso_start_url/sso_region in each profile (older SDKs); undefined keeps each profile's form. */
  form?: ProfileForm;
  /** Token source; default: the token cache file of the session (what `tempkey login` / `aws sso login` wrote). */
  tokens?: SsoTokenProvider;
  onProgress?: (p: SyncProgress) => void;
  verbose?: (line: string) => void;
  /**
   * Portal pacing; defaults suit the documented 20 requests/s. maxRate is the
   * limit (never exceeded), initialRate where to start (default maxRate),
   * concurrency how many account listings are under way at once (default 8).
   */
  rateLimit?: { initialRate?: number; maxRate?: number; concurrency?: number };
  /** Retries per portal call (throttling, 5xx, network); defaults 10 attempts, 200 ms base, 4 s cap. */
  retry?: { maxAttempts?: number; backoffBaseMs?: number; backoffCapMs?: number };
  now?: () => Date;
  /** A Leverage-style project: its ~/.aws/<project>/config is the file synced. */
  project?: string;
  /**
   * Stripped from account names (the reference architecture names accounts
   * `<project_long>-<account>`, and Leverage strips `<project_long>-`).
   */
  accountNamePrefix?: string;
}

const stripPrefix = (name: string, prefix: string | undefined) => (prefix && name.startsWith(prefix) && name.length > prefix.length ? name.slice(prefix.length) : name);

export interface SyncProgress {
  accountsListed: number;
  /** True once the last page of accounts has been read. */
  accountsComplete: boolean;
  accountsDone: number;
  requests: number;
  throttles: number;
  rate: number;
}

export interface SyncFailure {
  accountId: string;
  code: string;
  message: string;
}

export interface SyncResult {
  configPath: string;
  ssoSession: string;
  written: boolean;
  dryRun: boolean;
  accounts: number;
  roles: number;
  added: string[];
  updated: string[];
  renamed: { from: string; to: string }[];
  removed: string[];
  stale: string[];
  unchanged: number;
  coveredByUser: string[];
  failures: SyncFailure[];
  requests: number;
  throttles: number;
  elapsedMs: number;
  diff: string;
  changes: SyncChange[];
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw e;
  }
}

function chooseSession(configPath: string, text: string, wanted: string | undefined): { name: string; settings: Record<string, string> } {
  const sessions = ssoSessionsOf(text);
  if (wanted) {
    const s = sessions.get(wanted);
    if (!s) {
      throw new TempkeyError('SSO_SESSION_MISSING', `There is no [sso-session ${wanted}] section in ${configPath}.`, {
        fix: `Create it with: tempkey configure sso --session-name ${wanted} --start-url <url> --region <region>`,
        location: { file: configPath, flag: '--sso-session' },
      });
    }
    return { name: wanted, settings: s };
  }
  if (sessions.size === 1) {
    const [name, settings] = [...sessions][0]!;
    return { name, settings };
  }
  if (sessions.size === 0) {
    throw new TempkeyError('SSO_SESSION_MISSING', `${configPath} has no [sso-session] section to sync profiles from.`, {
      fix: 'Set one up first: tempkey configure sso',
      location: { file: configPath },
    });
  }
  throw new TempkeyError('SSO_SESSION_AMBIGUOUS', `${configPath} has several sso-sessions (${[...sessions.keys()].join(', ')}); say which one to sync.`, {
    fix: `tempkey profiles sync --sso-session ${[...sessions.keys()][0]}`,
    location: { file: configPath, flag: '--sso-session' },
  });
}

/** Default token source: the session's cache file, as written by tempkey or the AWS CLI. */
export function cachedTokenProvider(env: NodeJS.ProcessEnv, now: () => Date = () => new Date()): SsoTokenProvider {
  return cacheFileTokenProvider((ref) => ssoTokenPath(env, ref), now);
}

interface Listing {
  accounts: SsoAccount[];
  roles: SsoRole[];
  failures: SyncFailure[];
  requests: number;
  throttles: number;
}

/** The portal's documented limit, requests/s. */
export const DEFAULT_PORTAL_RPS = 20;

/** TEMPKEY_SSO_RPS: a portal with another limit than the documented one; else DEFAULT_PORTAL_RPS. */
export function portalRateLimit(env: NodeJS.ProcessEnv): number {
  const n = Number(env.TEMPKEY_SSO_RPS);
  return Number.isFinite(n) && n > 0 ? n : DEFAULT_PORTAL_RPS;
}

async function listEverything(token: string, region: string, o: SyncOptions, sessionName: string): Promise<Listing> {
  const { createSsoPortal } = await import('../../aws/sso.js');
  const rl = o.rateLimit ?? {};
  const limit = rl.maxRate ?? portalRateLimit(o.env);
  // Paced at the known limit from the first request, not found by running into it:
  // every 429 costs a slot and a retry.
  const pacer = new RequestPacer({ rate: limit, initialRate: rl.initialRate });
  // Enough listings under way that one is always serialized and waiting at the pacer.
  const conc = concurrencyLimit(rl.concurrency ?? 8);
  let requests = 0;
  const portal = createSsoPortal({
    region,
    env: o.env,
    sessionLabel: ssoSessionLabel({ sessionName, startUrl: '' }),
    loginCommand: ssoLoginCommand({ sessionName }),
    maxAttempts: o.retry?.maxAttempts ?? 10,
    backoffBaseMs: o.retry?.backoffBaseMs ?? 200,
    backoffCapMs: o.retry?.backoffCapMs ?? 4000,
    hooks: {
      pacesRetries: true,
      beforeRequest: async () => {
        const answered = await pacer.acquire();
        requests++;
        return answered;
      },
      onRetry: (r) => o.verbose?.(`${r.op}: ${r.reason}, retry ${r.attempt} in ${r.waitMs} ms (rate now ${pacer.rate.toFixed(1)}/s)`),
    },
  });
  const accounts: SsoAccount[] = [];
  const roles: SsoRole[] = [];
  const failures: SyncFailure[] = [];
  let done = 0;
  let complete = false;
  const progress = () =>
    o.onProgress?.({ accountsListed: accounts.length, accountsComplete: complete, accountsDone: done, requests, throttles: pacer.throttles, rate: pacer.rate });
  const pending: Promise<void>[] = [];
  let fatal: unknown;
  try {
    let next: string | undefined;
    do {
      if (fatal) break;
      // Pages are read while earlier accounts' roles are being listed, and skip the
      // concurrency queue (only the pacer), so the pipeline never waits on them.
      const page = await portal.listAccountsPage(token, next);
      for (const a of page.accounts) {
        accounts.push(a);
        pending.push(
          // After a fatal error, queued accounts are skipped rather than sent.
          conc(() => (fatal ? Promise.reject(fatal) : portal.listAccountRoles(token, a.accountId)))
            .then(
              (r) => {
                roles.push(...r);
              },
              (e: unknown) => {
                const te = e as TempkeyError;
                // A rejected token fails every call alike: stop the whole run with the login fix.
                if (te.code === 'SSO_TOKEN_REJECTED') fatal ??= e;
                else if (e !== fatal) failures.push({ accountId: a.accountId, code: te.code ?? 'ERROR', message: te.message ?? String(e) });
              },
            )
            .finally(() => {
              done++;
              progress();
            }),
        );
      }
      next = page.nextToken;
      progress();
    } while (next);
    complete = true;
    progress();
    await Promise.all(pending);
    if (fatal) throw fatal;
  } catch (e) {
    fatal ??= e;
    await Promise.allSettled(pending);
    throw e;
  } finally {
    portal.destroy();
  }
  return { accounts, roles, failures, requests, throttles: pacer.throttles };
}

export async function syncProfiles(o: SyncOptions): Promise<SyncResult> {
  const started = performance.now();
  const now = o.now ?? (() => new Date());
  const template = o.template ?? DEFAULT_TEMPLATE;
  const unknown = unknownTemplateVariables(template);
  if (unknown.length) {
    throw new TempkeyError('BAD_TEMPLATE', `--template uses unknown variable(s) ${unknown.map((u) => `{{${u}}}`).join(', ')}.`, {
      fix: "Use {{account_name}}, {{account_id}}, {{role_name}} or {{sso_session}}, e.g. --template '{{account_name}}-{{role_name}}'",
      location: { flag: '--template' },
      exitCode: 2,
    });
  }
  const configPath = locateAwsFiles(o.env, { cwd: o.cwd, project: o.project }).config;
  const initialText = await readText(configPath);
  const session = chooseSession(configPath, initialText, o.ssoSession);
  const startUrl = session.settings.sso_start_url;
  const ssoRegion = session.settings.sso_region;
  if (!startUrl || !ssoRegion) {
    throw new TempkeyError('SSO_SESSION_INCOMPLETE', `[sso-session ${session.name}] in ${configPath} lacks ${!startUrl ? 'sso_start_url' : 'sso_region'}.`, {
      fix: `tempkey configure sso --session-name ${session.name} --start-url <url> --region <region>`,
      location: { file: configPath },
    });
  }
  const ref: SsoSessionRef = {
    sessionName: session.name,
    startUrl,
    region: ssoRegion,
    scopes: session.settings.sso_registration_scopes?.split(',').map((s) => s.trim()).filter(Boolean),
  };
  const tokens = o.tokens ?? cachedTokenProvider(o.env, now);

  // A live token refused is the stale-session trap: the provider recovers once (sources/sso-role).
  const listing = await withStaleTokenRetry(tokens, ref, { now, verbose: o.verbose ?? (() => {}) }, `listing the accounts and roles of ${ssoSessionLabel(ref)}`, (accessToken) =>
    listEverything(accessToken, ssoRegion, o, session.name),
  );

  const accountById = new Map(listing.accounts.map((a) => [a.accountId, a]));
  const uniqueRoles = new Map<string, SsoRole>();
  for (const r of listing.roles) if (r.roleName) uniqueRoles.set(keyOf(r), r);
  const entries = [...uniqueRoles.values()].map((r) => ({
    accountId: r.accountId,
    accountName: stripPrefix(accountById.get(r.accountId)?.accountName ?? r.accountId, o.accountNamePrefix),
    roleName: r.roleName,
    ssoSession: session.name,
  }));
  const region = o.region ?? ssoRegion;
  const incompleteAccounts = new Set(listing.failures.map((f) => f.accountId));

  const edit = (text: string) => {
    // Names sync does not own (hand-written profiles, other sessions' generated ones) are reserved.
    const { owned, other } = profileNamesOf(text);
    const reserved = new Set(other);
    for (const [name, m] of owned) if (m.ssoSession !== session.name) reserved.add(name);
    const names = assignProfileNames(entries, template, reserved);
    const desired: DesiredProfile[] = entries.map((e) => ({ ...e, name: names.get(keyOf(e))!, region }));
    return applySync(text, { ssoSession: session.name, desired, incompleteAccounts, prune: Boolean(o.prune), includeCovered: o.includeCovered, form: o.form, session: { startUrl, region: ssoRegion } });
  };

  let result = edit(initialText);
  let written = false;
  const writes = result.changes.some((c) => c.kind !== 'stale');
  if (!o.dryRun && writes) {
    // Same lock and target as files/ini-file.ts editIniFile (the file a symlink points to),
    // so sync and every other config editor exclude each other.
    const target = await realpath(configPath).catch(() => configPath);
    const planned = result;
    result = await withLock(target, async (guard) => {
      // Re-read under the lock: someone may have edited the file while we listed. Unchanged
      // (the usual case), the edit made above stands: on 15,000 profiles it takes a while.
      const text = await readText(target);
      const r = text === initialText ? planned : edit(text);
      await writeFileAtomic(target, r.text, 0o600, { beforeRename: guard.assertHeld });
      return r;
    });
    written = true;
  }

  const names = (k: SyncChange['kind']) => result.changes.filter((c) => c.kind === k).map((c) => c.name);
  return {
    configPath,
    ssoSession: session.name,
    written,
    dryRun: Boolean(o.dryRun),
    accounts: listing.accounts.length,
    roles: entries.length,
    added: names('add'),
    updated: result.changes.filter((c) => c.kind === 'update' && !('from' in c && c.from)).map((c) => c.name),
    renamed: result.changes.flatMap((c) => (c.kind === 'update' && c.from ? [{ from: c.from, to: c.name }] : [])),
    removed: names('remove'),
    stale: names('stale'),
    unchanged: result.unchanged,
    coveredByUser: result.coveredByUser,
    failures: listing.failures,
    requests: listing.requests,
    throttles: listing.throttles,
    elapsedMs: Math.round(performance.now() - started),
    diff: renderDiff(configPath, result.changes),
    changes: result.changes,
  };
}
