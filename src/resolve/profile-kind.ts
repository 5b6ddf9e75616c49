import type { AwsProfileModel, ProfileEntry } from '../files/profile-model.js';
import { RULES, type ProfileKind, type RuleContext } from './rules/index.js';

export type { ProfileKind };

/**
 * What kind of credentials a profile gives on its own (`profiles list`): the
 * kind of the first rule of the chain that takes it, checked as with
 * `--profile` and an empty environment (so only the profile's own settings
 * count). Nothing is built, nothing can fail.
 */
export function profileKind(p: ProfileEntry, model: AwsProfileModel): ProfileKind {
  const ctx: RuleContext = {
    env: {},
    model,
    files: { config: model.files.config, credentials: model.files.credentials, configChosenBy: '', credentialsChosenBy: '' },
    profile: p.name,
    entry: p,
    hop: false,
    explicitProfile: true,
    sts: {},
    warn: () => {},
    intSetting: () => undefined,
    roleSteps: () => [],
  };
  for (const rule of RULES) {
    const c = rule.check(ctx);
    if (c.matches && c.kind) return c.kind;
  }
  return 'none';
}
