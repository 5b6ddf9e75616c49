import type { IncomingMessage, ServerResponse } from 'node:http';
import { request } from 'node:http';
import { readBody, sendQueryError } from './http.js';

/**
 * What is not Identity Center goes to moto. On the way the gateway names the
 * operation for the log and faults, and checks MFA codes on STS calls that
 * carry a TokenCode (moto accepts any code; AWS does not, and refuses a code
 * used before).
 */
export interface UpstreamRequest {
  service: string;
  operation: string;
  caller?: string;
  body: Buffer;
  form?: URLSearchParams;
}

export async function describeUpstream(req: IncomingMessage): Promise<UpstreamRequest> {
  const body = await readBody(req);
  const auth = req.headers.authorization ?? '';
  const scope = /Credential=([^/]+)\/[^/]+\/[^/]+\/([^/]+)\//.exec(auth);
  const target = req.headers['x-amz-target'];
  const contentType = req.headers['content-type'] ?? '';
  let operation = 'Unknown';
  let form: URLSearchParams | undefined;
  if (typeof target === 'string') operation = target.split('.').pop() ?? target;
  else if (contentType.includes('x-www-form-urlencoded')) {
    form = new URLSearchParams(body.toString('utf8'));
    operation = form.get('Action') ?? 'Unknown';
  }
  let service = scope?.[2] ?? 'unknown';
  if (!scope && form?.get('Action') === 'AssumeRoleWithWebIdentity') service = 'sts';
  return { service, operation, caller: scope?.[1], body, form };
}

export class MfaChecker {
  private used = new Set<string>();

  constructor(
    private secretOf: (serial: string) => string | undefined,
    private valid: (code: string, secret: string) => boolean,
  ) {}

  /** An error message when the request's MFA code must be refused. */
  check(form: URLSearchParams | undefined): string | undefined {
    const code = form?.get('TokenCode');
    if (!form || code === null || code === undefined) return undefined;
    const serial = form.get('SerialNumber') ?? '';
    const secret = this.secretOf(serial);
    if (!secret) return undefined; // a device the emulator did not create: moto decides
    const key = `${serial} ${code}`;
    if (this.used.has(key) || !this.valid(code, secret)) return 'MultiFactorAuthentication failed with invalid MFA one time pass code.';
    this.used.add(key);
    return undefined;
  }
}

export function proxyToMoto(motoUrl: string, req: IncomingMessage, res: ServerResponse, up: UpstreamRequest, dateOffsetMs: number): Promise<number> {
  return new Promise((resolve) => {
    const r = request(`${motoUrl}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
      const headers = { ...answer.headers };
      if (dateOffsetMs) headers.date = new Date(Date.now() + dateOffsetMs).toUTCString();
      res.writeHead(answer.statusCode ?? 502, headers);
      answer.pipe(res);
      answer.on('end', () => resolve(answer.statusCode ?? 502));
    });
    r.on('error', (e) => {
      sendQueryError(res, 502, 'ServiceUnavailable', `moto is not answering: ${e.message}`);
      resolve(502);
    });
    r.end(up.body);
  });
}

/** Sends the request to moto and collects the whole answer (for the calls the gateway completes itself). */
export function forwardToMoto(motoUrl: string, req: IncomingMessage, up: UpstreamRequest): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve) => {
    const r = request(`${motoUrl}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (c: Buffer) => chunks.push(c));
      answer.on('end', () => resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    r.on('error', (e) => resolve({ status: 502, headers: {}, body: `<ErrorResponse><Error><Code>ServiceUnavailable</Code><Message>moto is not answering: ${e.message}</Message></Error></ErrorResponse>` }));
    r.end(up.body);
  });
}

export function sessionTokenXml(c: { accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: number }, requestId: string): string {
  const exp = new Date(c.expiration).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `<GetSessionTokenResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetSessionTokenResult><Credentials><SessionToken>${c.sessionToken}</SessionToken><SecretAccessKey>${c.secretAccessKey}</SecretAccessKey><Expiration>${exp}</Expiration><AccessKeyId>${c.accessKeyId}</AccessKeyId></Credentials></GetSessionTokenResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></GetSessionTokenResponse>`;
}
