import type { PlanStep } from '../../resolve/plan.js';
import { credentialProcessStep } from '../../sources/credential-process.js';

/**
 * When a cached step counts as fresh, and where steps without a cache of their
 * own are cached: what running a plan (run-plan) and describing it (explain,
 * the hot-path index) must agree on, without loading the step runners.
 *
 * Refresh margin: an entry counts as fresh while it has more than 15 minutes
 * left, botocore's CachedCredentialFetcher window (the AWS CLI re-fetches at
 * the same point, so both tools agree on when an entry is stale). For short
 * lifetimes (under an hour, known from the plan) the margin is a quarter of
 * the lifetime, so a 15-minute role is still reused for ~11 minutes.
 */
export const REFRESH_MARGIN_SECONDS = 15 * 60;

export function refreshMarginSeconds(step: PlanStep): number {
  const life = step.cache?.lifetimeSeconds;
  if (life && life < 3600) return Math.floor(life / 4);
  return REFRESH_MARGIN_SECONDS;
}

/**
 * The resolver gives credential_process steps their cache entry (the source
 * builds it); a hand-built plan without one gets the same entry here.
 */
export function withDefaultCaches(steps: PlanStep[], env: NodeJS.ProcessEnv): PlanStep[] {
  return steps.map((s) => (s.kind !== 'credential-process' || s.cache ? s : credentialProcessStep(env, s.profile, s.command)));
}
