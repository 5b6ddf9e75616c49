import { constants, type Stats } from 'node:fs';
import { lstat, open, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { TempkeyError } from '../lib/errors.js';

/**
 * Paths that hold something unexpected: a directory where a cache file
 * belongs, a file where a directory belongs, a device or a FIFO where a
 * config file is named. tempkey checks the places it will write before it
 * spends anything that cannot be spent twice (an MFA code, a browser login),
 * and reads config files like botocore: only regular files, within a size.
 */

/** Config and credentials files larger than this are refused (the AWS CLI's own are a few KB). */
export const MAX_CONFIG_BYTES = 16 * 1024 * 1024;

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

/**
 * Reads a config or credentials file the way botocore does: a path that is
 * not a regular file (a directory, /dev/zero, a FIFO) counts as missing
 * (undefined), and so does an absent one; a file over `maxBytes` is an error
 * rather than a read that never ends. O_NONBLOCK keeps a FIFO from blocking the open.
 */
export async function readRegularFile(path: string, maxBytes = MAX_CONFIG_BYTES): Promise<Buffer | undefined> {
  let fh;
  try {
    fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR' || code === 'ENXIO') return undefined;
    throw e;
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) return undefined;
    if (st.size > maxBytes) {
      throw new TempkeyError('FILE_TOO_LARGE', `${path} is ${st.size} bytes; a config or credentials file over ${maxBytes} bytes is refused.`, {
        fix: `Check that ${path} is the file you mean (AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE), or trim it.`,
        location: { file: path },
      });
    }
    const buf = await fh.readFile();
    if (buf.length > maxBytes) throw new TempkeyError('FILE_TOO_LARGE', `${path} grew past ${maxBytes} bytes while being read.`, { location: { file: path } });
    return buf;
  } finally {
    await fh.close();
  }
}

/** True when `path` exists and is not a regular file (for messages such as "treated as missing"). */
export async function isOddFile(path: string): Promise<boolean> {
  try {
    return !(await lstat(path).then((l) => (l.isSymbolicLink() ? stat(path) : l))).isFile();
  } catch {
    return false;
  }
}
