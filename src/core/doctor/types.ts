import type { Project } from '../../project/detect.js';
import type { AwsProfileModel } from '../../files/profile-model.js';
import type { AwsFileLocations } from '../../files/paths.js';

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
}

export const check = (id: string, title: string, status: CheckStatus, extra: Omit<Check, 'id' | 'title' | 'status'> = {}): Check => ({ id, title, status, ...extra });
