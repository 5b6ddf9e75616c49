import type { ContainerStep } from '../resolve/plan.js';
import type { StepRunner } from './step-runner.js';

/** ECS/EKS container credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI), through the SDK's provider. */
export const run: StepRunner<ContainerStep> = async (step, _input, ctx) => {
  ctx.verbose(`container credentials endpoint for profile '${step.profile ?? '?'}'`);
  const { metadataCredentials } = await import('../aws/metadata-credentials.js');
  return metadataCredentials('container', ctx.env, step.profile);
};
