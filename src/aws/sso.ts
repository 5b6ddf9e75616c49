import {
  GetRoleCredentialsCommand,
  ListAccountRolesCommand,
  ListAccountsCommand,
  LogoutCommand,
  SSOClient,
} from '@aws-sdk/client-sso';
import { clientConfig, endpointFor, endpointTimeoutError, isTimeoutError } from './client-config.js';
import { silenceSdkNodeVersionWarning } from './sdk-node-warning.js';
import { TempkeyError } from '../lib/errors.js';
import { registerSecret } from '../lib/redact.js';
import type { AwsCredentials } from '../lib/domain.js';

// Same as sts.ts: the SDK's Node-version warning on stderr would garble command output.
silenceSdkNodeVersionWarning();

/**
 * The IAM Identity Center portal API (`sso`): accounts and roles a token may
 * use, role credentials, logout. Unsigned; the bearer token is the proof.
 *
 * Retries are ours, not the SDK's (SDK maxAttempts = 1): `profiles sync`
 * needs to see every TooManyRequests to adapt its request rate, and each
 * retry waits through the same pacer (hooks.beforeRequest, at the wire) as
 * first attempts.
 */
export interface SsoPortalOptions {
  /** The sso_region of the session. */
  region: string;
  env: NodeJS.ProcessEnv;
  profileEndpoint?: string;
  /** Attempts per call including the first (throttling, 5xx, network); default 8. */
  maxAttempts?: number;
  /** Backoff base and cap in ms (full jitter); defaults 100 and 5000. */
  backoffBaseMs?: number;
  backoffCapMs?: number;
  hooks?: PortalHooks;
  /** Where the session comes from, for messages ("sso-session 'acme'"). */
  sessionLabel?: string;
  /** The command that logs this session in again, for the fix line. */
  loginCommand?: string;
}

/** Lets a caller pace requests and learn the portal's rate limit. */
export interface PortalHooks {
  /**
   * Awaited before every attempt goes on the wire (a pacer's acquire). It runs
   * innermost in the SDK's middleware stack, after serialization, so what it
   * releases is written at once. The function it may return is called with the
   * HTTP status when the answer's headers arrive (undefined when the attempt
   * failed without one), before the SDK parses it: a pacer can count requests
   * in flight, time round trips and see each throttle with it.
   */
  beforeRequest?: () => Promise<void | ((status: number | undefined) => void)>;
  /** beforeRequest paces to the limit: a throttled attempt is retried at its next turn, without a backoff of its own. */
  pacesRetries?: boolean;
  onThrottle?: () => void;
  onSuccess?: () => void;
  /** Called on each retry with the wait chosen, for progress/verbose output. */
  onRetry?: (info: { op: string; attempt: number; waitMs: number; reason: string }) => void;
}

export interface SsoAccount {
  accountId: string;
  accountName: string;
  emailAddress?: string;
}

export interface SsoRole {
  accountId: string;
  roleName: string;
}

export interface RoleRef {
  accountId: string;
  roleName: string;
}

/** A client bound to one region/endpoint, reusable for many calls (keep-alive). */
export interface SsoPortal {
  /** One page of ListAccounts. */
  listAccountsPage(token: string, nextToken?: string, maxResults?: number): Promise<{ accounts: SsoAccount[]; nextToken?: string }>;
  listAccounts(token: string): Promise<SsoAccount[]>;
  listAccountRoles(token: string, accountId: string): Promise<SsoRole[]>;
  getRoleCredentials(token: string, role: RoleRef): Promise<AwsCredentials>;
  logout(token: string): Promise<void>;
  destroy(): void;
}

