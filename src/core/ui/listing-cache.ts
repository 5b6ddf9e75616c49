import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempkeyCacheDir } from '../../files/paths.js';
import { fileStamp } from '../../files/file-stamp.js';
import { keepNewest } from '../../files/keep-newest.js';
import { fnvName } from '../../lib/fnv-name.js';
import { resolutionVariables } from '../credentials/resolution-inputs.js';

/**
 * Answers read from the config files, kept from their last run: the
 * `profiles list` text, and the plan `explain` resolves. Both are pure (files +
 * environment + flags → answer), so the same inputs give the same answer; on
 * 10,000 profiles reading the files costs many times what printing the answer
 * does, and even a usual config's (~1 ms to read, model and resolve) costs more
 * than a lookup (~0.2 ms). Like the hot-path index:
 *
 * - the key: the program, what was asked (the arguments; explain: profile and region), the
 *   environment variables tempkey reads (AWS_*, TEMPKEY_*, HOME and the other
 *   home and platform variables; secrets by presence only), the project and
 *   the located config and credentials paths;
 * - in the entry: a stamp (device, inode, size, mtime, ctime) of both files
 *   and of the running program, taken BEFORE the files are read, so an edit
 *   made while it ran, or another tempkey, is a mismatch, never a stale answer.
 *   A file changed in the last seconds is not stamped at all (its next change
 *   could keep size and times within the clock's step).
 *
 * An entry holds what the command printed (names, kinds, regions, paths) or a
 * plan (plain data, never a secret: keys never enter a plan); mode 0600.
 */
/** What an entry answers: a `profiles list` text, or an `explain` plan (as JSON); each kind keeps its own entries. */
export type AnswerKind = 'listing' | 'plan';
export const PREFIXES: Record<AnswerKind, string> = { listing: 'listing-', plan: 'plan-' };
const KEEP: Record<AnswerKind, number> = { listing: 8, plan: 32 };
const RECENT_MS = 2000;

export interface ListingInputs {
  kind: AnswerKind;
  /** Everything the answer depends on but the files' contents; kept in the entry and compared whole. */
  key: string;
  path: string;
  stamps: Record<string, string>;
  /** A file was too recently changed to be trusted by its stamp: answer, but keep nothing. */
  recent: boolean;
}

/** The file's stamp, and whether it changed too recently to be trusted by it (unreadable counts as recent). */
function stamp(path: string, now: number): { stamp: string; recent: boolean } {
  const { stamp, stats: s } = fileStamp(path);
  if (!s) return { stamp, recent: stamp === 'unreadable' };
  const changed = Number((s.mtimeNs > s.ctimeNs ? s.mtimeNs : s.ctimeNs) / 1_000_000n);
  return { stamp, recent: Math.abs(now - changed) < RECENT_MS };
}

/**
 * The entry path and the stamps for one listing, or undefined when nothing is
 * cached: no program file to stamp (a changed tempkey must never print an
 * older one's answer).
 */
export function listingInputs(
  env: NodeJS.ProcessEnv,
  request: { kind?: AnswerKind; args: (string | undefined)[]; project?: string; files: { config: string; credentials: string } },
  program: string | undefined,
  now = Date.now(),
): ListingInputs | undefined {
  if (!program) return undefined;
  const config = stamp(request.files.config, now);
  const credentials = stamp(request.files.credentials, now);
  if (config.stamp === 'missing' && credentials.stamp === 'missing') return undefined; // nothing to keep, and no ~/.aws to make for it
  const self = stamp(program, now);
  const vars = resolutionVariables(env);
  const kind = request.kind ?? 'listing';
  // The program is part of the key too: two installs (or checkouts) keep an entry each instead of taking turns.
  const key = JSON.stringify({ v: 1, kind, program, args: request.args.map((a) => a ?? null), project: request.project ?? null, files: [request.files.config, request.files.credentials], vars, platform: process.platform });
  // Program first: an entry of another build never matches, whatever the files say.
  const stamps: Record<string, string> = { [program]: self.stamp };
  stamps[request.files.config] ??= config.stamp;
  stamps[request.files.credentials] ??= credentials.stamp;
  const recent = self.recent || config.recent || credentials.recent;
  return { kind, key, path: join(tempkeyCacheDir(env), `${PREFIXES[kind]}${fnvName(key)}.txt`), stamps, recent };
}

/** The answer (UTF-8) an earlier run kept for these inputs, when every stamped file is unchanged. */
export function readListing(inputs: ListingInputs): Buffer | undefined {
  let data: Buffer;
  try {
    data = readFileSync(inputs.path);
  } catch {
    return undefined;
  }
  const nl = data.indexOf(10);
  if (nl < 0) return undefined;
  try {
    const head = JSON.parse(data.toString('utf8', 0, nl)) as { v?: unknown; key?: unknown; stamps?: Record<string, string> };
    if (head.v !== 2 || head.key !== inputs.key || !head.stamps) return undefined;
    const paths = Object.keys(inputs.stamps);
    if (Object.keys(head.stamps).length !== paths.length) return undefined;
    for (const p of paths) if (head.stamps[p] !== inputs.stamps[p]) return undefined;
  } catch {
    return undefined;
  }
  return data.subarray(nl + 1);
}

/** Keeps what a run printed for its inputs. Best effort: never fails the command. */
export async function rememberListing(env: NodeJS.ProcessEnv, inputs: ListingInputs, text: string): Promise<void> {
  if (inputs.recent) return;
  try {
    const { writeFileAtomic } = await import('../../files/atomic-write.js');
    await writeFileAtomic(inputs.path, `${JSON.stringify({ v: 2, key: inputs.key, stamps: inputs.stamps })}\n${text}`, 0o600);
    pruneAnswers(env, inputs.kind);
  } catch {
    /* the next run lists from the files again */
  }
}

/** Removes the oldest entries of a kind beyond the number kept (8 listings, 32 plans). */
export function pruneAnswers(env: NodeJS.ProcessEnv, kind: AnswerKind, keep = KEEP[kind]): void {
  keepNewest(tempkeyCacheDir(env), (name) => name.startsWith(PREFIXES[kind]) && name.endsWith('.txt'), keep);
}
