import * as fs from 'node:fs';
import { chmod, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { uniqueHex } from '../lib/unique-hex.js';
import { TempkeyError } from '../lib/errors.js';
import { ERROR_CODES, type ErrorCode } from '../lib/error-codes.js';
import { redactText } from '../lib/redact.js';

/**
 * Cross-process locks, built on proper-lockfile (an atomic mkdir of
 * `<path>.lock` whose mtime the holder keeps touching). A holder that crashes
 * stops touching it, so after `staleMs` others take the lock over: a dead
 * process never blocks anyone for good.
 *
 * A holder that was only stalled (a suspended laptop, SIGSTOP) past `staleMs`
 * has lost the lock to someone else without knowing. So the holder leaves a
 * random token beside the lock (`<path>.lock.owner`), and `guard.assertHeld()` (called right
 * before a commit, e.g. the rename of an atomic write) checks that the token
 * is still ours; if not, the work is done again under a fresh lock (it re-reads
 * what the other holder wrote), and after three losses it fails loudly.
 * Never a silent lost update.
 *
 * With `shareFailure`, the first failure ends the wait of everyone queued on
 * the same lock: the error is left beside the lock for a short while, and a
 * caller that was already waiting when it was written fails with it instead
 * of repeating the same doomed call (twenty MFA prompts for one wrong code).
 */
export interface LockOptions {
  /** How long to wait for another holder before giving up (default 5 min: a browser login may be in progress). */
  waitMs?: number;
  /** After this long without a touch, a lock is considered abandoned (default 10 s). */
  staleMs?: number;
  /** Told once when we start waiting on another process. */
  onWait?: () => void;
  /** Called on every retry while waiting (e.g. to notice what the holder is doing). */
  whileWaiting?: () => void;
  /** Which errors of the holder end the wait of the callers already queued (default: none are shared). */
  shareFailure?: (e: TempkeyError) => boolean;
}

export interface LockGuard {
  /** Throws (and withLock redoes the work) when another process has taken the lock over. Synchronous: call it right before a commit. */
  assertHeld(): void;
}

/** How long a shared failure is shown to callers who were waiting (they all started before it). */
const SHARED_FAILURE_TTL_MS = 60_000;
const MAX_LOSSES = 3;

class LockLost extends Error {
  constructor(readonly lockfile: string) {
    super(`the lock ${lockfile} was taken over by another process`);
  }
}

export async function withLock<T>(path: string, fn: (guard: LockGuard) => Promise<T>, opts: LockOptions = {}): Promise<T> {
  const startedAt = Date.now();
  const lockfilePath = `${path}.lock`;
  const failurePath = `${lockfilePath}.failed`;
  await ensureLockParent(dirname(path));
  for (let losses = 0; ; losses++) {
    const held = await acquire(path, lockfilePath, opts, startedAt, failurePath);
    try {
      const shared = opts.shareFailure ? await readSharedFailure(failurePath, startedAt) : undefined;
      if (shared) throw shared;
      try {
        const out = await fn(held.guard);
        if (opts.shareFailure) await rm(failurePath, { force: true }).catch(() => {});
        return out;
      } catch (e) {
        if (e instanceof TempkeyError && opts.shareFailure?.(e) && held.stillOurs()) await writeSharedFailure(failurePath, e);
        throw e;
      }
    } catch (e) {
      if (!(e instanceof LockLost)) throw e;
      if (losses + 1 >= MAX_LOSSES) {
        throw new TempkeyError('LOCK_LOST', `Another tempkey process took over the lock ${lockfilePath} ${MAX_LOSSES} times while this one was stalled (suspended or overloaded); nothing was written.`, {
          fix: 'Run the command again (and check that no other tempkey is stuck: ps -ef | grep tempkey).',
        });
      }
      // Someone else committed meanwhile: redo the work on what they wrote.
    } finally {
      await held.release();
    }
  }
}

interface Held {
  guard: LockGuard;
  stillOurs(): boolean;
  release(): Promise<void>;
}

async function acquire(path: string, lockfilePath: string, opts: LockOptions, startedAt: number, failurePath: string): Promise<Held> {
  const lockfile = await import('proper-lockfile');
  const waitMs = opts.waitMs ?? 300_000;
  const staleMs = Math.max(2_000, opts.staleMs ?? 10_000);
  const deadline = startedAt + waitMs;
  let delay = 20;
  let told = false;
  let compromised = false;
  let release: () => Promise<void>;
  for (;;) {
    try {
      release = await lockfile.lock(path, {
        realpath: false,
        stale: staleMs,
        update: Math.floor(staleMs / 3),
        lockfilePath,
        fs: privateLockFs,
        onCompromised: () => {
          compromised = true; // checked by guard.assertHeld before any commit
        },
      });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ELOCKED') throw lockSetupError(e, lockfilePath);
      if (opts.shareFailure) {
        const shared = await readSharedFailure(failurePath, startedAt);
        if (shared) throw shared;
      }
      if (Date.now() >= deadline) {
        throw new TempkeyError('LOCK_TIMEOUT', `Timed out after ${Math.round(waitMs / 1000)}s waiting for the lock ${lockfilePath} held by another tempkey process.`, {
          fix: `If no other tempkey is running, remove the stale lock: rm -rf '${lockfilePath}'`,
        });
      }
      if (!told) {
        told = true;
        opts.onWait?.();
      }
      opts.whileWaiting?.();
      await new Promise((r) => setTimeout(r, delay + Math.random() * delay));
      delay = Math.min(delay * 2, 250);
    }
  }
  const token = `${process.pid} ${uniqueHex(18)}\n`;
  // Beside the lock directory, not inside: its mtime is proper-lockfile's own ownership proof.
  const ownerFile = `${lockfilePath}.owner`;
  fs.writeFileSync(ownerFile, token, { mode: 0o600 });
  const stillOurs = () => {
    if (compromised) return false;
    try {
      return fs.readFileSync(ownerFile, 'utf8') === token;
    } catch {
      return false;
    }
  };
  return {
    stillOurs,
    guard: {
      assertHeld() {
        if (!stillOurs()) throw new LockLost(lockfilePath);
        // Just back from a stall but not taken over yet: touch, so nobody takes it in the next instants.
        try {
          const now = new Date();
          if (now.getTime() - fs.statSync(lockfilePath).mtimeMs > staleMs / 2) fs.utimesSync(lockfilePath, now, now);
        } catch {
          /* the check above decides */
        }
        if (!stillOurs()) throw new LockLost(lockfilePath);
      },
    },
    async release() {
      // The token goes while we still hold the lock (so it is never the next holder's), then the lock;
      // proper-lockfile refuses to remove a lock directory that was taken over.
      if (stillOurs()) await rm(ownerFile, { force: true }).catch(() => {});
      await release().catch(() => {});
    },
  };
}

/** proper-lockfile's fs calls, with the lock directory private (0700 whatever the umask). */
const privateLockFs = {
  ...fs,
  mkdir: (p: string, cb: (err: NodeJS.ErrnoException | null) => void) => fs.mkdir(p, { mode: 0o700 }, cb),
} as unknown as typeof fs;

/** The directory that holds the lock must be a directory; tempkey's own (…/locks) is made 0700. */
async function ensureLockParent(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (e) {
    throw lockSetupError(e, dir);
  }
  const st = await stat(dir);
  if (!st.isDirectory()) throw lockSetupError(Object.assign(new Error('not a directory'), { code: 'ENOTDIR' }), dir);
  if (/[/\\]locks$/.test(dir) && (st.mode & 0o077) !== 0 && st.uid === process.getuid?.()) await chmod(dir, 0o700);
}

function lockSetupError(e: unknown, where: string): TempkeyError {
  const code = (e as NodeJS.ErrnoException).code;
  const odd = code === 'ENOTDIR' || code === 'EEXIST';
  return new TempkeyError('LOCK_PATH', odd ? `Cannot create the lock ${where}: a file is in the way where tempkey needs a directory (${code}).` : `Cannot create the lock ${where}: ${(e as Error).message}`, {
    fix: odd ? `Move the file away (e.g. mv '${findFileInTheWay(where)}' '${findFileInTheWay(where)}.bak') and run the command again.` : `Check the permissions of ${dirname(where)}.`,
    location: { file: where },
    cause: e,
  });
}

/** The first existing ancestor of `p` (or p) that is not a directory: the thing to move away. */
function findFileInTheWay(p: string): string {
  for (let cur = p; ; cur = dirname(cur)) {
    try {
      if (!fs.statSync(cur).isDirectory()) return cur;
    } catch {
      /* missing: look further up */
    }
    if (dirname(cur) === cur) return p;
  }
}

async function readSharedFailure(failurePath: string, startedAt: number): Promise<TempkeyError | undefined> {
  let j: { code?: string; message?: string; fix?: string; exitCode?: number; at?: number };
  try {
    j = JSON.parse(await readFile(failurePath, 'utf8'));
  } catch {
    return undefined;
  }
  const at = Number(j.at);
  // Only for callers that were already waiting when it happened, and only for a short while.
  if (!Number.isFinite(at) || at < startedAt || Date.now() - at > SHARED_FAILURE_TTL_MS || !(ERROR_CODES as readonly string[]).includes(String(j.code)) || typeof j.message !== 'string') return undefined;
  return new TempkeyError(j.code as ErrorCode, j.message, { fix: j.fix, exitCode: typeof j.exitCode === 'number' ? j.exitCode : 1 });
}

async function writeSharedFailure(failurePath: string, e: TempkeyError): Promise<void> {
  const { writeFileAtomic } = await import('./atomic-write.js');
  const body = JSON.stringify({ code: e.code, message: redactText(e.message), fix: e.fix && redactText(e.fix), exitCode: e.exitCode, at: Date.now(), pid: process.pid });
  await writeFileAtomic(failurePath, body).catch(() => {});
}
