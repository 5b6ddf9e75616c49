import type { IncomingMessage, ServerResponse } from 'node:http';
import type { IdentityCenter } from './identity.js';
import { accountsOf, rolesOf, type Directory } from './directory.js';
import { sendJson } from './http.js';

/** The SSO portal API (restJson1, bearer token in `x-amz-sso_bearer_token`). */
export const PORTAL_ROUTES: Record<string, string> = {
  'GET /assignment/accounts': 'ListAccounts',
  'GET /assignment/roles': 'ListAccountRoles',
  'GET /federation/credentials': 'GetRoleCredentials',
  'POST /logout': 'Logout',
};

export interface PortalContext {
  identity: IdentityCenter;
  directory: Directory;
  mint: (accountId: string, roleName: string, sessionName: string, durationSeconds: number) => Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: number }>;
}

const PAGE_LIMIT = 100;

function page<T>(items: T[], q: URLSearchParams): { items: T[]; nextToken?: string } {
  const max = Math.min(Math.max(Number(q.get('max_result') ?? PAGE_LIMIT) || PAGE_LIMIT, 1), PAGE_LIMIT);
  const start = Number(q.get('next_token') ?? 0) || 0;
  const slice = items.slice(start, start + max);
  return { items: slice, ...(start + max < items.length ? { nextToken: String(start + max) } : {}) };
}

export async function handlePortal(op: string, req: IncomingMessage, res: ServerResponse, url: URL, ctx: PortalContext): Promise<{ status: number; caller?: string }> {
  const bearer = req.headers['x-amz-sso_bearer_token'];
  const token = ctx.identity.userOf(typeof bearer === 'string' ? bearer : undefined);
  if (!token) {
    sendJson(res, 401, { message: 'Session token not found or invalid' }, 'UnauthorizedException');
    return { status: 401 };
  }
  const caller = token.userName;
  const q = url.searchParams;
  if (op === 'Logout') {
    ctx.identity.revoke(token);
    sendJson(res, 200, undefined);
    return { status: 200, caller };
  }
  if (op === 'ListAccounts') {
    const p = page(accountsOf(ctx.directory, token.userName), q);
    sendJson(res, 200, { accountList: p.items.map((a) => ({ accountId: a.id, accountName: a.name, emailAddress: a.email ?? '' })), ...(p.nextToken ? { nextToken: p.nextToken } : {}) });
    return { status: 200, caller };
  }
  // One account's roles, not every account's: an account the user has no role in is
  // answered as not found, as when it is absent (the answer must not take longer with
  // the size of the organization than the latency asked for).
  const wanted = q.get('account_id');
  const found = ctx.directory.accounts.find((a) => a.id === wanted);
  const roles = found ? rolesOf(ctx.directory, token.userName, found) : [];
  const account = roles.length ? found : undefined;
  if (!account) {
    sendJson(res, 404, { message: 'No access' }, 'ResourceNotFoundException');
    return { status: 404, caller };
  }
  if (op === 'ListAccountRoles') {
    const p = page(roles, q);
    sendJson(res, 200, { roleList: p.items.map((roleName) => ({ roleName, accountId: account.id })), ...(p.nextToken ? { nextToken: p.nextToken } : {}) });
    return { status: 200, caller };
  }
  const roleName = q.get('role_name') ?? '';
  if (!roles.includes(roleName)) {
    sendJson(res, 404, { message: 'No access' }, 'ResourceNotFoundException');
    return { status: 404, caller };
  }
  const duration = ctx.directory.permissionSets.find((p) => p.name === roleName)?.sessionDurationSeconds ?? 3600;
  const roleCredentials = await ctx.mint(account.id!, roleName, token.userName, duration);
  sendJson(res, 200, { roleCredentials });
  return { status: 200, caller };
}
