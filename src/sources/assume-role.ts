import { getMfaCode } from '../lib/mfa.js';
import { assumeRoleCacheKey } from '../files/cache-keys.js';
import { cliCache, dropUndefined, requireInput, type StepBase, type StepRunner } from './step.js';
import { stsEndpointLabel, stsOptionsFor, type StsTarget } from './sts-options.js';

export interface AssumeRoleStep extends StepBase, StsTarget {
  kind: 'assume-role';
  roleArn: string;
  /** Only when the user set it; otherwise the runner picks a default like the AWS CLI. */
  roleSessionName?: string;
  externalId?: string;
  /**
   * Set when this call sends an MFA code. The resolver leaves it out when a
   * session-token step before it already gave the code for the same device.
   */
  mfaSerial?: string;
  /** The profile's mfa_process command line, when set. */
  mfaProcess?: string;
  durationSeconds?: number;
}

/** AssumeRole lasts an hour when the profile sets no duration_seconds. */
export const DEFAULT_ROLE_SECONDS = 3600;

/** The step, keyed in ~/.aws/cli/cache exactly as the AWS CLI keys this profile, so either tool reuses the other's entry. */
export function assumeRoleStep(env: NodeJS.ProcessEnv, a: Omit<AssumeRoleStep, 'kind' | 'summary' | 'cache'>): AssumeRoleStep {
  const key = assumeRoleCacheKey({
    RoleArn: a.roleArn,
    RoleSessionName: a.roleSessionName,
    ExternalId: a.externalId,
    SerialNumber: a.mfaSerial,
    DurationSeconds: a.durationSeconds,
  });
  return dropUndefined({
    kind: 'assume-role',
    ...a,
    mfaProcess: a.mfaSerial ? a.mfaProcess : undefined,
    summary: `AssumeRole ${a.roleArn}${a.mfaSerial ? ` mfa=${a.mfaSerial}` : ''}`,
    cache: cliCache(env, key, a.durationSeconds ?? DEFAULT_ROLE_SECONDS),
  });
}

/** Like the AWS CLI: botocore-session-<epoch seconds>, left out of the cache key. */
export function defaultRoleSessionName(now: Date): string {
  return `botocore-session-${Math.floor(now.getTime() / 1000)}`;
}

/** AssumeRole from the previous step's credentials, with an MFA code when the step says so. */
export const run: StepRunner<AssumeRoleStep> = async (step, input, ctx) => {
  const source = requireInput(step, input);
  const tokenCode = step.mfaSerial ? await getMfaCode(ctx, { serial: step.mfaSerial, profile: step.profile, mfaProcess: step.mfaProcess }) : undefined;
  const opts = stsOptionsFor(step, ctx.env);
  const roleSessionName = step.roleSessionName || defaultRoleSessionName(ctx.now());
  ctx.verbose(`AssumeRole ${step.roleArn} as '${roleSessionName}' for profile '${step.profile ?? '?'}' at ${stsEndpointLabel(opts)}${tokenCode ? ` with MFA ${step.mfaSerial}` : ''}`);
  const { assumeRole } = await import('../aws/sts.js');
  const r = await assumeRole(
    source,
    {
      roleArn: step.roleArn,
      roleSessionName,
      externalId: step.externalId,
      serialNumber: tokenCode ? step.mfaSerial : undefined,
      tokenCode,
      durationSeconds: step.durationSeconds,
    },
    opts,
  );
  return { ...r.credentials, assumeRoleResponse: r };
};
