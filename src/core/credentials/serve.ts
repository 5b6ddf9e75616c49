import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AwsCredentials } from '../../lib/domain.js';
import { redactText } from '../../lib/redact.js';
import { isoSecondsZ } from '../../lib/time.js';

/**
 * A local ECS-style credential endpoint (what AWS_CONTAINER_CREDENTIALS_FULL_URI
 * points at): long-running tools and containers ask it whenever their
 * credentials near expiry, and each answer comes from tempkey's cache, which
 * refreshes before expiry. Bound to 127.0.0.1; every request must carry the
 * random token in its Authorization header, name this server in its Host
 * header, and come without an Origin (no web page may ask).
 */
export interface CredentialServer {
  url: string;
  token: string;
  close(): Promise<void>;
}

/** Why a request does not come from a local program talking to this server, or undefined when it does. */
export function foreignRequest(host: string | undefined, origin: string | undefined, port: number): string | undefined {
  const allowed = new Set([`127.0.0.1:${port}`, `localhost:${port}`, '127.0.0.1', 'localhost']);
  if (!host || !allowed.has(host.toLowerCase())) return `the Host header ${JSON.stringify(host ?? '')} is not this server (127.0.0.1:${port})`;
  if (origin !== undefined) return `a request from a web page (Origin ${JSON.stringify(origin)})`;
  return undefined;
}

export async function serveCredentials(opts: { get: () => Promise<AwsCredentials>; port?: number; log?: (line: string) => void }): Promise<CredentialServer> {
  const token = randomBytes(32).toString('base64url');
  const expected = Buffer.from(token);
  const server: Server = createServer((req, res) => {
    // DNS rebinding: a web page whose name now resolves to 127.0.0.1 reaches this port with its own Host;
    // and a browser's request carries an Origin, an SDK's never does. Both are refused before anything else.
    const port = (server.address() as AddressInfo).port;
    const refusal = foreignRequest(req.headers.host, req.headers.origin, port);
    if (refusal) {
      res.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify({ message: refusal }));
      opts.log?.(`refused a request: ${refusal}`);
      return;
    }
    const given = Buffer.from(String(req.headers.authorization ?? ''));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'missing or wrong Authorization token' }));
      opts.log?.(`refused a request without the token from ${req.socket.remoteAddress}`);
      return;
    }
    opts.get().then(
      (c) => {
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            AccessKeyId: c.accessKeyId,
            SecretAccessKey: c.secretAccessKey,
            Token: c.sessionToken,
            Expiration: c.expiration && isoSecondsZ(c.expiration),
            ...(c.accountId ? { AccountId: c.accountId } : {}),
          }),
        );
      },
      (e: Error) => {
        res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ message: redactText(e.message) }));
        opts.log?.(`could not get credentials: ${redactText(e.message)}`);
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    token,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
