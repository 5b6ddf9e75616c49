import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { identityCachePath, readCachedIdentity, rememberIdentity } from './identity.js';

const identity = { account: '123456789012', arn: 'arn:aws:sts::123456789012:assumed-role/Dev/alice', userId: 'AROAEXAMPLE:alice' };

describe('the remembered identity', () => {
  it('is kept for temporary keys only, found by its key id, and never holds the secret', async () => {
    const home = mkdtempSync(join(tmpdir(), 'tk-whoami-'));
    try {
      const env = { HOME: home };
      const temp = { accessKeyId: 'ASIATEMPORARY0000001', secretAccessKey: 'very-secret', sessionToken: 'token' };
      await rememberIdentity(env, temp, identity);
      expect(readCachedIdentity(env, temp)).toEqual(identity);
      const dir = join(home, '.aws/tempkey/cache');
      const files = readdirSync(dir);
      expect(files).toEqual([expect.stringMatching(/^identity-[0-9a-f]{16}\.json$/)]);
      expect(readFileSync(join(dir, files[0]!), 'utf8')).not.toMatch(/very-secret|token/);
      // Long-term keys are always asked about (they can be deleted at any time).
      const longTerm = { accessKeyId: 'AKIALONGTERM00000001', secretAccessKey: 's' };
      await rememberIdentity(env, longTerm, identity);
      expect(readCachedIdentity(env, longTerm)).toBeUndefined();
      expect(readdirSync(dir)).toHaveLength(1);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it("is not another key's identity that happens to have the same file name", async () => {
    const home = mkdtempSync(join(tmpdir(), 'tk-whoami-'));
    try {
      const env = { HOME: home };
      const mine = { accessKeyId: 'ASIAMINE000000000001', sessionToken: 't' };
      await rememberIdentity(env, mine, identity);
      const path = identityCachePath(env, mine.accessKeyId);
      writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, 'utf8')), accessKeyId: 'ASIAOTHER00000000001' }));
      expect(readCachedIdentity(env, mine)).toBeUndefined();
      writeFileSync(path, JSON.stringify(identity)); // the older format, without the key id
      expect(readCachedIdentity(env, mine)).toBeUndefined();
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
