/**
 * The plan: what resolving a profile produces, and what `explain`, `doctor`,
 * `exec`, `env` and `credential-process` share. Plain data only (no functions,
 * no secrets): resolving never touches the network, and printing a plan is
 * always safe. Steps run first to last; each step's input is the previous
 * step's credentials. Execution starts from the last step whose cache is fresh.
 */

import type { Origin } from '../lib/domain.js';
import type { PlanStep } from '../sources/registry.js';

export type { Origin };

export type { CacheSpec, KeySource, StepBase } from '../sources/step.js';
export type { PlanStep, StepKind } from '../sources/registry.js';
export type { StaticKeysStep } from '../sources/static-keys.js';
export type { SessionTokenStep } from '../sources/session-token.js';
export type { AssumeRoleStep } from '../sources/assume-role.js';
export type { WebIdentityStep } from '../sources/web-identity.js';
export type { SsoRoleStep } from '../sources/sso-role.js';
export type { ConsoleLoginStep } from '../sources/console-login.js';
export type { CredentialProcessStep } from '../sources/credential-process.js';
export type { ContainerStep } from '../sources/container.js';
export type { InstanceMetadataStep } from '../sources/instance-metadata.js';

/** The precedence chain's rules: their order is RULES in resolve/rules (the only copy). */
export { PRECEDENCE_RULES } from './rules/index.js';
export type { PrecedenceRule } from './rules/index.js';
import type { PrecedenceRule } from './rules/index.js';

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
