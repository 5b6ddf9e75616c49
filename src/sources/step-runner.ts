import type { AwsCredentials, StepContext } from '../lib/domain.js';
import type { PlanStep } from '../resolve/plan.js';

/**
 * One credential source = one runner: takes the previous step's credentials
 * (undefined for a first step) and produces the next. Runners know nothing of
 * caches; caching wraps them (core/run-plan).
 */
export type StepRunner<S extends PlanStep = PlanStep> = (
  step: S,
  input: AwsCredentials | undefined,
  ctx: StepContext,
) => Promise<AwsCredentials>;
