import type { StsOptions } from '../aws/sts.js';
import type { RunStepContext } from '../core/credentials/run-plan.js';
import { TempkeyError } from '../lib/errors.js';
import type { PlanStep } from '../resolve/plan.js';
import type { AwsCredentials, StepContext } from '../lib/domain.js';

/** Region for an STS call: the step's (from the profile), else the environment's, else us-east-1 like botocore's global STS. */
export function stsOptionsFor(step: PlanStep & { region?: string }, ctx: StepContext): StsOptions {
  const plan = (ctx as RunStepContext).plan;
  const region = step.region || plan?.region || ctx.env.AWS_REGION || ctx.env.AWS_DEFAULT_REGION || 'us-east-1';
  return { region, env: ctx.env, profile: step.profile };
}

/** Steps after the first need the previous step's credentials. */
export function requireInput(step: PlanStep, input: AwsCredentials | undefined): AwsCredentials {
  if (!input) {
    throw new TempkeyError('PLAN_INVALID', `'${step.summary}' needs credentials from a previous step, but it is the first step of the plan.`, {
      fix: `Give profile '${step.profile ?? '?'}' a source_profile or credential_source: tempkey explain ${step.profile ?? ''}`,
      location: { profile: step.profile },
    });
  }
  return input;
}

/** The profile's mfa_process (read only when an MFA code is needed, so the hot path reads no extra file). */
export async function mfaProcessFor(profile: string | undefined, ctx: StepContext): Promise<string | undefined> {
  if (!profile) return undefined;
  const plan = (ctx as RunStepContext).plan;
  try {
    const { readProfileValue } = await import('./profile-value.js');
    return await readProfileValue(ctx.env, plan?.files.config, profile, 'mfa_process');
  } catch {
    return undefined;
  }
}

/** Where an STS call goes, for --verbose (same order as client-config: per-service env, global env, AWS). */
export function stsEndpointLabel(opts: { region: string; env: NodeJS.ProcessEnv; profileEndpoint?: string }): string {
  return opts.env.AWS_ENDPOINT_URL_STS || opts.env.AWS_ENDPOINT_URL || opts.profileEndpoint || `https://sts.${opts.region}.amazonaws.com`;
}
