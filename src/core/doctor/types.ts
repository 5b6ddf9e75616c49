import type { Project } from '../../project/detect.js';
import type { AwsProfileModel } from '../../files/profile-model.js';
import type { AwsFileLocations } from '../../files/paths.js';
import { TempkeyError } from '../../lib/errors.js';
import type { Plan } from '../../resolve/plan.js';
import { resolvePlan } from '../../resolve/resolve.js';

/**
 * One finding of `tempkey doctor`. The JSON shape is public and stable:
 * { ok, checks: [{ id, title, status, found?, location?, fix? }] }.
 */
export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skipped';

export interface Check {
  id: string;
  title: string;
  status: CheckStatus;
  /** What was found, in words (never a secret). */
  found?: string;
  location?: { file?: string; line?: number; profile?: string };
  /** The exact command (or edit) that fixes it. */
  fix?: string;
}

export interface DoctorOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  profile?: string;
  layer?: string;
  offline?: boolean;
  /** A hand-edit finding id (handedit.*) whose line edits to apply first. */
  fix?: string;
  now?: () => Date;
  verbose?: (line: string) => void;
}

/** What the checks share, gathered once. */
export interface DoctorContext extends DoctorOptions {
  now: () => Date;
  verbose: (line: string) => void;
  project?: Project;
  files?: AwsFileLocations;
  model?: AwsProfileModel;
  /** The profiles in question: the one asked for, the layer's, or AWS_PROFILE / default. */
  profiles: string[];
  /** Each profile's plan (or the resolver's error), resolved once per run from `model`. */
  plans?: Map<string, Plan | TempkeyError>;
  /** Hand-edit findings of the raw files (hand-edits.ts), for checks that can name the real mistake. */
  handEdits?: import('./hand-edits.js').HandEdit[];
}

/**
 * The plan of one profile in question, from the files read once by the file
 * checks: doctor parses the files once per run, however many checks ask.
 * Throws the resolver's TempkeyError (the profile checks report it).
 */
export function planFor(ctx: DoctorContext, name: string): Plan {
  const plans = (ctx.plans ??= new Map());
  let got = plans.get(name);
  if (!got) {
    try {
      got = resolvePlan({ env: { ...ctx.env, AWS_PROFILE: undefined }, flags: { profile: name }, files: ctx.files!, model: ctx.model!, now: ctx.now });
    } catch (e) {
      if (!(e instanceof TempkeyError)) throw e;
      got = e;
    }
    plans.set(name, got);
  }
  if (got instanceof TempkeyError) throw got;
  return got;
}

export const check = (id: string, title: string, status: CheckStatus, extra: Omit<Check, 'id' | 'title' | 'status'> = {}): Check => ({ id, title, status, ...extra });
