import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, request, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { authenticator as base } from 'otplib';

// One step of clock drift either way, like AWS.
const authenticator = base.clone({ window: 1 });

/**
 * moto (no auth enforcement: it models accounts from the role ARNs) behind a
 * small recording proxy that:
 *  - logs the Action of every STS/IAM query request, so tests can count calls;
 *  - checks TokenCode against a TOTP secret and refuses a reused code, as AWS
 *    does, answering with the AWS error (AccessDenied, "invalid MFA one time
 *    pass code").
 * Stand-in until the shared test world (test/helpers/world.ts) lands.
 */
export interface StsWorld {
  url: string;
  actions: () => string[];
  clearActions: () => void;
  totp: () => string;
  /** The next `count` requests for `action` get an AWS error (Throttling 400 by default). */
  failNext: (action: string, count: number, error?: { status: number; code: string; message: string }) => void;
  /** A well-formed code that is not the current one. */
  wrongTotp: () => string;
  stop: () => Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createNetServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
    s.on('error', rej);
  });
}

async function waitReady(url: string, deadlineMs: number): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    try {
      const r = await fetch(`${url}/moto-api/`);
      if (r.status < 500) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`moto_server did not start at ${url}`);
}

/**
 * `unauthenticatedActions`: with a number, moto enforces IAM auth after that
 * many requests (the first ones create the users and keys a test needs).
 */
export async function startStsWorld(opts: { unauthenticatedActions?: number } = {}): Promise<StsWorld> {
  const motoPort = await freePort();
  const motoEnv = { ...process.env };
  if (opts.unauthenticatedActions !== undefined) motoEnv.INITIAL_NO_AUTH_ACTION_COUNT = String(opts.unauthenticatedActions);
  const moto: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(motoPort)], { stdio: 'ignore', env: motoEnv });
  const motoUrl = `http://127.0.0.1:${motoPort}`;
  await waitReady(motoUrl, 20_000);

  const secret = authenticator.generateSecret();
  const used = new Set<string>();
  const log: string[] = [];
  const faults: { action: string; left: number; error: { status: number; code: string; message: string } }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const form = new URLSearchParams(body.toString('utf8'));
      const action = form.get('Action');
      if (action) log.push(action);
      const fault = faults.find((f) => f.action === action && f.left > 0);
      if (fault) {
        fault.left--;
        res.writeHead(fault.error.status, { 'content-type': 'text/xml' });
        res.end(
          `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${fault.error.code}</Code><Message>${fault.error.message}</Message></Error><RequestId>00000000-0000-0000-0000-000000000001</RequestId></ErrorResponse>`,
        );
        return;
      }
      const code = form.get('TokenCode');
      if (code !== null && (used.has(code) || !authenticator.check(code, secret))) {
        res.writeHead(403, { 'content-type': 'text/xml' });
        res.end(
          `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>MultiFactorAuthentication failed with invalid MFA one time pass code.</Message></Error><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ErrorResponse>`,
        );
        return;
      }
      if (code !== null) used.add(code);
      const up = request(`${motoUrl}${req.url}`, { method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      up.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      up.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    url,
    actions: () => [...log],
    clearActions: () => void log.splice(0),
    failNext: (action, count, error = { status: 400, code: 'Throttling', message: 'Rate exceeded' }) => void faults.push({ action, left: count, error }),
    totp: () => authenticator.generate(secret),
    wrongTotp: () => String((Number(authenticator.generate(secret)) + 500_000) % 1_000_000).padStart(6, '0'),
    stop: async () => {
      server.closeAllConnections?.();
      await new Promise((r) => server.close(r));
      moto.kill('SIGTERM');
      await new Promise((r) => (moto.exitCode !== null ? r(null) : moto.once('exit', r)));
    },
  };
}
