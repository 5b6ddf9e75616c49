// fs.promises, not node:fs/promises: its modules load when a write happens, not whenever a bundle reaches this file (explain, profiles list).
import { promises as fsp } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { uniqueHex } from '../lib/unique-hex.js';

/**
 * Writes a file so that readers see either the old content or the new, never
 * a half-written one: temp file in the same directory, fsync, rename over the
 * target, fsync the directory. Files are 0600 and new directories 0700,
 * because everything tempkey writes may hold or point to secrets; the temp
 * file is 0600 from its first byte, whatever the final mode.
 *
 * A writer killed inside the window (kill -9, power loss) leaves its temp
 * file behind; the next write of the same file removes such orphans (ours,
 * same name pattern, their writer gone or older than ORPHAN_AGE_MS), so a copy
 * of a credentials file never lingers.
 */
export interface AtomicWriteOptions {
  /** Called right before the rename: may throw to abandon the write (e.g. a lock that was lost). */
  beforeRename?: () => void;
}

/** A temp file older than this is an orphan even if a process with its pid exists (pids are reused). */
export const ORPHAN_AGE_MS = 10 * 60_000;

export async function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o600, opts: AtomicWriteOptions = {}): Promise<void> {
  const dir = dirname(path);
  await ensurePrivateDir(dir);
  await removeOrphanedTempFiles(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${uniqueHex()}.tmp`);
  const fh = await fsp.open(tmp, 'wx', 0o600);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } catch (e) {
    await fh.close().catch(() => {});
    await fsp.rm(tmp, { force: true });
    throw e;
  }
  await fh.close();
  try {
    if (mode !== 0o600) await fsp.chmod(tmp, mode);
    opts.beforeRename?.();
    await fsp.rename(tmp, path);
  } catch (e) {
    await fsp.rm(tmp, { force: true });
    throw e;
  }
  await syncDir(dir);
}

/** Temp files of earlier writes of `path` whose writer died (or that are very old). Best effort. */
export async function removeOrphanedTempFiles(path: string, now = Date.now()): Promise<string[]> {
  const dir = dirname(path);
  const prefix = `.${basename(path)}.`;
  const removed: string[] = [];
  let names: string[];
  try {
    names = await fsp.readdir(dir);
  } catch {
    return removed;
  }
  const uid = process.getuid?.();
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const m = /^\.(\d+)\.[0-9a-f]{12}\.tmp$/.exec(name.slice(prefix.length - 1));
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid) continue;
    const file = join(dir, name);
    try {
      const st = await fsp.lstat(file);
      if (!st.isFile() || (uid !== undefined && st.uid !== uid)) continue;
      if (processAlive(pid) && now - st.mtimeMs < ORPHAN_AGE_MS) continue;
      await fsp.rm(file, { force: true });
      removed.push(file);
    } catch {
      /* raced with another cleaner or the writer itself */
    }
  }
  return removed;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Creates a directory (and parents) with mode 0700 where it does not exist. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
}

async function syncDir(dir: string): Promise<void> {
  // Makes the rename durable; not supported on every platform, so best effort.
  try {
    const d = await fsp.open(dir, 'r');
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  } catch {
    /* ignore */
  }
}
