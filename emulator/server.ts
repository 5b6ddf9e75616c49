import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IdentityCenter } from './identity.js';
import { FaultTable, type Fault } from './faults.js';
import { RequestLog } from './request-log.js';
import { OIDC_ROUTES, handleOidc } from './oidc.js';
import { PORTAL_ROUTES, handlePortal } from './portal.js';
import { handlePage } from './pages.js';
import { Federation } from './federation.js';
import { SigninService } from './signin.js';
import { InstanceMetadata, INSTANCE_ROLE } from './imds.js';
import { MANAGEMENT_ACCOUNT_ID } from './moto.js';
import { OrganizationsAccess } from './org-access.js';
import { MfaChecker, describeUpstream, forwardToMoto, proxyToMoto, sessionTokenXml } from './gateway.js';
import { readBody, sendJson, sendQueryError } from './http.js';
import { SESSION_ROLE, roleMinter, totpCode, totpValid, userOfAccessKey, type ServiceKeys } from './moto.js';
import { randomUUID } from 'node:crypto';
import type { Directory } from './directory.js';

export interface EmulatorOptions {
  motoUrl: string;
  directory: Directory;
  /** Keys the emulator uses to call moto (AssumeRole for GetRoleCredentials). */
  serviceKeys: ServiceKeys;
  /** MFA devices whose codes the gateway checks: serial → TOTP secret ('*': any other serial). */
  mfaSecrets?: Record<string, string>;
  /** Approve logins at once as this user (or the directory's first user when true). */
  autoApprove?: boolean | string;
  accessTokenSeconds?: number;
  port?: number;
  faults?: Fault[];
  /** Extra routes (e.g. the sign-in service of `aws login`): return an operation name when handled. */
  extraRoutes?: ((req: IncomingMessage, res: ServerResponse, url: URL, emulator: Emulator) => Promise<string | undefined>)[];
}

export interface Emulator {
  url: string;
  identity: IdentityCenter;
  directory: Directory;
  faults: FaultTable;
  log: RequestLog;
  /** EC2 instance metadata (point AWS_EC2_METADATA_SERVICE_ENDPOINT at the emulator). */
  imds: InstanceMetadata;
  /** Milliseconds added to the emulator's clock (Date headers, token times). */
  clockSkewMs: number;
  autoApproveUser: string | undefined;
  stop(): Promise<void>;
}

