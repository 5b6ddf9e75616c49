import { join } from 'node:path';
import type { Plan, PlanStep } from '../../resolve/plan.js';
import type { AwsCredentials, StepContext } from '../../lib/domain.js';
import type { StepRunner } from '../../sources/step-runner.js';
import {
  assumeRoleCacheJson,
  isFresh,
  readCredentialCache,
  ssoRoleCacheJson,
  tempkeyCacheJson,
  tempkeyCacheKey,
  tempkeyCachePath,
  type AssumeRoleResponseForCache,
} from '../../files/credential-cache.js';
import { lockDir } from '../../files/paths.js';

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
 * Refresh margin: an entry counts as fresh while it has more than 15 minutes
 * left, botocore's CachedCredentialFetcher window (the AWS CLI re-fetches at
 * the same point, so both tools agree on when an entry is stale). For short
 * lifetimes (under an hour, known from the plan) the margin is a quarter of
 * the lifetime, so a 15-minute role is still reused for ~11 minutes.
 */
export const REFRESH_MARGIN_SECONDS = 15 * 60;

type RunnerModule = { run: StepRunner<any> };

/** Step kind → runner module, loaded only when a step of that kind runs. */
export const RUNNERS: Partial<Record<PlanStep['kind'], () => Promise<RunnerModule>>> = {
  'static-keys': () => import('../../sources/static-keys.js'),
  'session-token': () => import('../../sources/session-token.js'),
  'assume-role': () => import('../../sources/assume-role.js'),
  'web-identity': () => import('../../sources/web-identity.js'),
  'sso-role': () => import('../../sources/sso-role.js'),
  'credential-process': () => import('../../sources/credential-process.js'),
  'console-login': () => import('../../sources/console-login.js'),
  container: () => import('../../sources/container.js'),
  'instance-metadata': () => import('../../sources/instance-metadata.js'),
};

/** What runners see: the StepContext plus where they are in the plan. */
export interface RunStepContext extends StepContext {
  plan?: Plan;
  /** The step that produced `input` (undefined for the first). */
  previousStep?: PlanStep;
}

/** Credentials that carry the full AssumeRole response, so the CLI cache can hold what the AWS CLI writes. */
export type CredentialsWithResponse = AwsCredentials & { assumeRoleResponse?: AssumeRoleResponseForCache };

export type RunResult = AwsCredentials & { fromCache: boolean };

export function refreshMarginSeconds(step: PlanStep): number {
  const life = step.cache?.lifetimeSeconds;
  if (life && life < 3600) return Math.floor(life / 4);
  return REFRESH_MARGIN_SECONDS;
}

/**
 * credential_process results are cached in tempkey's own store when the plan
 * gives no entry: keyed by profile and command, kept until their Expiration
 * (output without one is never cached), and the lock makes concurrent callers
 * share one run of the process.
 */
export function withDefaultCaches(steps: PlanStep[], env: NodeJS.ProcessEnv): PlanStep[] {
  return steps.map((s) => {
    if (s.kind !== 'credential-process' || s.cache) return s;
    const key = tempkeyCacheKey({ kind: 'credential-process', profile: s.profile, command: s.command });
    return { ...s, cache: { store: 'tempkey-cache' as const, key, path: tempkeyCachePath(env, key) } };
  });
}

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
  const runCtx: RunStepContext = Object.assign(Object.create(null), ctx, { plan });
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
    runCtx.previousStep = i > 0 ? steps[i - 1] : undefined;
    try {
      input = await runStepCached(step, i, input, runCtx);
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

async function runStepCached(step: PlanStep, index: number, input: AwsCredentials | undefined, ctx: RunStepContext): Promise<AwsCredentials> {
  const label = `step ${index + 1} (${step.summary}${step.profile ? `, profile '${step.profile}'` : ''})`;
  if (!step.cache) {
    ctx.verbose(`${label}: running (not cached)`);
    return stripResponse(await runStep(step, input, ctx));
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
      const out = await runStep(step, input, ctx);
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

async function runStep(step: PlanStep, input: AwsCredentials | undefined, ctx: RunStepContext): Promise<CredentialsWithResponse> {
  const load = RUNNERS[step.kind];
  if (!load) {
    const { TempkeyError } = await import('../../lib/errors.js');
    throw new TempkeyError('UNSUPPORTED_STEP', `This build of tempkey cannot run '${step.kind}' steps (profile '${step.profile ?? '?'}').`, {
      fix: 'Update tempkey, or use another credential source for this profile.',
      location: { profile: step.profile },
    });
  }
  const mod = await load();
  return mod.run(step, input, ctx);
}

async function writeCache(step: PlanStep, out: CredentialsWithResponse): Promise<void> {
  const cache = step.cache!;
  const { writeFileAtomic } = await import('../../files/atomic-write.js');
  let text: string;
  if (cache.store === 'cli-cache' && step.kind === 'sso-role') {
    text = ssoRoleCacheJson({ ...out, accountId: out.accountId ?? step.accountId });
  } else if (cache.store === 'cli-cache') {
    text = assumeRoleCacheJson(out.assumeRoleResponse ?? { credentials: out });
  } else {
    text = tempkeyCacheJson(out, { Kind: step.kind, Profile: step.profile });
  }
  await writeFileAtomic(cache.path, text, 0o600);
}

function stripResponse(c: CredentialsWithResponse): AwsCredentials {
  const { assumeRoleResponse: _drop, ...rest } = c;
  return rest;
}
