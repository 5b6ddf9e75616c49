import type { StepBase, StepRunner } from './step.js';

export interface InstanceMetadataStep extends StepBase {
  kind: 'instance-metadata';
}

export function instanceMetadataStep(profile?: string): InstanceMetadataStep {
  return { kind: 'instance-metadata', ...(profile ? { profile } : {}), summary: 'EC2 instance metadata (IMDS) role credentials' };
}

/** EC2 instance metadata (IMDSv2), through the SDK's provider. */
export const run: StepRunner<InstanceMetadataStep> = async (step, _input, ctx) => {
  ctx.verbose(`EC2 instance metadata for profile '${step.profile ?? '?'}'`);
  const { metadataCredentials } = await import('../aws/metadata-credentials.js');
  return metadataCredentials('instance', ctx.env, step.profile);
};
