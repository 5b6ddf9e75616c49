import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as container } from './container.js';
import { run as instanceMetadata } from './instance-metadata.js';

// A loopback container-credentials endpoint, as ECS/EKS serve it, read through the SDK's provider.
let server: ReturnType<typeof createServer>;
let url: string;
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(`${req.url} ${req.headers.authorization ?? ''}`);
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ AccessKeyId: 'ASIACONTAINER0000001', SecretAccessKey: 'csecret', Token: 'ctoken', Expiration: new Date(Date.now() + 3600e3).toISOString() }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/creds`;
});
afterAll(() => new Promise((r) => server.close(r)));

const ctx = (env: NodeJS.ProcessEnv) => ({ env, now: () => new Date(), prompt: { ask: async () => '' }, verbose: () => {} });

describe('container and instance-metadata steps', () => {
  it('container credentials come from AWS_CONTAINER_CREDENTIALS_FULL_URI with its token', async () => {
    const c = await container({ kind: 'container', summary: 'container', profile: 'ecs' }, undefined, ctx({ AWS_CONTAINER_CREDENTIALS_FULL_URI: url, AWS_CONTAINER_AUTHORIZATION_TOKEN: 'tok123' }));
    expect(c).toMatchObject({ accessKeyId: 'ASIACONTAINER0000001', sessionToken: 'ctoken' });
    expect(seen.at(-1)).toBe('/creds tok123');
    expect(process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI).toBeUndefined(); // the step's env does not leak
  });

  it('no metadata service is a clear error naming the profile', async () => {
    await expect(
      instanceMetadata({ kind: 'instance-metadata', summary: 'imds', profile: 'ec2' }, undefined, ctx({ AWS_EC2_METADATA_SERVICE_ENDPOINT: 'http://127.0.0.1:1' })),
    ).rejects.toMatchObject({ code: 'METADATA_UNAVAILABLE', message: expect.stringContaining("profile 'ec2'") });
  });
});
