import type { AssumeRoleStep } from '../resolve/plan.js';
import type { RunStepContext, CredentialsWithResponse } from '../core/credentials/run-plan.js';
import type { AwsCredentials, StepContext } from '../lib/domain.js';
import { getMfaCode } from '../lib/mfa.js';
import { mfaProcessFor, requireInput, stsEndpointLabel, stsOptionsFor } from './sts-options.js';

/** Like the AWS CLI: botocore-session-<epoch seconds>, left out of the cache key. */
export function defaultRoleSessionName(now: Date): string {
  return `botocore-session-${Math.floor(now.getTime() / 1000)}`;
}

/**
 * AssumeRole from the previous step's credentials. When the previous step was
 * a GetSessionToken with the same MFA device, the MFA was given there and the
 * session already carries it: no second code.
 */
export async function run(step: AssumeRoleStep, input: AwsCredentials | undefined, ctx: StepContext): Promise<CredentialsWithResponse> {
  const source = requireInput(step, input);
  const prev = (ctx as RunStepContext).previousStep;
  const mfaViaSession = prev?.kind === 'session-token' && prev.mfaSerial === step.mfaSerial;
  let tokenCode: string | undefined;
  if (step.mfaSerial && !mfaViaSession) {
    tokenCode = await getMfaCode(ctx, { serial: step.mfaSerial, profile: step.profile, mfaProcess: await mfaProcessFor(step.profile, ctx) });
  }
  const opts = stsOptionsFor(step, ctx);
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
}
