import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveCredentials, type CredentialServer } from './serve.js';

/** The credential endpoint answers local programs only: DNS rebinding and web pages are refused. */
let server: CredentialServer;
let gets = 0;
beforeAll(async () => {
  server = await serveCredentials({
    get: async () => {
      gets++;
      return { accessKeyId: 'ASIASERVESERVESERVE1', secretAccessKey: 'serve-secret', sessionToken: 'serve-token', expiration: new Date(Date.now() + 3600e3) };
    },
  });
});
afterAll(() => server.close());

function ask(headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: url.port, path: '/', headers: { authorization: server.token, ...headers } }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('tempkey serve refuses requests that are not from a local program', () => {
  it('serves a local program (Host 127.0.0.1:port or localhost:port, no Origin)', async () => {
    const port = new URL(server.url).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      const r = await ask({ host });
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body).AccessKeyId).toBe('ASIASERVESERVESERVE1');
    }
  });

  it('refuses a foreign Host (DNS rebinding) and any Origin, even with the token, without getting credentials', async () => {
    const port = new URL(server.url).port;
    const before = gets;
    const rebinding = await ask({ host: `attacker.example:${port}` });
    const page = await ask({ host: `127.0.0.1:${port}`, origin: 'http://attacker.example' });
    expect(rebinding.status).toBe(403);
    expect(rebinding.body).toContain('attacker.example');
    expect(page.status).toBe(403);
    expect(page.body).toContain('Origin');
    expect(rebinding.body + page.body).not.toContain('serve-secret');
    expect(gets).toBe(before);
  });
});
