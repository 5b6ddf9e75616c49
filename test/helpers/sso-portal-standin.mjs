// A small, portal-only IAM Identity Center stand-in kept for the profiles-sync
// tests that need what the full emulator (test/helpers/world.ts) does not offer:
// tokens issued without a login (issueToken) and accounts whose role listing
// always fails (breakAccount). New tests use startWorld(). It speaks the real wire protocol (restJson1, `x-amz-sso_bearer_token`,
// `x-amzn-ErrorType`), so the official SDK client (src/aws/sso.ts) and botocore
// run their normal code paths against it; role credentials are minted by moto
// STS AssumeRole, so GetCallerIdentity returns the assumed-role ARN. Everything
// that is not a portal route is proxied to moto, so one AWS_ENDPOINT_URL serves
// all. Faults: latency and a token-bucket rate limit (TooManyRequestsException),
// settable while running. Plain JS so that bench/ can use it too.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, request } from 'node:http';
import { createServer as createNetServer } from 'node:net';

async function freePort() {
  return new Promise((res, rej) => {
    const s = createNetServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
    s.on('error', rej);
  });
}

async function startMoto() {
  const port = await freePort();
  const proc = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 20_000;
  for (;;) {
    try {
      const r = await fetch(`${url}/moto-api/`);
      if (r.status < 500) break;
    } catch {
      /* not yet */
    }
    if (Date.now() > until) {
      proc.kill('SIGTERM');
      throw new Error(`moto_server did not start at ${url}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, proc };
}

/**
 * @param {{ accounts?: number | {accountId?: string, accountName: string}[], rolesPerAccount?: number, roleNames?: string[],
 *   withMoto?: boolean, latencyMs?: number, rps?: number, burst?: number, pageSize?: number }} opts
 */
export async function startPortal(opts = {}) {
  const roleNames = opts.roleNames ?? ['AdministratorAccess', 'ReadOnlyAccess', 'Developer', 'Billing', 'Auditor'];
  const list = typeof opts.accounts === 'object' ? opts.accounts : Array.from({ length: opts.accounts ?? 3 }, (_, i) => ({ accountName: `account-${i + 1}` }));
  /** @type {Map<string, {accountId: string, accountName: string, emailAddress: string, roles: string[]}>} */
  const accounts = new Map();
  list.forEach((a, i) => {
    const accountId = a.accountId ?? String(100000000000 + i + 1);
    accounts.set(accountId, {
      accountId,
      accountName: a.accountName,
      emailAddress: `aws+${accountId}@example.com`,
      roles: a.roles ?? roleNames.slice(0, opts.rolesPerAccount ?? 2),
    });
  });
  const moto = opts.withMoto ? await startMoto() : undefined;
  const tokens = new Set();
  /** @type {{op: string, status: number, at: number}[]} */
  const log = [];
  const faults = { latencyMs: opts.latencyMs ?? 0, rps: opts.rps ?? 0, burst: opts.burst ?? 0 };
  let bucket = faults.burst || faults.rps;
  let refilledAt = Date.now();
  const pageSize = opts.pageSize ?? 100;
  /** Accounts whose role listing fails with a 500 every time. */
  const brokenAccounts = new Set();

  function allowed() {
    if (!faults.rps) return true;
    const now = Date.now();
    const cap = faults.burst || faults.rps;
    bucket = Math.min(cap, bucket + ((now - refilledAt) * faults.rps) / 1000);
    refilledAt = now;
    if (bucket < 1) return false;
    bucket -= 1;
    return true;
  }

  function send(res, status, body, errorType) {
    const headers = { 'content-type': 'application/json', 'x-amzn-requestid': randomBytes(8).toString('hex') };
    if (errorType) headers['x-amzn-ErrorType'] = errorType;
    res.writeHead(status, headers);
    res.end(body === undefined ? '' : JSON.stringify(body));
  }

  async function assumeRole(accountId, roleName) {
    const form = new URLSearchParams({
      Action: 'AssumeRole',
      Version: '2011-06-15',
      RoleArn: `arn:aws:iam::${accountId}:role/${roleName}`,
      RoleSessionName: 'sso-user',
      DurationSeconds: '3600',
    });
    const r = await fetch(`${moto.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20250101/us-east-1/sts/aws4_request' },
      body: form.toString(),
    });
    const xml = await r.text();
    const get = (tag) => xml.match(new RegExp(`<${tag}>([^<]*)</${tag}>`))?.[1];
    return { accessKeyId: get('AccessKeyId'), secretAccessKey: get('SecretAccessKey'), sessionToken: get('SessionToken'), expiration: Date.now() + 3600_000 };
  }

  async function portal(req, res, url) {
    const route = `${req.method} ${url.pathname}`;
    const op =
      route === 'GET /assignment/accounts' ? 'ListAccounts' : route === 'GET /assignment/roles' ? 'ListAccountRoles' : route === 'GET /federation/credentials' ? 'GetRoleCredentials' : route === 'POST /logout' ? 'Logout' : undefined;
    if (!op) return false;
    if (faults.latencyMs) await new Promise((r) => setTimeout(r, faults.latencyMs));
    const status = await (async () => {
      if (!allowed()) return send(res, 429, { message: 'Too many requests' }, 'TooManyRequestsException'), 429;
      const token = req.headers['x-amz-sso_bearer_token'];
      if (!token || !tokens.has(token)) return send(res, 401, { message: 'Session token not found or invalid' }, 'UnauthorizedException'), 401;
      const q = url.searchParams;
      if (op === 'Logout') {
        tokens.delete(token);
        return send(res, 200), 200;
      }
      if (op === 'ListAccounts') {
        const max = Math.min(Number(q.get('max_result') ?? pageSize), pageSize);
        const all = [...accounts.values()];
        const start = Number(q.get('next_token') ?? 0);
        const page = all.slice(start, start + max).map(({ accountId, accountName, emailAddress }) => ({ accountId, accountName, emailAddress }));
        return send(res, 200, { accountList: page, ...(start + max < all.length ? { nextToken: String(start + max) } : {}) }), 200;
      }
      const acct = accounts.get(q.get('account_id') ?? '');
      if (acct && brokenAccounts.has(acct.accountId)) return send(res, 500, { message: 'Internal failure' }, 'InternalServerException'), 500;
      if (!acct) return send(res, 404, { message: 'No access' }, 'ResourceNotFoundException'), 404;
      if (op === 'ListAccountRoles') {
        const max = Number(q.get('max_result') ?? 100);
        const start = Number(q.get('next_token') ?? 0);
        const page = acct.roles.slice(start, start + max).map((roleName) => ({ roleName, accountId: acct.accountId }));
        return send(res, 200, { roleList: page, ...(start + max < acct.roles.length ? { nextToken: String(start + max) } : {}) }), 200;
      }
      const roleName = q.get('role_name') ?? '';
      if (!acct.roles.includes(roleName)) return send(res, 404, { message: 'No access' }, 'ResourceNotFoundException'), 404;
      if (!moto) return send(res, 500, { message: 'stand-in started without moto' }, 'InternalServerException'), 500;
      return send(res, 200, { roleCredentials: await assumeRole(acct.accountId, roleName) }), 200;
    })();
    log.push({ op, status, at: Date.now() });
    return true;
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    portal(req, res, url).then(
      (handled) => {
        if (handled) return;
        if (!moto) return send(res, 404, { message: 'not a portal route' }, 'ResourceNotFoundException');
        const up = request(`${moto.url}${req.url}`, { method: req.method, headers: req.headers }, (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        });
        up.on('error', () => {
          res.writeHead(502);
          res.end();
        });
        req.pipe(up);
      },
      (e) => send(res, 500, { message: String(e) }, 'InternalServerException'),
    );
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}`;

  return {
    url,
    accounts,
    /** A fresh access token the portal accepts. */
    issueToken() {
      const t = `aoa${randomBytes(24).toString('base64url')}`;
      tokens.add(t);
      return t;
    },
    /** The portal forgets the token (as after a portal logout), though it has not expired. */
    revoke(t) {
      tokens.delete(t);
    },
    /** @param {{latencyMs?: number, rps?: number, burst?: number}} f */
    setFaults(f) {
      Object.assign(faults, f);
      bucket = faults.burst || faults.rps;
      refilledAt = Date.now();
    },
    /** Role listing of this account fails with InternalServerException every time (or works again with false). */
    breakAccount(accountId, broken = true) {
      if (broken) brokenAccounts.add(accountId);
      else brokenAccounts.delete(accountId);
    },
    log: () => [...log],
    clearLog: () => void log.splice(0),
    async stop() {
      server.closeAllConnections?.();
      await new Promise((r) => server.close(r));
      if (moto) {
        moto.proc.kill('SIGTERM');
        await new Promise((r) => (moto.proc.exitCode !== null ? r(null) : moto.proc.once('exit', r)));
      }
    },
  };
}
