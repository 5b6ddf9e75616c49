import { join } from 'node:path';
import type { Plan, PlanStep } from '../../resolve/plan.js';
import type { AwsCredentials, StepContext } from '../../lib/domain.js';
import { assumeRoleCacheJson, isFresh, readCredentialCache, ssoRoleCacheJson, tempkeyCacheJson } from '../../files/credential-cache.js';
import { credentialProcessStep } from '../../sources/credential-process.js';
import { RUNNERS, sourceFor } from '../../sources/registry.js';
import type { CredentialsWithResponse } from '../../sources/step.js';
import { lockDir } from '../../files/paths.js';
import { refreshMarginSeconds, withDefaultCaches } from './cache-policy.js';

/**
 * Runs a plan: caching is a wrapper around the step runners, which know
 * nothing of disks (like aws-vault's CachedSessionProvider).
 *
 * 1. Walk the steps backwards; the last step whose cache entry is fresh is
 *    the starting point, its cached credentials feed the next step. When the
 *    last step itself is fresh, nothing else runs: no SDK module is loaded
 *    (runners and src/aws/ are imported dynamically, only when they run).
 * 2. Each step that must run and has a cache entry runs under a cross-process
 *    lock for that entry; inside the lock the cache is read again (another
 *    process may just have filled it), so 50 processes on a cold cache make
 *    one STS call per step.
 *
 * Refresh margins and default caches: ./cache-policy.ts.
 */
export { REFRESH_MARGIN_SECONDS, refreshMarginSeconds, withDefaultCaches } from './cache-policy.js';

/** Step kind → source module (sources/registry), re-exported so tests can swap in counting fakes. */
export { RUNNERS };

export type RunResult = AwsCredentials & { fromCache: boolean };

/**
 * The hot path: the final credentials when the last step's cache entry is
 * fresh, else undefined (then runPlan does the real work). Reads one file.
 */
export async function freshCachedResult(plan: Plan, env: NodeJS.ProcessEnv, now: Date): Promise<RunResult | undefined> {
  const last = withDefaultCaches(plan.steps, env).at(-1);
  if (!last?.cache) return undefined;
  const cached = await readCredentialCache(last.cache.path);
  return isFresh(cached, now, refreshMarginSeconds(last)) ? { ...cached!, fromCache: true } : undefined;
}

export async function runPlan(plan: Plan, ctx: StepContext): Promise<RunResult> {
  const steps = withDefaultCaches(plan.steps, ctx.env);
  if (steps.length === 0) {
    const { TempkeyError } = await import('../../lib/errors.js');
    throw new TempkeyError('NO_CREDENTIALS', `Profile '${plan.profile}' has no credential source.`, {
      fix: `Add keys, a role_arn, or SSO settings to the profile: tempkey explain ${plan.profile}`,
      location: { profile: plan.profile, file: plan.files.config },
    });
  }
  const now = ctx.now();

  // 1. The last fresh cache entry, walking backwards.
  let start = 0;
  let input: AwsCredentials | undefined;
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i]!;
    if (!step.cache) continue;
    const cached = await readCredentialCache(step.cache.path);
    if (isFresh(cached, now, refreshMarginSeconds(step))) {
      ctx.verbose(`step ${i + 1} (${step.summary}): fresh cache entry ${step.cache.path}${cached!.expiration ? `, expires ${cached!.expiration.toISOString()}` : ''}`);
      start = i + 1;
      input = cached;
      break;
    }
    ctx.verbose(`step ${i + 1} (${step.summary}): ${cached ? 'cache entry due for refresh' : 'no usable cache entry'} at ${step.cache.path}`);
  }
  if (start === steps.length) return { ...input!, fromCache: true };

  // 2. Run the remaining steps, each cached step under its own lock.
  for (let i = start; i < steps.length; i++) {
    const step = steps[i]!;
    try {
      input = await runStepCached(step, i, input, ctx);
    } catch (e) {
      // A cached session that AWS no longer accepts (revoked, or our clock is off):
      // drop that entry and go again from further back, once.
      const fed = i === start && start > 0 ? steps[start - 1]!.cache : undefined;
      if (fed && !retried.has(ctx) && REJECTED_SESSION_CODES.has((e as { code?: string }).code ?? '')) {
        retried.add(ctx);
        ctx.verbose(`step ${i + 1}: AWS rejected the cached credentials from ${fed.path}; removing that entry and retrying`);
        const { rm } = await import('node:fs/promises');
        await rm(fed.path, { force: true });
        return runPlan(plan, ctx);
      }
      throw e;
    }
  }
  return { ...stripResponse(input!), fromCache: false };
}

