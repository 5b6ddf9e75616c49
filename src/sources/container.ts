import type { StepBase, StepRunner } from './step.js';

export interface ContainerStep extends StepBase {
  kind: 'container';
}

/** `variable`: which of AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI is set, for the summary. */
export function containerStep(variable: string, profile?: string): ContainerStep {
  return { kind: 'container', ...(profile ? { profile } : {}), summary: `Container credentials endpoint (${variable})` };
}

/** ECS/EKS container credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI), through the SDK's provider. */
export const run: StepRunner<ContainerStep> = async (step, _input, ctx) => {
  ctx.verbose(`container credentials endpoint for profile '${step.profile ?? '?'}'`);
  const { metadataCredentials } = await import('../aws/metadata-credentials.js');
  return metadataCredentials('container', ctx.env, step.profile);
};
