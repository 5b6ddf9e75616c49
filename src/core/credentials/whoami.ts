import type { AwsCredentials } from '../../lib/domain.js';
import type { Identity } from './identity.js';

/** GetCallerIdentity with credentials already obtained (loads the SDK only here). */
export async function whoAmI(creds: AwsCredentials, opts: { region?: string; env: NodeJS.ProcessEnv; profile?: string }): Promise<Identity> {
  const { getCallerIdentity } = await import('../../aws/sts.js');
  return getCallerIdentity(creds, { region: opts.region || opts.env.AWS_REGION || opts.env.AWS_DEFAULT_REGION || 'us-east-1', env: opts.env, profile: opts.profile });
}
