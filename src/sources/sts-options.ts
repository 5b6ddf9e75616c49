import type { StsOptions } from '../aws/sts.js';

/**
 * What every STS step carries so its runner needs nothing else: the region
 * the resolver chose and the profile's own STS endpoint (`[services] sts =`
 * + `endpoint_url`, else the profile's `endpoint_url`); the environment's
 * AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL still win (aws/client-config).
 */
export interface StsTarget {
  region?: string;
  /** The requested profile's STS endpoint, from the config file. */
  endpoint?: string;
}

/** Region for an STS call: the step's (from the profile), else the environment's, else us-east-1 like botocore's global STS. */
export function stsOptionsFor(step: StsTarget & { profile?: string }, env: NodeJS.ProcessEnv): StsOptions {
  const region = step.region || env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1';
  return { region, env, profile: step.profile, ...(step.endpoint ? { profileEndpoint: step.endpoint } : {}) };
}

/** Where an STS call goes, for --verbose (same order as client-config: per-service env, global env, profile, AWS). */
export function stsEndpointLabel(opts: { region: string; env: NodeJS.ProcessEnv; profileEndpoint?: string }): string {
  return opts.env.AWS_ENDPOINT_URL_STS || opts.env.AWS_ENDPOINT_URL || opts.profileEndpoint || `https://sts.${opts.region}.amazonaws.com`;
}
