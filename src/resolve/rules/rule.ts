import type { Origin } from '../../lib/domain.js';
import { where } from '../../lib/errors.js';
import type { AwsFileLocations } from '../../files/paths.js';
import type { AwsProfileModel, ProfileEntry, Setting } from '../../files/profile-model.js';
import type { PlanStep } from '../../sources/registry.js';
import type { StsTarget } from '../../sources/sts-options.js';

/**
 * One rule of the AWS CLI's precedence chain = one module in this folder: when
 * it applies to a profile, the reason it gives (applied or not), and the
 * steps it builds (through its source's builder). The order lives only in
 * rules/index.ts.
 */

/** The names of the chain's rules (the order is RULES in rules/index.ts). */
export type PrecedenceRule =
  | 'cli-options'
  | 'environment'
  | 'assume-role'
  | 'web-identity'
  | 'sso'
  | 'credentials-file'
  | 'login'
  | 'credential-process'
  | 'config-file'
  | 'container'
  | 'instance-metadata';

/** What kind of credentials a profile gives on its own (for `profiles list`), named by the rule that takes it. */
export type ProfileKind = 'assume-role' | 'web-identity' | 'sso' | 'vault' | 'static' | 'login' | 'process' | 'none';

/** One rule checked against one profile. `build` runs only for the winner (a broken later rule never hides a working earlier one). */
export interface RuleCheck {
  rule: PrecedenceRule;
  matches: boolean;
  reason: string;
  origin?: Origin;
  /** The profile kind this match gives (`profiles list`); env-only rules give none. */
  kind?: ProfileKind;
  build?: () => PlanStep[];
}

/** What a rule may read and use; the resolver provides it. */
export interface RuleContext {
  env: NodeJS.ProcessEnv;
  model: AwsProfileModel;
  files: AwsFileLocations;
  /** The profile being checked and its entry (undefined: no such section, e.g. a missing [default]). */
  profile: string;
  entry?: ProfileEntry;
  /** Checked as a source_profile hop of a role chain rather than as the requested profile. */
  hop: boolean;
  /** The profile came from --profile (the AWS CLI then turns the environment rules off). */
  explicitProfile: boolean;
  /** Region and STS endpoint for STS steps; the portal endpoint for SSO. */
  sts: StsTarget;
  ssoEndpoint?: string;
  warn(message: string): void;
  /** botocore's int() of a setting: a whole number, else a warning and undefined. */
  intSetting(p: ProfileEntry, key: string): number | undefined;
  /** The steps that give a role profile its source credentials, then its AssumeRole (assume-role rule). */
  roleSteps(profile: string): PlanStep[];
}

export interface Rule {
  id: PrecedenceRule;
  /** Checked for source_profile hops too (the profile-reading rules, and the two that explain why they do not apply there). */
  onHops: boolean;
  check(c: RuleContext): RuleCheck;
}

/** " (~/.aws/config:12)" after a setting, for reasons and messages. */
export const at = (s: Setting | undefined): string => (s ? ` (${where(s.origin)})` : '');

/** A rule module's one export: its name, whether source_profile hops check it, and its check. */
export function rule(id: PrecedenceRule, o: { onHops: boolean }, check: (c: RuleContext) => RuleCheck): Rule {
  return { id, onHops: o.onHops, check };
}

/**
 * The common shape of a rule that one setting of the profile triggers: absent
 * (the reason says so), else it applies, with the setting's file:line.
 */
export function settingRule(
  id: PrecedenceRule,
  kind: ProfileKind,
  setting: (p: ProfileEntry) => Setting | undefined,
  absent: string,
  then: { reason: (s: Setting, p: ProfileEntry) => string; steps: (c: RuleContext, p: ProfileEntry, s: Setting) => PlanStep[] },
): Rule {
  return rule(id, { onHops: true }, (c) => {
    const p = c.entry;
    const s = p && setting(p);
    if (!p || !s) return { rule: id, matches: false, reason: absent };
    return { rule: id, matches: true, reason: then.reason(s, p), origin: s.origin, kind, build: () => then.steps(c, p, s) };
  });
}
