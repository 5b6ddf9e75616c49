import type { InstanceMetadataStep } from '../resolve/plan.js';
import type { StepRunner } from './step-runner.js';

/** EC2 instance metadata (IMDSv2), through the SDK's provider. */
export const run: StepRunner<InstanceMetadataStep> = async (step, _input, ctx) => {
  ctx.verbose(`EC2 instance metadata for profile '${step.profile ?? '?'}'`);
  const { metadataCredentials } = await import('../aws/metadata-credentials.js');
  return metadataCredentials('instance', ctx.env, step.profile);
};
