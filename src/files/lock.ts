import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { TempkeyError } from '../lib/errors.js';

/**
 * Cross-process locks, built on proper-lockfile (an atomic mkdir of
 * `<path>.lock` whose mtime the holder keeps touching). A holder that crashes
 * stops touching it, so after `staleMs` others take the lock over: a dead
 * process never blocks anyone for good.
 */
export interface LockOptions {
  /** How long to wait for another holder before giving up (default 5 min: a browser login may be in progress). */
  waitMs?: number;
  /** After this long without a touch, a lock is considered abandoned (default 10 s). */
  staleMs?: number;
  /** Told once when we start waiting on another process. */
  onWait?: () => void;
}

export async function withLock<T>(path: string, fn: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
  const lockfile = await import('proper-lockfile');
  const waitMs = opts.waitMs ?? 300_000;
  const staleMs = Math.max(2_000, opts.staleMs ?? 10_000);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const deadline = Date.now() + waitMs;
  let delay = 20;
  let told = false;
  let release: (() => Promise<void>) | undefined;
  for (;;) {
    try {
      release = await lockfile.lock(path, {
        realpath: false,
        stale: staleMs,
        update: Math.floor(staleMs / 3),
        lockfilePath: `${path}.lock`,
        onCompromised: () => {
          /* another process took over after we looked stale; our work still completes atomically */
        },
      });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ELOCKED') throw e;
      if (Date.now() >= deadline) {
        throw new TempkeyError('LOCK_TIMEOUT', `Timed out after ${Math.round(waitMs / 1000)}s waiting for the lock ${path}.lock held by another tempkey process.`, {
          fix: `If no other tempkey is running, remove the stale lock: rm -rf '${path}.lock'`,
        });
      }
      if (!told) {
        told = true;
        opts.onWait?.();
      }
      await new Promise((r) => setTimeout(r, delay + Math.random() * delay));
      delay = Math.min(delay * 2, 250);
    }
  }
  try {
    return await fn();
  } finally {
    await release().catch(() => {});
  }
}
