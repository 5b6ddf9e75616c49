import type { SessionTokenStep } from '../resolve/plan.js';
import type { StepRunner } from './step-runner.js';
import { getMfaCode } from '../lib/mfa.js';
import { mfaProcessFor, requireInput, stsEndpointLabel, stsOptionsFor } from './sts-options.js';

/** GetSessionToken, with MFA when the profile has mfa_serial: the "one MFA code for hours" step. */
export const run: StepRunner<SessionTokenStep> = async (step, input, ctx) => {
  const source = requireInput(step, input);
  let tokenCode: string | undefined;
  if (step.mfaSerial) {
    tokenCode = await getMfaCode(ctx, { serial: step.mfaSerial, profile: step.profile, mfaProcess: await mfaProcessFor(step.profile, ctx) });
  }
  const opts = stsOptionsFor(step, ctx);
  ctx.verbose(`GetSessionToken for profile '${step.profile ?? '?'}' (${step.durationSeconds}s${step.mfaSerial ? `, MFA ${step.mfaSerial}` : ''}) at ${stsEndpointLabel(opts)}`);
  const { getSessionToken } = await import('../aws/sts.js');
  return getSessionToken(source, { durationSeconds: step.durationSeconds, serialNumber: step.mfaSerial, tokenCode }, opts);
};
