/**
 * The plan: what resolving a profile produces, and what `explain`, `doctor`,
 * `exec`, `env` and `credential-process` share. Plain data only (no functions,
 * no secrets): resolving never touches the network, and printing a plan is
 * always safe. Steps run first to last; each step's input is the previous
 * step's credentials. Execution starts from the last step whose cache is fresh.
 */

import type { Origin } from '../lib/domain.js';

export type { Origin };

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

export type PlanStep =
  | StaticKeysStep
  | SessionTokenStep
  | AssumeRoleStep
  | WebIdentityStep
  | SsoRoleStep
  | ConsoleLoginStep
  | CredentialProcessStep
  | ContainerStep
  | InstanceMetadataStep;

interface StepBase {
  /** The profile whose settings produced this step. */
  profile?: string;
  /** One line for humans, e.g. `AssumeRole arn:aws:iam::222:role/DevOps`. */
  summary: string;
  cache?: CacheSpec;
}

export interface StaticKeysStep extends StepBase {
  kind: 'static-keys';
  source: KeySource;
  /** Long-term keys of an IAM user (AKIA…) vs. temporary keys with a session token. */
  hasSessionToken: boolean;
}

/** GetSessionToken, with MFA when mfaSerial is set: the "one MFA prompt for hours" step. */
export interface SessionTokenStep extends StepBase {
  kind: 'session-token';
  mfaSerial?: string;
  durationSeconds: number;
  region?: string;
}

export interface AssumeRoleStep extends StepBase {
  kind: 'assume-role';
  roleArn: string;
  /** Only when the user set it; otherwise the runner picks a default like the AWS CLI. */
  roleSessionName?: string;
  externalId?: string;
  /**
   * Set when the profile has mfa_serial. If the previous step is a session-token
   * step for the same serial, the MFA was already given there and no code is sent.
   */
  mfaSerial?: string;
  durationSeconds?: number;
  region?: string;
}

export interface WebIdentityStep extends StepBase {
  kind: 'web-identity';
  roleArn: string;
  webIdentityTokenFile: string;
  roleSessionName?: string;
  durationSeconds?: number;
  region?: string;
}

export interface SsoRoleStep extends StepBase {
  kind: 'sso-role';
  /** Name of the [sso-session] section; absent for legacy profiles. */
  ssoSession?: string;
  startUrl: string;
  ssoRegion: string;
  accountId: string;
  roleName: string;
  registrationScopes?: string[];
  /** ~/.aws/sso/cache/<sha1>.json holding the access token. */
  tokenCachePath: string;
}

/** Console credentials (`aws login`, profile key login_session): the AWS CLI's login cache, refreshed. */
export interface ConsoleLoginStep extends StepBase {
  kind: 'console-login';
  session: string;
  /** ~/.aws/login/cache (the file is <sha256 of the session>.json; hashed when run, to keep resolving light). */
  tokenCacheDir: string;
  region?: string;
}

export interface CredentialProcessStep extends StepBase {
  kind: 'credential-process';
  command: string;
}

export interface ContainerStep extends StepBase {
  kind: 'container';
}

export interface InstanceMetadataStep extends StepBase {
  kind: 'instance-metadata';
}

/** The AWS CLI's precedence chain, in order. */
export const PRECEDENCE_RULES = [
  'cli-options',
  'environment',
  'assume-role',
  'web-identity',
  'sso',
  'credentials-file',
  'login',
  'credential-process',
  'config-file',
  'container',
  'instance-metadata',
] as const;
export type PrecedenceRule = (typeof PRECEDENCE_RULES)[number];

/** Why a rule of the chain did or did not apply, for `explain` and `doctor`. */
export interface RuleDecision {
  rule: PrecedenceRule;
  /** The profile the rule was checked against (rules are re-checked per hop of a chain). */
  profile?: string;
  applied: boolean;
  reason: string;
  origin?: Origin;
}

export interface Plan {
  /** The profile asked for ("default" when none). */
  profile: string;
  /** How the profile was chosen: flag, AWS_PROFILE, AWS_DEFAULT_PROFILE or default. */
  profileChosenBy: 'flag' | 'AWS_PROFILE' | 'AWS_DEFAULT_PROFILE' | 'default';
  region?: string;
  regionOrigin?: string;
  files: { config: string; credentials: string; configChosenBy: string; credentialsChosenBy: string };
  steps: PlanStep[];
  /** Decisions for the requested profile and then each source_profile hop. */
  decisions: RuleDecision[];
  /** Non-fatal findings (e.g. static keys ignored because SSO wins). */
  warnings: string[];
  /** Profiles visited, requested first, then each source_profile hop (added by the resolver). */
  chain?: string[];
  /**
   * Endpoints the requested profile configures: `endpoint_url` (all services) and
   * its `[services X]` section (`sts =` + indented `endpoint_url = ...`), keyed by
   * the service's config key (sts, sso, sso_oidc, iam, organizations). The
   * environment (AWS_ENDPOINT_URL_<SVC>, AWS_ENDPOINT_URL) still wins over these.
   */
  endpoints?: { all?: string; services?: Record<string, string> };
}