export function createSsoPortal(opts: SsoPortalOptions): SsoPortal {
  const client = new SSOClient(
    clientConfig('sso', { region: opts.region, env: opts.env, profileEndpoint: opts.profileEndpoint, maxAttempts: 1 }) as never,
  );
  const beforeRequest = opts.hooks?.beforeRequest;
  if (beforeRequest) {
    // Innermost, just before the HTTP handler writes the request: the request is already
    // serialized, so what the pacer releases reaches the wire at once, not after a
    // variable amount of SDK middleware (which would blur the spacing the portal sees).
    client.middlewareStack.add(
      (next) => async (args) => {
        const answered = await beforeRequest();
        let status: number | undefined;
        try {
          const out = await next(args);
          status = (out.response as { statusCode?: number } | undefined)?.statusCode;
          return out;
        } catch (e) {
          status = (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
          throw e;
        } finally {
          answered?.(status);
        }
      },
      { step: 'deserialize', priority: 'low', name: 'tempkeyPacer', override: true },
    );
  }

  async function call<T>(op: string, token: string, fn: () => Promise<T>, extra: Partial<RoleRef> = {}): Promise<T> {
    registerSecret(token);
    const maxAttempts = opts.maxAttempts ?? 8;
    const base = opts.backoffBaseMs ?? 100;
    const cap = opts.backoffCapMs ?? 5000;
    for (let attempt = 1; ; attempt++) {
      try {
        const out = await fn();
        opts.hooks?.onSuccess?.();
        return out;
      } catch (e) {
        const kind = retryKind(e);
        if (kind === 'throttle') opts.hooks?.onThrottle?.();
        // A hung endpoint is tried twice, not eight times: each try already waited the whole timeout.
        const limit = isTimeoutError(e) ? Math.min(2, maxAttempts) : maxAttempts;
        if (!kind || attempt >= limit) throw portalError(e, op, opts, extra, attempt);
        // Full jitter: spreads retries of many concurrent callers apart.
        const waitMs = kind === 'throttle' && opts.hooks?.pacesRetries ? 0 : Math.round(Math.random() * Math.min(cap, base * 2 ** (attempt - 1)));
        opts.hooks?.onRetry?.({ op, attempt, waitMs, reason: kind });
        await new Promise((r) => setTimeout(r, waitMs));
      }
    }
  }

  const portal: SsoPortal = {
    async listAccountsPage(token, nextToken, maxResults = 100) {
      const out = await call('ListAccounts', token, () =>
        client.send(new ListAccountsCommand({ accessToken: token, nextToken, maxResults })),
      );
      return {
        accounts: (out.accountList ?? []).map((a) => ({
          accountId: a.accountId ?? '',
          accountName: a.accountName ?? a.accountId ?? '',
          emailAddress: a.emailAddress,
        })),
        nextToken: out.nextToken || undefined,
      };
    },
    async listAccounts(token) {
      const all: SsoAccount[] = [];
      let next: string | undefined;
      do {
        const page = await portal.listAccountsPage(token, next);
        all.push(...page.accounts);
        next = page.nextToken;
      } while (next);
      return all;
    },
    async listAccountRoles(token, accountId) {
      const all: SsoRole[] = [];
      let next: string | undefined;
      do {
        const out = await call(
          'ListAccountRoles',
          token,
          () => client.send(new ListAccountRolesCommand({ accessToken: token, accountId, nextToken: next, maxResults: 100 })),
          { accountId },
        );
        for (const r of out.roleList ?? []) all.push({ accountId: r.accountId ?? accountId, roleName: r.roleName ?? '' });
        next = out.nextToken || undefined;
      } while (next);
      return all;
    },
    async getRoleCredentials(token, role) {
      const out = await call(
        'GetRoleCredentials',
        token,
        () => client.send(new GetRoleCredentialsCommand({ accessToken: token, accountId: role.accountId, roleName: role.roleName })),
        role,
      );
      const c = out.roleCredentials;
      if (!c?.accessKeyId || !c.secretAccessKey) {
        throw new TempkeyError('SSO_BAD_RESPONSE', `The SSO portal answered GetRoleCredentials for ${role.roleName} in ${role.accountId} without credentials.`, {
          fix: 'Retry; if it persists, check that AWS_ENDPOINT_URL_SSO / AWS_ENDPOINT_URL points at the SSO portal.',
        });
      }
      registerSecret(c.secretAccessKey);
      registerSecret(c.sessionToken);
      return {
        accessKeyId: c.accessKeyId,
        secretAccessKey: c.secretAccessKey,
        sessionToken: c.sessionToken,
        expiration: c.expiration !== undefined ? new Date(Number(c.expiration)) : undefined,
        accountId: role.accountId,
      };
    },
    async logout(token) {
      await call('Logout', token, () => client.send(new LogoutCommand({ accessToken: token })));
    },
    destroy() {
      client.destroy();
    },
  };
  return portal;
}

/** One-shot helpers: a client per call. Use createSsoPortal for many calls. */
async function once<T>(opts: SsoPortalOptions, fn: (p: SsoPortal) => Promise<T>): Promise<T> {
  const p = createSsoPortal(opts);
  try {
    return await fn(p);
  } finally {
    p.destroy();
  }
}

export function listAccounts(token: string, opts: SsoPortalOptions): Promise<SsoAccount[]> {
  return once(opts, (p) => p.listAccounts(token));
}

export function listAccountRoles(token: string, accountId: string, opts: SsoPortalOptions): Promise<SsoRole[]> {
  return once(opts, (p) => p.listAccountRoles(token, accountId));
}

export function getRoleCredentials(token: string, role: RoleRef, opts: SsoPortalOptions): Promise<AwsCredentials> {
  return once(opts, (p) => p.getRoleCredentials(token, role));
}

export function logout(token: string, opts: SsoPortalOptions): Promise<void> {
  return once(opts, (p) => p.logout(token));
}

type ErrorShape = { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number }; $response?: { statusCode?: number } };

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'TimeoutError']);

