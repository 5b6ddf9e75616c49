import { statSync, type BigIntStats } from 'node:fs';

/**
 * A file's stamp for the caches of answers read from files (the hot-path
 * index, the large-config cache): device, inode, size, mtime and ctime in
 * nanoseconds. An edit, a replacement or a touch changes it; 'missing' and
 * 'unreadable' are stamps too. `stats` is there when the file is.
 */
export function fileStamp(path: string): { stamp: string; stats?: BigIntStats } {
  try {
    const s = statSync(path, { bigint: true, throwIfNoEntry: false });
    return s ? { stamp: `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`, stats: s } : { stamp: 'missing' };
  } catch {
    return { stamp: 'unreadable' };
  }
}
