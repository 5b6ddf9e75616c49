import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { TempkeyError } from '../lib/errors.js';

/**
 * Paths that hold something unexpected: a directory where a cache file
 * belongs, a file where a directory belongs. tempkey checks the places it
 * will write before it spends anything that cannot be spent twice (an MFA
 * code, a browser login). (Reading config files: files/ini/decode.)
 */

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a named pipe';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * Throws ODD_FILE unless `path` is absent or a regular file (a symlink to one
 * is fine) and its nearest existing ancestor is a directory: then a write of
 * `path` can succeed.
 */
export async function assertFileSlot(path: string, what: string): Promise<void> {
  let st: Stats | undefined;
  try {
    st = await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') return assertDirSlot(dirname(path), `the folder of ${what}`);
    if (code !== 'ENOENT') throw oddFile(path, what, (e as Error).message);
  }
  if (st && !st.isFile()) throw oddFile(path, what, `it is ${kindOf(st)}`);
  if (!st) await assertDirSlot(dirname(path), `the folder of ${what}`);
}

/** Throws ODD_FILE unless `dir` and its existing ancestors are directories. */
export async function assertDirSlot(dir: string, what: string): Promise<void> {
  for (let cur = dir; ; cur = dirname(cur)) {
    let st: Stats | undefined;
    try {
      st = await stat(cur);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw oddFile(cur, what, (e as Error).message);
    }
    if (st) {
      if (!st.isDirectory()) throw oddFile(cur, what, `it is ${kindOf(st)}, where a folder belongs`);
      return;
    }
    if (dirname(cur) === cur) return;
  }
}

function oddFile(path: string, what: string, why: string): TempkeyError {
  return new TempkeyError('ODD_FILE', `${path} (${what}) cannot be used: ${why}.`, {
    fix: `Move it away (mv '${path}' '${path}.bak') and run the command again; tempkey creates what it needs.`,
    location: { file: path },
  });
}
