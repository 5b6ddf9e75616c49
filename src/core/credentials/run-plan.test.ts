import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Plan, PlanStep } from '../../resolve/plan.js';
import type { AwsCredentials, StepContext } from '../../lib/domain.js';
import { RUNNERS, runPlan, REFRESH_MARGIN_SECONDS } from './run-plan.js';
import { assumeRoleCacheKey, cliCachePath, tempkeyCacheKey, tempkeyCachePath } from '../../files/credential-cache.js';

// Runners are swapped for counting fakes: this file checks the caching wrapper, not STS.
const saved = { ...RUNNERS };
let calls: string[];
let home: string;
let env: NodeJS.ProcessEnv;
let clock: Date;

function fakeRunner(kind: string, lifetimeSec: number, delayMs = 0) {
  return async () => ({
    run: async (step: PlanStep, input: AwsCredentials | undefined) => {
      calls.push(kind);
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      const n = calls.length;
      return {
        accessKeyId: `ASIA${kind.toUpperCase().replace(/-/g, '')}${n}`.padEnd(20, 'X').slice(0, 20),
        secretAccessKey: `secret-${kind}-${n}-from-${input?.accessKeyId ?? 'none'}`,
        sessionToken: `token-${kind}-${n}`,
        expiration: new Date(clock.getTime() + lifetimeSec * 1000),
        ...(step.kind === 'assume-role' ? { accountId: '222222222222' } : {}),
      };
    },
  });
}

function plan(): Plan {
  const roleArn = 'arn:aws:iam::222222222222:role/Dev';
  const arKey = assumeRoleCacheKey({ RoleArn: roleArn });
  const stKey = tempkeyCacheKey({ kind: 'session-token', mfaSerial: 'arn:aws:iam::111111111111:mfa/alice' });
  return {
    profile: 'dev',
    profileChosenBy: 'flag',
    files: { config: join(home, '.aws/config'), credentials: join(home, '.aws/credentials'), configChosenBy: 'default', credentialsChosenBy: 'default' },
    steps: [
      { kind: 'static-keys', summary: 'keys', profile: 'iam', hasSessionToken: false, source: { type: 'env', variables: [] } },
      {
        kind: 'session-token',
        summary: 'GetSessionToken',
        profile: 'iam',
        durationSeconds: 43200,
        mfaSerial: 'arn:aws:iam::111111111111:mfa/alice',
        cache: { store: 'tempkey-cache', key: stKey, path: tempkeyCachePath(env, stKey), lifetimeSeconds: 43200 },
      },
      { kind: 'assume-role', summary: `AssumeRole ${roleArn}`, profile: 'dev', roleArn, mfaSerial: 'arn:aws:iam::111111111111:mfa/alice', cache: { store: 'cli-cache', key: arKey, path: cliCachePath(env, arKey) } },
    ],
    decisions: [],
    warnings: [],
  };
}

function ctx(): StepContext {
  return { env, now: () => clock, prompt: { ask: async () => '123456' }, verbose: () => {} };
}

beforeEach(() => {
  calls = [];
  home = mkdtempSync(join(tmpdir(), 'tempkey-runplan-'));
  env = { HOME: home };
  clock = new Date('2030-01-01T12:00:00Z');
  RUNNERS['static-keys'] = fakeRunner('static-keys', 0) as never;
  RUNNERS['session-token'] = fakeRunner('session-token', 43200) as never;
  RUNNERS['assume-role'] = fakeRunner('assume-role', 3600) as never;
});
afterEach(() => {
  Object.assign(RUNNERS, saved);
  rmSync(home, { recursive: true, force: true });
});

