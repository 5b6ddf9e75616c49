import { ProfileShapes, type AwsProfileModel, type ProfileEntry } from '../files/profile-model.js';
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

/**
 * profileKind of many profiles. The rules take a profile by which settings it
 * has, never by their values (rules.test checks each rule so), and here no
 * environment counts: so profiles of one shape (the same keys in the same
 * files, see ProfileShapes) have one kind, and the chain is checked once per
 * shape. A 10,000-profile config has a handful of shapes.
 */
export function profileKinds(profiles: Iterable<ProfileEntry>, model: AwsProfileModel): ProfileKind[] {
  const shapes = new ProfileShapes();
  const byShape = new Map<object, ProfileKind>();
  const kinds: ProfileKind[] = [];
  for (const p of profiles) {
    const shape = shapes.of(p);
    let kind = byShape.get(shape);
    if (kind === undefined) byShape.set(shape, (kind = profileKind(p, model)));
    kinds.push(kind);
  }
  return kinds;
}