/** One port for everything: Identity Center (OIDC, portal, pages), console federation, admin, and moto behind. */
export async function startEmulator(opts: EmulatorOptions): Promise<Emulator> {
  const log = new RequestLog();
  const faults = new FaultTable();
  for (const f of opts.faults ?? []) faults.set(f);
  const firstUser = opts.directory.users[0]?.userName;
  const emulator: Emulator = {
    url: '',
    identity: undefined as unknown as IdentityCenter,
    directory: opts.directory,
    faults,
    log,
    imds: undefined as unknown as InstanceMetadata,
    clockSkewMs: 0,
    autoApproveUser: opts.autoApprove === true ? firstUser : opts.autoApprove || undefined,
    stop: async () => {},
  };
  const identity = new IdentityCenter({ accessTokenSeconds: opts.accessTokenSeconds ?? 8 * 3600, now: () => Date.now() + emulator.clockSkewMs });
  emulator.identity = identity;
  const rawMinter = roleMinter(opts.motoUrl, opts.serviceKeys);
  const orgAccess = new OrganizationsAccess(opts.motoUrl, opts.serviceKeys, MANAGEMENT_ACCOUNT_ID);
  // Every session the emulator mints is noted with its account (the Organizations rule needs it).
  const minter = {
    ...rawMinter,
    async assume(accountId: string, roleName: string, sessionName: string, durationSeconds: number) {
      const c = await rawMinter.assume(accountId, roleName, sessionName, durationSeconds);
      orgAccess.noteSession(c.accessKeyId, accountId);
      return c;
    },
  };
  const federation = new Federation(opts.motoUrl);
  const mfa = new MfaChecker((serial) => opts.mfaSecrets?.[serial] ?? opts.mfaSecrets?.['*'], (code, secret) => totpValid(code, secret, Date.now()));
  const autoApproveUser = () => emulator.autoApproveUser;
  emulator.imds = new InstanceMetadata(() => minter.assume(opts.directory.accounts[0]?.id ?? MANAGEMENT_ACCOUNT_ID, INSTANCE_ROLE, 'i-0123456789abcdef0', 3600));
  // `aws login` console credentials: a session in the management account named after the person.
  const signin = new SigninService({
    directory: opts.directory,
    autoApproveUser,
    now: () => Date.now() + emulator.clockSkewMs,
    mint: async (userName) => {
      const c = await minter.assume(opts.directory.accounts[0]?.id ?? MANAGEMENT_ACCOUNT_ID, 'ConsoleAccess', userName, 900);
      return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken };
    },
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const key = `${req.method} ${url.pathname}`;
    if (url.pathname.startsWith('/_emulator/')) return admin(req, res, url);

    const oidcOp = OIDC_ROUTES[key];
    const portalOp = PORTAL_ROUTES[key];
    if (oidcOp || portalOp) {
      const op = (oidcOp ?? portalOp)!;
      const service = oidcOp ? 'sso-oidc' : 'sso';
      const outcome = await faults.apply(op);
      if (outcome.kind === 'drop') return void (log.add({ service, operation: op, status: 0 }), req.socket.destroy());
      if (outcome.kind !== 'serve') {
        const status = outcome.kind === 'throttle' ? 429 : outcome.status;
        const type = outcome.kind === 'throttle' ? 'TooManyRequestsException' : (outcome.code ?? 'InternalServerException');
        sendJson(res, status, { message: outcome.kind === 'throttle' ? 'Rate exceeded' : 'Injected failure' }, type);
        return void log.add({ service, operation: op, status });
      }
      const r = oidcOp
        ? await handleOidc(op, req, res, { identity, baseUrl: emulator.url, autoApproveUser })
        : await handlePortal(op, req, res, url, { identity, directory: opts.directory, mint: (a, r2, s, d) => minter.assume(a, r2, s, d) });
      return void log.add({ service, operation: op, ...r });
    }

    if (url.pathname.startsWith('/latest/')) {
      const op = await emulator.imds.handle(req, res, url);
      if (op) return void log.add({ service: 'imds', operation: op, status: res.statusCode });
    }
    if (url.pathname.startsWith('/v1/')) {
      const op = await signin.handle(req, res, url, emulator.url);
      if (op) return void log.add({ service: 'signin', operation: op, status: res.statusCode });
    }
    for (const extra of opts.extraRoutes ?? []) {
      const op = await extra(req, res, url, emulator);
      if (op) return void log.add({ service: 'signin', operation: op, status: res.statusCode });
    }
    const page = await handlePage(req, res, url, { identity, directory: opts.directory, autoApproveUser });
    if (page) return void log.add({ service: 'portal-web', operation: page, status: res.statusCode });
    if (url.pathname === '/federation') {
      const r = await federation.handle(res, url);
      return void log.add({ service: 'signin', ...r });
    }

    // Everything else: an AWS query/JSON API served by moto.
    const up = await describeUpstream(req);
    const outcome = await faults.apply(up.operation);
    if (outcome.kind === 'drop') return void (log.add({ service: up.service, operation: up.operation, status: 0, caller: up.caller }), req.socket.destroy());
    if (outcome.kind !== 'serve') {
      const status = outcome.kind === 'throttle' ? 400 : outcome.status;
      sendQueryError(res, status, outcome.kind === 'throttle' ? 'Throttling' : (outcome.code ?? 'ServiceUnavailable'), outcome.kind === 'throttle' ? 'Rate exceeded' : 'Injected failure');
      return void log.add({ service: up.service, operation: up.operation, status, caller: up.caller });
    }
    const refused = up.service === 'sts' ? mfa.check(up.form) : undefined;
    if (refused) {
      sendQueryError(res, 403, 'AccessDenied', refused);
      return void log.add({ service: up.service, operation: up.operation, status: 403, caller: up.caller });
    }
    if (up.service === 'organizations') {
      const denied = await orgAccess.refusal(up.caller);
      if (denied) {
        sendJson(res, 400, { __type: 'AccessDeniedException', Message: denied }, 'AccessDeniedException');
        return void log.add({ service: up.service, operation: up.operation, status: 400, caller: up.caller });
      }
    }
    if (up.service === 'sts' && up.operation.startsWith('AssumeRole')) {
      // Buffered, so the session's account is known when it later calls Organizations.
      const answer = await forwardToMoto(opts.motoUrl, req, up);
      if (answer.status === 200) orgAccess.noteStsAnswer(answer.body);
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
      return void log.add({ service: 'sts', operation: up.operation, status: answer.status, caller: up.caller });
    }
    if (up.service === 'sts' && up.operation === 'GetSessionToken') {
      // moto checks the caller (signature, key, auth enforcement); its fixed example session key is
      // replaced by a session moto will recognise later: a role session named after the user.
      const answer = await forwardToMoto(opts.motoUrl, req, up);
      const user = answer.status === 200 && up.caller ? await userOfAccessKey(opts.motoUrl, opts.serviceKeys, up.caller) : undefined;
      if (answer.status !== 200 || !user) {
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body);
        return void log.add({ service: 'sts', operation: up.operation, status: answer.status, caller: up.caller });
      }
      const seconds = Math.min(Math.max(Number(up.form?.get('DurationSeconds') ?? 43200) || 43200, 900), 129600);
      const c = await minter.assume(MANAGEMENT_ACCOUNT_ID, SESSION_ROLE, user, Math.min(seconds, 43200));
      c.expiration = Date.now() + seconds * 1000;
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(sessionTokenXml(c, randomUUID()));
      return void log.add({ service: 'sts', operation: up.operation, status: 200, caller: up.caller });
    }
    const status = await proxyToMoto(opts.motoUrl, req, res, up, emulator.clockSkewMs);
    log.add({ service: up.service, operation: up.operation, status, caller: up.caller });
  }

  async function admin(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const what = `${req.method} ${url.pathname.slice('/_emulator'.length)}`;
    const body = req.method === 'POST' ? (await readBody(req)).toString('utf8') : '';
    const json = () => (body ? (JSON.parse(body) as Record<string, unknown>) : {});
    switch (what) {
      case 'GET /state':
        return sendJson(res, 200, { url: emulator.url, startUrl: opts.directory.startUrl, region: opts.directory.region, directory: opts.directory, autoApproveUser: emulator.autoApproveUser, clockSkewMs: emulator.clockSkewMs });
      case 'GET /log':
        return sendJson(res, 200, log.all());
      case 'DELETE /log':
        log.clear();
        return sendJson(res, 200, {});
      case 'GET /faults':
        return sendJson(res, 200, faults.list());
      case 'POST /faults':
        faults.set(json() as unknown as Fault);
        return sendJson(res, 200, faults.list());
      case 'DELETE /faults':
        faults.clear();
        return sendJson(res, 200, []);
      case 'POST /revoke-tokens':
        identity.revokeAll();
        return sendJson(res, 200, {});
      case 'POST /auto-approve': {
        const b = json();
        emulator.autoApproveUser = b.on ? ((b.user as string | undefined) ?? firstUser) : undefined;
        return sendJson(res, 200, { autoApproveUser: emulator.autoApproveUser ?? null });
      }
      case 'GET /totp': {
        // The current code of an MFA device the emulator created, as an authenticator app shows it.
        const serial = url.searchParams.get('serial') ?? Object.keys(opts.mfaSecrets ?? {}).find((k) => k !== '*') ?? '';
        const secret = opts.mfaSecrets?.[serial];
        if (!secret) return sendJson(res, 404, { message: `no MFA device '${serial}'` });
        res.writeHead(200, { 'content-type': 'text/plain' });
        return void res.end(`${totpCode(secret)}\n`);
      }
      case 'POST /imds-v1':
        emulator.imds.allowV1 = Boolean(json().allow);
        return sendJson(res, 200, { allowV1: emulator.imds.allowV1 });
      case 'POST /clock-skew':
        emulator.clockSkewMs = Number(json().seconds ?? 0) * 1000;
        return sendJson(res, 200, { clockSkewMs: emulator.clockSkewMs });
      default:
        return sendJson(res, 404, { message: `unknown admin route ${what}` });
    }
  }

  const server: Server = createServer((req, res) => {
    route(req, res).catch((e: Error) => {
      if (!res.headersSent) sendJson(res, 500, { message: e.message }, 'InternalServerException');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  emulator.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  emulator.stop = async () => {
    minter.destroy();
    orgAccess.destroy();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  };
  return emulator;
}