describe('runPlan', () => {
  it('runs every step on a cold cache, then nothing while the last entry is fresh', async () => {
    const first = await runPlan(plan(), ctx());
    expect(calls).toEqual(['static-keys', 'session-token', 'assume-role']);
    expect(first.fromCache).toBe(false);
    calls = [];
    const second = await runPlan(plan(), ctx());
    expect(calls).toEqual([]);
    expect(second.fromCache).toBe(true);
    expect(second.secretAccessKey).toBe(first.secretAccessKey);
    expect(second.accountId).toBe('222222222222');
  });

  it('refreshes the role 15 minutes before expiry from the still-fresh MFA session (no new MFA step)', async () => {
    await runPlan(plan(), ctx());
    calls = [];
    clock = new Date(clock.getTime() + 3600_000 - REFRESH_MARGIN_SECONDS * 1000 + 1000);
    const out = await runPlan(plan(), ctx());
    expect(calls).toEqual(['assume-role']);
    expect(out.secretAccessKey).toContain('from-ASIASESSIONTOKEN');
  });

  it('writes the role entry in the AWS CLI shape, mode 0600, and botocore reads it as fresh', async () => {
    const p = plan();
    await runPlan(p, ctx());
    const path = p.steps[2]!.cache!.path;
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const text = readFileSync(path, 'utf8');
    expect(text).toMatch(/^\{"Credentials": \{"AccessKeyId": "/);
    const doc = JSON.parse(text);
    expect(doc.Credentials.Expiration).toBe('2030-01-01T13:00:00UTC');
    expect(doc.Credentials.AccountId).toBe('222222222222');
    // botocore's own reader and expiry check (its clock is real: the entry expires in 2030).
    const py = `
import sys, botocore.utils as u, botocore.credentials as c
cache = u.JSONFileCache(sys.argv[1])
f = c.AssumeRoleCredentialFetcher(client_creator=None, source_credentials=None, role_arn=sys.argv[3], cache=cache)
assert f._cache_key == sys.argv[2], (f._cache_key, sys.argv[2])
creds = f.fetch_credentials()
print(creds['access_key'], creds['account_id'])`;
    const out = execFileSync('python3', ['-c', py, join(home, '.aws/cli/cache'), p.steps[2]!.cache!.key, 'arn:aws:iam::222222222222:role/Dev'], { encoding: 'utf8' });
    expect(out.trim()).toBe(`${doc.Credentials.AccessKeyId} 222222222222`);
  });

  it('ignores a corrupt cache entry and rewrites it', async () => {
    const p = plan();
    await runPlan(p, ctx());
    for (const s of p.steps) if (s.cache) writeFileSync(s.cache.path, '{"Credentials": {"AccessKeyId": tru');
    calls = [];
    const out = await runPlan(p, ctx());
    expect(calls).toEqual(['static-keys', 'session-token', 'assume-role']);
    expect(out.fromCache).toBe(false);
    for (const s of p.steps) if (s.cache) expect(() => JSON.parse(readFileSync(s.cache!.path, 'utf8'))).not.toThrow();
  });

  it('50 concurrent runs on a cold cache run each step once', async () => {
    RUNNERS['session-token'] = fakeRunner('session-token', 43200, 150) as never;
    RUNNERS['assume-role'] = fakeRunner('assume-role', 3600, 150) as never;
    const outs = await Promise.all(Array.from({ length: 50 }, () => runPlan(plan(), ctx())));
    expect(calls.filter((c) => c === 'session-token')).toHaveLength(1);
    expect(calls.filter((c) => c === 'assume-role')).toHaveLength(1);
    expect(new Set(outs.map((o) => o.secretAccessKey)).size).toBe(1);
  });

  it('a failing step caches nothing', async () => {
    RUNNERS['assume-role'] = async () => ({
      run: async () => {
        throw new Error('denied');
      },
    });
    const p = plan();
    await expect(runPlan(p, ctx())).rejects.toThrow('denied');
    expect(existsSync(p.steps[2]!.cache!.path)).toBe(false);
  });
});

describe('runPlan when AWS rejects a cached session', () => {
  it('drops the entry that fed the failing step and runs again from further back, once', async () => {
    const p = plan();
    await runPlan(p, ctx());
    // The role entry is stale now, the session entry is fresh; the role call rejects that session once.
    clock = new Date(clock.getTime() + 3000_000);
    let rejections = 0;
    RUNNERS['assume-role'] = async () => ({
      run: async (_s: PlanStep, input: AwsCredentials | undefined) => {
        calls.push('assume-role');
        if (input?.accessKeyId.includes('SESSIONTOKEN2')) {
          rejections++;
          throw Object.assign(new Error('revoked'), { code: 'SESSION_INVALID' });
        }
        return { accessKeyId: 'ASIAROLE', secretAccessKey: 's', sessionToken: 't', expiration: new Date(clock.getTime() + 3600_000) };
      },
    });
    calls = [];
    const c = { ...ctx(), verbose: () => {} };
    const out = await runPlan(p, c);
    expect(rejections).toBe(1);
    expect(calls).toEqual(['assume-role', 'static-keys', 'session-token', 'assume-role']);
    expect(out.accessKeyId).toBe('ASIAROLE');
  });

  it('does not loop when the fresh session is rejected too', async () => {
    const p = plan();
    await runPlan(p, ctx());
    clock = new Date(clock.getTime() + 3000_000);
    RUNNERS['assume-role'] = async () => ({
      run: async () => {
        calls.push('assume-role');
        throw Object.assign(new Error('revoked'), { code: 'SESSION_INVALID' });
      },
    });
    calls = [];
    await expect(runPlan(p, ctx())).rejects.toThrow('revoked');
    expect(calls.filter((x) => x === 'assume-role')).toHaveLength(2);
  });
});
