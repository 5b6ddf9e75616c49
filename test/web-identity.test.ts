import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPlan } from '../src/core/credentials/run-plan.js';
import { cliCachePath, webIdentityCacheKey } from '../src/files/credential-cache.js';
import type { Plan } from '../src/resolve/plan.js';
import { startStsWorld, type StsWorld } from './helpers/sts-recorder.js';

// AssumeRoleWithWebIdentity (EKS/GitHub OIDC style) through moto, cached like the AWS CLI.
let world: StsWorld;
let home: string;
beforeAll(async () => {
  world = await startStsWorld();
  home = mkdtempSync(join(tmpdir(), 'tempkey-wi-'));
});
afterAll(async () => {
  await world.stop();
  rmSync(home, { recursive: true, force: true });
});

describe('web identity step', () => {
  it('reads the token file at run time, assumes the role, and caches the result in the CLI format', async () => {
    const tokenFile = join(home, 'token');
    writeFileSync(tokenFile, 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln\n');
    const env = { HOME: home, AWS_ENDPOINT_URL: world.url };
    const roleArn = 'arn:aws:iam::777777777777:role/Ci';
    const key = webIdentityCacheKey({ RoleArn: roleArn });
    const plan: Plan = {
      profile: 'ci',
      profileChosenBy: 'flag',
      region: 'us-east-1',
      files: { config: join(home, 'config'), credentials: join(home, 'credentials'), configChosenBy: 'test', credentialsChosenBy: 'test' },
      steps: [{ kind: 'web-identity', summary: 'web identity', profile: 'ci', roleArn, webIdentityTokenFile: tokenFile, cache: { store: 'cli-cache', key, path: cliCachePath(env, key) } }],
      decisions: [],
      warnings: [],
    };
    const ctx = { env, now: () => new Date(), prompt: { ask: async () => '' }, verbose: () => {} };
    const out = await runPlan(plan, ctx);
    expect(out).toMatchObject({ fromCache: false, accountId: '777777777777' });
    expect(world.actions()).toEqual(['AssumeRoleWithWebIdentity']);
    const doc = JSON.parse(readFileSync(cliCachePath(env, key), 'utf8'));
    expect(doc.AssumedRoleUser.Arn).toMatch(/^arn:aws:sts::777777777777:assumed-role\/Ci\/botocore-session-\d+$/);
    expect(doc.Credentials.Expiration).toMatch(/UTC$/);
    const again = await runPlan(plan, ctx);
    expect(again).toMatchObject({ fromCache: true, accessKeyId: out.accessKeyId });
    expect(world.actions()).toHaveLength(1);
  });

  it('a missing token file names the file and the profile', async () => {
    const env = { HOME: home, AWS_ENDPOINT_URL: world.url };
    const plan: Plan = {
      profile: 'ci',
      profileChosenBy: 'flag',
      files: { config: '', credentials: '', configChosenBy: '', credentialsChosenBy: '' },
      steps: [{ kind: 'web-identity', summary: 'web identity', profile: 'ci', roleArn: 'arn:aws:iam::777777777777:role/Ci', webIdentityTokenFile: join(home, 'nope') }],
      decisions: [],
      warnings: [],
    };
    await expect(runPlan(plan, { env, now: () => new Date(), prompt: { ask: async () => '' }, verbose: () => {} })).rejects.toMatchObject({
      code: 'WEB_IDENTITY_TOKEN',
      message: expect.stringContaining(join(home, 'nope')),
    });
  });

  it('throttling is retried with backoff by the SDK and then succeeds', async () => {
    const tokenFile = join(home, 'token');
    const env = { HOME: home, AWS_ENDPOINT_URL: world.url };
    const plan: Plan = {
      profile: 'ci2',
      profileChosenBy: 'flag',
      region: 'us-east-1',
      files: { config: '', credentials: '', configChosenBy: '', credentialsChosenBy: '' },
      steps: [{ kind: 'web-identity', summary: 'web identity', profile: 'ci2', roleArn: 'arn:aws:iam::888888888888:role/Ci', webIdentityTokenFile: tokenFile }],
      decisions: [],
      warnings: [],
    };
    world.clearActions();
    world.failNext('AssumeRoleWithWebIdentity', 2);
    const out = await runPlan(plan, { env, now: () => new Date(), prompt: { ask: async () => '' }, verbose: () => {} });
    expect(out.accountId).toBe('888888888888');
    expect(world.actions()).toEqual(['AssumeRoleWithWebIdentity', 'AssumeRoleWithWebIdentity', 'AssumeRoleWithWebIdentity']);
  });
});