function statusOf(e: ErrorShape): number | undefined {
  return e.$metadata?.httpStatusCode ?? e.$response?.statusCode;
}

function isNetwork(e: ErrorShape): boolean {
  return NETWORK_CODES.has(e.code ?? '') || NETWORK_CODES.has(e.name ?? '') || /ECONNRESET|ECONNREFUSED|socket hang up|EPIPE/.test(e.message ?? '');
}

/** Which failures are worth another attempt: throttling, server errors, dropped connections. */
export function retryKind(err: unknown): 'throttle' | 'server' | 'network' | undefined {
  const e = err as ErrorShape;
  if (e.name === 'TooManyRequestsException' || statusOf(e) === 429) return 'throttle';
  const s = statusOf(e);
  if (s !== undefined && s >= 500) return 'server';
  if (isNetwork(e)) return 'network';
  return undefined;
}

export function portalError(err: unknown, op: string, opts: SsoPortalOptions, role: Partial<RoleRef>, attempts = 1): TempkeyError {
  if (err instanceof TempkeyError) return err;
  const e = err as ErrorShape;
  const endpoint = endpointFor('sso', opts.env, opts.profileEndpoint) ?? `https://portal.sso.${opts.region}.amazonaws.com`;
  const session = opts.sessionLabel ? ` (${opts.sessionLabel})` : '';
  const target = role.roleName ? ` for role ${role.roleName} in account ${role.accountId}` : role.accountId ? ` for account ${role.accountId}` : '';
  const msg = e.message ?? String(err);
  const loginFix = opts.loginCommand ?? 'tempkey login';
  if (e.name === 'UnauthorizedException' || statusOf(e) === 401) {
    return new TempkeyError('SSO_TOKEN_REJECTED', `The SSO portal rejected the access token${session} during ${op}${target}: ${msg}`, {
      fix: `Log in again: ${loginFix}`,
      cause: err,
    });
  }
  if (e.name === 'ResourceNotFoundException' || statusOf(e) === 404) {
    return new TempkeyError('SSO_ROLE_NOT_FOUND', `The SSO portal has no assignment${target}${session} (${op}): ${msg}`, {
      fix: 'Check sso_account_id and sso_role_name in the profile, or list what you may use: tempkey profiles sync --dry-run',
      cause: err,
    });
  }
  if (e.name === 'InvalidRequestException') {
    return new TempkeyError('SSO_INVALID_REQUEST', `The SSO portal refused ${op}${target}${session}: ${msg}`, {
      fix: 'Check sso_account_id (12 digits) and sso_role_name in the profile.',
      cause: err,
    });
  }
  if (isTimeoutError(err)) return endpointTimeoutError('The SSO portal', endpoint, op, opts.env, err, { what: `${target}${session}` });
  const kind = retryKind(err);
  if (kind === 'throttle') {
    return new TempkeyError('THROTTLED', `The SSO portal kept throttling ${op}${target} after ${attempts} attempts.`, {
      fix: 'Wait a minute and run the command again.',
      cause: err,
    });
  }
  if (kind === 'network') {
    return new TempkeyError('NETWORK', `Could not reach the SSO portal at ${endpoint} for ${op}${target}: ${msg}`, {
      fix: 'Check the network connection, proxy settings and AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_SSO, then retry.',
      cause: err,
    });
  }
  return new TempkeyError('SSO_ERROR', `The SSO portal failed ${op}${target} at ${endpoint} after ${attempts} attempt(s): ${e.name ?? 'Error'}: ${msg}`, {
    fix: 'Retry; run with --verbose to see each step.',
    cause: err,
  });
}