/** Failures that depend on the caller (its terminal, its flags, its passphrase), not on the shared upstream call. */
const CALLER_SPECIFIC_FAILURES = new Set<string>(['NO_TERMINAL', 'MFA_NEEDED', 'MFA_FORMAT', 'MFA_PROCESS', 'CANCELLED', 'VAULT_PASSPHRASE_MISSING', 'VAULT_PASSPHRASE_WRONG', 'SSO_NOT_LOGGED_IN', 'SSO_TOKEN_REJECTED', 'LOCK_TIMEOUT', 'LOCK_LOST', 'SESSION_INVALID', 'SESSION_EXPIRED']);

const REJECTED_SESSION_CODES = new Set(['SESSION_INVALID', 'SESSION_EXPIRED']);
const retried = new WeakSet<StepContext>();

async function runStepCached(step: PlanStep, index: number, input: AwsCredentials | undefined, ctx: StepContext): Promise<AwsCredentials> {
  const label = `step ${index + 1} (${step.summary}${step.profile ? `, profile '${step.profile}'` : ''})`;
  if (!step.cache) {
    ctx.verbose(`${label}: running (not cached)`);
    return stripResponse(await (await sourceFor(step.kind)).run(step, input, ctx));
  }
  const cache = step.cache;
  const { withLock } = await import('../../files/lock.js');
  // Locks live beside tempkey's state, not in ~/.aws/cli/cache, which other tools list.
  const lockPath = join(lockDir(ctx.env), `${cache.store}-${cache.key}`);
  return withLock(
    lockPath,
    async () => {
      const again = await readCredentialCache(cache.path);
      if (isFresh(again, ctx.now(), refreshMarginSeconds(step))) {
        ctx.verbose(`${label}: another process filled ${cache.path} meanwhile; using it`);
        return again!;
      }
      // Before the step spends anything (an MFA code): the result must have somewhere to go.
      const { assertFileSlot } = await import('../../files/odd-files.js');
      await assertFileSlot(cache.path, `the cache entry of ${step.summary}`);
      ctx.verbose(`${label}: running; result cached in ${cache.path}`);
      const source = await sourceFor(step.kind);
      const out = await source.run(step, input, ctx);
      if (out.expiration || step.kind !== 'credential-process') await writeCache(step, out);
      return stripResponse(out);
    },
    {
      onWait: () => ctx.verbose(`${label}: waiting for another tempkey process holding the lock on ${cache.path}`),
      // One wrong MFA code or one hung endpoint ends the wait of everyone queued, instead of being repeated by each.
      shareFailure: (e) => !CALLER_SPECIFIC_FAILURES.has(e.code),
    },
  );
}

/** The cache file's text: in ~/.aws/cli/cache the AWS CLI's own shapes (SSO role entry, else the AssumeRole response), else tempkey's. */
async function writeCache(step: PlanStep, out: CredentialsWithResponse): Promise<void> {
  const cache = step.cache!;
  const { writeFileAtomic } = await import('../../files/atomic-write.js');
  let text: string;
  if (cache.store === 'cli-cache' && step.kind === 'sso-role') text = ssoRoleCacheJson({ ...out, accountId: out.accountId ?? step.accountId });
  else if (cache.store === 'cli-cache') text = assumeRoleCacheJson(out.assumeRoleResponse ?? { credentials: out });
  else text = tempkeyCacheJson(out, { Kind: step.kind, Profile: step.profile });
  await writeFileAtomic(cache.path, text, 0o600);
}

function stripResponse(c: CredentialsWithResponse): AwsCredentials {
  const { assumeRoleResponse: _drop, ...rest } = c;
  return rest;
}
