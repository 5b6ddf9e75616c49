import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';

/**
 * The EC2 instance metadata service's credential paths, IMDSv2 style: a PUT
 * to /latest/api/token (with a TTL header) yields a session token that every
 * GET must carry; the role's credentials are minted by moto. With
 * `allowV1`, token-less GETs are answered too (old instances).
 */
export const INSTANCE_ROLE = 'tempkey-instance-role';

export class InstanceMetadata {
  private tokens = new Map<string, number>();
  allowV1 = false;

  constructor(private mint: () => Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken: string; expiration: number }>) {}

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<string | undefined> {
    if (!url.pathname.startsWith('/latest/')) return undefined;
    const text = (status: number, body: string, type = 'text/plain') => res.writeHead(status, { 'content-type': type }).end(body);
    if (url.pathname === '/latest/api/token') {
      const ttl = Number(req.headers['x-aws-ec2-metadata-token-ttl-seconds']);
      if (req.method !== 'PUT' || !(ttl >= 1 && ttl <= 21600)) return text(400, 'Bad Request'), 'ImdsToken';
      const token = randomBytes(24).toString('base64');
      this.tokens.set(token, Date.now() + ttl * 1000);
      return text(200, token), 'ImdsToken';
    }
    const token = req.headers['x-aws-ec2-metadata-token'];
    const valid = typeof token === 'string' && (this.tokens.get(token) ?? 0) > Date.now();
    if (!valid && !this.allowV1) return text(401, 'Unauthorized'), 'ImdsUnauthorized';
    const base = '/latest/meta-data/iam/security-credentials/';
    if (url.pathname === base) return text(200, INSTANCE_ROLE), 'ImdsRoleName';
    if (url.pathname === `${base}${INSTANCE_ROLE}`) {
      const c = await this.mint();
      const body = { Code: 'Success', LastUpdated: new Date().toISOString(), Type: 'AWS-HMAC', AccessKeyId: c.accessKeyId, SecretAccessKey: c.secretAccessKey, Token: c.sessionToken, Expiration: new Date(c.expiration).toISOString().replace(/\.\d{3}Z$/, 'Z') };
      return text(200, JSON.stringify(body), 'application/json'), 'ImdsCredentials';
    }
    return text(404, 'Not Found'), 'ImdsNotFound';
  }
}
