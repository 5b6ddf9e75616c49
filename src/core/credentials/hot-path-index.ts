import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fnvName } from '../../lib/fnv-name.js';
import { locateAwsFiles, tempkeyCacheDir } from '../../files/paths.js';
import { findProjectRootSync, projectIdentityFiles } from '../../project/root.js';
import { resolutionVariables } from './resolution-inputs.js';
import { fileStamp } from '../../files/file-stamp.js';
import { keepNewest } from '../../files/keep-newest.js';
import type { StaticKeysStep } from '../../resolve/plan.js';

/**
 * The hot path skips resolving the profile. Resolving is pure (files +
 * environment + flags → plan), so once a run has resolved a plan, the same
 * inputs lead to the same answer. This index maps the inputs to that answer:
 *
 * - the key: the request (profile, region, project and file flags), the
 *   environment resolution reads (resolution-inputs.ts: AWS_*, TEMPKEY_*, the home and platform variables; secrets by presence
 *   only), the project the working directory is in (none is one value, so a
 *   new directory outside any project hits) and the config/credentials paths
 *   those choose;
 * - in the entry: a stamp (device, inode, size, mtime, ctime) of every file
 *   resolution read (config, credentials, the project's build.env), taken
 *   BEFORE the run, so an edit made while it ran is a mismatch next time,
 *   never a stale answer.
 *
 * The answer is where the credentials are: a cache entry (the plan's last
 * step) or, for static keys, the static-keys step that reads them. The index
 * holds paths and plain plan data only, never a secret. env, exec,
 * credential-process and whoami share an entry: they ask the same question.
 */
export interface HotPathRequest {
  profile?: string;
  region?: string;
  project?: string;
  configFile?: string;
  credentialsFile?: string;
}

/** The part of a credentials command's flags that decides which credentials it gets (explicit --profile wins over PROFILE). */
export function hotPathRequest(values: { profile?: string; region?: string; project?: string; 'config-file'?: string; 'credentials-file'?: string }, profile: string | undefined): HotPathRequest {
  return { profile: values.profile ?? profile, region: values.region, project: values.project, configFile: values['config-file'], credentialsFile: values['credentials-file'] };
}

export type HotPathAnswer = { cachePath: string; marginSeconds: number } | { staticKeys: StaticKeysStep };

export interface HotPathEntry {
  v: 3;
  /** The whole key: the file is named by a 64-bit hash of it (lib/fnv-name), and a read compares it. */
  key: string;
  stamps: Record<string, string>;
  answer: HotPathAnswer;
  profile: string;
  region?: string;
  /** Set when the files came from a Leverage-style project (env exports them). */
  projectFiles?: { config: string; credentials: string };
}

/** The index key of one run's inputs, and the stamps of the files it reads, each taken before the read. */
export interface HotPathInputs {
  /** Holds no secret (secrets count by presence), so the entry can keep it. */
  key: string;
  stamps: Record<string, string>;
}

export const INDEX_PREFIX = 'hotpath-';
/** Entries kept; the oldest beyond this are removed when a new one is written. */
export const MAX_HOT_PATH_ENTRIES = 64;

/**
 * The key, and the stamps of the project files (when the directory is in a
 * Leverage-style project). The project is found by the same walk project/detect
 * uses; its name (which chooses ~/.aws/<name>/) is not predicted here: it is a
 * function of the stamped files, so an entry made from them stays right while
 * they are unchanged. Outside a project the directory is no part of the key
 * (only through a relative AWS_CONFIG_FILE, via the located paths).
 */
export function hotPathInputs(req: HotPathRequest, env: NodeJS.ProcessEnv, cwd: string): HotPathInputs {
  const scoped = { ...env };
  if (req.configFile) scoped.AWS_CONFIG_FILE = req.configFile;
  if (req.credentialsFile) scoped.AWS_SHARED_CREDENTIALS_FILE = req.credentialsFile;
  const stamps: Record<string, string> = {};
  let where: unknown;
  const root = !req.project && !scoped.AWS_CONFIG_FILE ? findProjectRootSync(cwd) : undefined;
  if (root) {
    for (const f of projectIdentityFiles(root, cwd)) stamps[f] = fileStamp(f).stamp;
    where = { root, cwd };
  } else {
    const files = locateAwsFiles(scoped, { project: req.project, cwd });
    where = { config: files.config, credentials: files.credentials };
  }
  const vars = resolutionVariables(env);
  const request = [req.profile, req.region, req.project, req.configFile, req.credentialsFile];
  return { key: JSON.stringify({ v: 3, request, vars, where }), stamps };
}

