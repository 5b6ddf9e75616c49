import { instanceMetadataStep } from '../../sources/instance-metadata.js';
import { rule } from './rule.js';

export function imdsDisabled(env: NodeJS.ProcessEnv): boolean {
  return (env.AWS_EC2_METADATA_DISABLED ?? '').toLowerCase() === 'true';
}

/** The EC2 instance metadata service, the last resort. */
export const instanceMetadataRule = rule('instance-metadata', { onHops: false }, (c) => {
  if (imdsDisabled(c.env)) return { rule: 'instance-metadata', matches: false, reason: 'AWS_EC2_METADATA_DISABLED=true' };
  return {
    rule: 'instance-metadata',
    matches: true,
    reason: 'last resort: the EC2 instance metadata service (set AWS_EC2_METADATA_DISABLED=true to turn it off)',
    build: () => [instanceMetadataStep()],
  };
});
