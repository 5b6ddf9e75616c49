import type { AwsCredentials } from '../../lib/domain.js';

export interface Identity {
  account: string;
  arn: string;
  userId: string;
}

/** GetCallerIdentity with credentials already obtained (loads the SDK only here). */
export async function whoAmI(creds: AwsCredentials, opts: { region?: string; env: NodeJS.ProcessEnv; profile?: string }): Promise<Identity> {
  const { getCallerIdentity } = await import('../../aws/sts.js');
  return getCallerIdentity(creds, { region: opts.region || opts.env.AWS_REGION || opts.env.AWS_DEFAULT_REGION || 'us-east-1', env: opts.env, profile: opts.profile });
}