/** Adds the stamps of files about to be read (the config and credentials files, once located). */
export function stampFiles(inputs: HotPathInputs, paths: string[]): void {
  for (const p of paths) inputs.stamps[p] ??= fileStamp(p).stamp;
}

export function hotPathIndexPath(env: NodeJS.ProcessEnv, key: string): string {
  return join(tempkeyCacheDir(env), `${INDEX_PREFIX}${fnvName(key)}.json`);
}

/** The entry for these inputs when every file it was made from is unchanged. */
export function readHotPathEntry(env: NodeJS.ProcessEnv, inputs: HotPathInputs): HotPathEntry | undefined {
  let entry: HotPathEntry;
  try {
    entry = JSON.parse(readFileSync(hotPathIndexPath(env, inputs.key), 'utf8')) as HotPathEntry;
  } catch {
    return undefined;
  }
  if (entry?.v !== 3 || entry.key !== inputs.key || typeof entry.profile !== 'string' || !entry.answer || !entry.stamps) return undefined;
  for (const path of Object.keys(inputs.stamps)) if (!(path in entry.stamps)) return undefined;
  for (const [path, stamp] of Object.entries(entry.stamps)) if (fileStamp(path).stamp !== stamp) return undefined;
  return entry;
}

/**
 * Called by the full CLI after it answered, with the inputs taken before it
 * ran. Best effort: never fails the command. Removes the oldest entries
 * beyond MAX_HOT_PATH_ENTRIES and the files of the older index format.
 */
export async function rememberHotPath(env: NodeJS.ProcessEnv, inputs: HotPathInputs, entry: Omit<HotPathEntry, 'v' | 'key' | 'stamps'>): Promise<void> {
  try {
    const { writeFileAtomic } = await import('../../files/atomic-write.js');
    const full: HotPathEntry = { v: 3, key: inputs.key, stamps: inputs.stamps, ...entry };
    await writeFileAtomic(hotPathIndexPath(env, inputs.key), JSON.stringify(full) + '\n', 0o600);
    pruneHotPathIndex(env);
  } catch {
    /* the next call just takes the slow path again */
  }
}

export function pruneHotPathIndex(env: NodeJS.ProcessEnv, keep = MAX_HOT_PATH_ENTRIES): void {
  const dir = tempkeyCacheDir(env);
  // Older formats: keyed by directory (hot-), then named by SHA-1 (40 hex digits).
  for (const name of readdirSync(dir)) if (/^hot(path)?-[0-9a-f]{40}\.json$/.test(name)) rmSync(join(dir, name), { force: true });
  keepNewest(dir, (name) => name.startsWith(INDEX_PREFIX) && name.endsWith('.json'), keep);
}

/**
 * Records where the answer of a run that just obtained credentials is (see
 * HotPathAnswer), when the next run can find it without resolving: the last
 * step's cache entry, or the static keys of a profile's own file. Plans that
 * end elsewhere (environment keys, the vault, a container endpoint) always run.
 */
export async function rememberObtained(
  env: NodeJS.ProcessEnv,
  inputs: HotPathInputs,
  got: { plan: { profile: string; files: { config: string; credentials: string; configChosenBy: string }; steps: import('../../resolve/plan.js').PlanStep[] }; region?: string },
): Promise<void> {
  const { files } = got.plan;
  if (!(files.config in inputs.stamps) || !(files.credentials in inputs.stamps)) return; // read files it had not stamped
  const { withDefaultCaches, refreshMarginSeconds } = await import('./cache-policy.js');
  const steps = withDefaultCaches(got.plan.steps, env);
  const last = steps.at(-1);
  let answer: HotPathAnswer;
  if (last?.cache) answer = { cachePath: last.cache.path, marginSeconds: refreshMarginSeconds(last) };
  else if (steps.length === 1 && last?.kind === 'static-keys' && (last.source.type === 'credentials-file' || last.source.type === 'config-file')) answer = { staticKeys: last };
  else return;
  await rememberHotPath(env, inputs, {
    answer,
    profile: got.plan.profile,
    region: got.region,
    projectFiles: files.configChosenBy.startsWith('project') ? { config: files.config, credentials: files.credentials } : undefined,
  });
}
