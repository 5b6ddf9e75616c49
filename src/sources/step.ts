import type { AssumeRoleResponse, AwsCredentials, Origin, StepContext } from '../lib/domain.js';
import { TempkeyError } from '../lib/errors.js';
import { cliCachePath, tempkeyCachePath } from '../files/credential-cache.js';

/**
 * What every plan step shares, and the contract of a source module. A source
 * (sources/<kind>.ts) owns its whole slice: its step type, the function the
 * resolver calls to build the step (fields, cache key, cache path) and its
 * `run` (which imports the AWS SDK lazily, only when it runs). Everything a
 * runner needs is on its step: runners see the step, the previous step's
 * credentials and the injected StepContext, nothing else.
 */

/** Where a step's result is cached, and how it is keyed. */
export interface CacheSpec {
  /**
   * `cli-cache`: ~/.aws/cli/cache/<key>.json, shared with the AWS CLI v2.
   * `tempkey-cache`: ~/.aws/tempkey/cache/<key>.json, tempkey's own (MFA sessions).
   */
  store: 'cli-cache' | 'tempkey-cache';
  key: string;
  path: string;
  /** Lifetime requested from AWS, in seconds, when known before running. */
  lifetimeSeconds?: number;
}

/** Where long-term (static) keys come from. The plan names the place, never the secret. */
export type KeySource =
  | { type: 'env'; variables: string[] }
  | { type: 'credentials-file'; profile: string; origin: Origin }
  | { type: 'config-file'; profile: string; origin: Origin }
  | { type: 'vault'; key: string; backend?: string }
  | { type: 'cli-flags' };

export interface StepBase {
  /** The profile whose settings produced this step. */
  profile?: string;
  /** One line for humans, e.g. `AssumeRole arn:aws:iam::222:role/DevOps`. */
  summary: string;
  cache?: CacheSpec;
}

/** Credentials that carry the full AssumeRole response, so the CLI cache can hold what the AWS CLI writes. */
export type CredentialsWithResponse = AwsCredentials & { assumeRoleResponse?: AssumeRoleResponse };

/**
 * One credential source = one runner: takes the previous step's credentials
 * (undefined for a first step) and produces the next. Runners know nothing of
 * caches; caching wraps them (core/credentials/run-plan).
 */
export type StepRunner<S> = (step: S, input: AwsCredentials | undefined, ctx: StepContext) => Promise<CredentialsWithResponse>;

/** What the runner registry loads for a step kind. */
export interface SourceModule<S> {
  run: StepRunner<S>;
}

/** An entry in ~/.aws/cli/cache, shared with the AWS CLI v2. */
export function cliCache(env: NodeJS.ProcessEnv, key: string, lifetimeSeconds?: number): CacheSpec {
  return dropUndefined({ store: 'cli-cache', key, path: cliCachePath(env, key), lifetimeSeconds });
}

/** An entry in ~/.aws/tempkey/cache, tempkey's own. */
export function tempkeyCache(env: NodeJS.ProcessEnv, key: string, lifetimeSeconds?: number): CacheSpec {
  return dropUndefined({ store: 'tempkey-cache', key, path: tempkeyCachePath(env, key), lifetimeSeconds });
}

/** Plans are compared and printed as JSON: keep absent fields absent, not `undefined`. */
export function dropUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

/** Steps after the first need the previous step's credentials. */
export function requireInput(step: StepBase, input: AwsCredentials | undefined): AwsCredentials {
  if (!input) {
    throw new TempkeyError('PLAN_INVALID', `'${step.summary}' needs credentials from a previous step, but it is the first step of the plan.`, {
      fix: `Give profile '${step.profile ?? '?'}' a source_profile or credential_source: tempkey explain ${step.profile ?? ''}`,
      location: { profile: step.profile },
    });
  }
  return input;
}
