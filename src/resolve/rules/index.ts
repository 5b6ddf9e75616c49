import { assumeRoleRule } from './assume-role.js';
import { cliOptionsRule } from './cli-options.js';
import { configFileRule } from './config-file.js';
import { containerRule } from './container.js';
import { credentialProcessRule } from './credential-process.js';
import { credentialsFileRule } from './credentials-file.js';
import { environmentRule } from './environment.js';
import { instanceMetadataRule } from './instance-metadata.js';
import { loginRule } from './login.js';
import type { PrecedenceRule, Rule } from './rule.js';
import { ssoRule } from './sso.js';
import { webIdentityRule } from './web-identity.js';

/**
 * The AWS CLI v2's precedence chain, in order: the only copy of the order.
 * The resolver, `explain`, `doctor` (through the plan's decisions) and
 * `profiles list` (a profile's kind) all read this list.
 */
export const RULES: readonly Rule[] = [
  cliOptionsRule,
  environmentRule,
  assumeRoleRule,
  webIdentityRule,
  ssoRule,
  credentialsFileRule,
  loginRule,
  credentialProcessRule,
  configFileRule,
  containerRule,
  instanceMetadataRule,
];

/** The rule names in chain order. */
export const PRECEDENCE_RULES: readonly PrecedenceRule[] = RULES.map((r) => r.id);

export type { PrecedenceRule, ProfileKind, Rule, RuleCheck, RuleContext } from './rule.js';
