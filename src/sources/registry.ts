import type { AssumeRoleStep } from './assume-role.js';
import type { ConsoleLoginStep } from './console-login.js';
import type { ContainerStep } from './container.js';
import type { CredentialProcessStep } from './credential-process.js';
import type { InstanceMetadataStep } from './instance-metadata.js';
import type { SessionTokenStep } from './session-token.js';
import type { SsoRoleStep } from './sso-role.js';
import type { StaticKeysStep } from './static-keys.js';
import type { SourceModule } from './step.js';
import type { WebIdentityStep } from './web-identity.js';

/**
 * The credential sources: every step kind a plan may hold, and the module
 * that runs it. Adding a source = its module in sources/ + one line in the
 * union + one line in RUNNERS (the compiler refuses a kind without a runner).
 */
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

export type StepKind = PlanStep['kind'];
export type StepOf<K extends StepKind> = Extract<PlanStep, { kind: K }>;
export type RunnerRegistry = { [K in StepKind]: () => Promise<SourceModule<StepOf<K>>> };

/** Step kind → its module, loaded only when a step of that kind runs (the hot path loads none). */
export const RUNNERS: RunnerRegistry = {
  'static-keys': () => import('./static-keys.js'),
  'session-token': () => import('./session-token.js'),
  'assume-role': () => import('./assume-role.js'),
  'web-identity': () => import('./web-identity.js'),
  'sso-role': () => import('./sso-role.js'),
  'credential-process': () => import('./credential-process.js'),
  'console-login': () => import('./console-login.js'),
  container: () => import('./container.js'),
  'instance-metadata': () => import('./instance-metadata.js'),
};

/** The module for a step's kind, typed for that kind. */
export function sourceFor<K extends StepKind>(kind: K): Promise<SourceModule<StepOf<K>>> {
  return RUNNERS[kind]();
}
