import { readFile, realpath } from 'node:fs/promises';
import { TempkeyError } from '../lib/errors.js';
import { writeFileAtomic } from './atomic-write.js';
import { IniDocument } from './ini/document.js';
import { withLock, type LockOptions } from './lock.js';

/**
 * Reading and editing AWS INI files on disk. Edits happen under a
 * cross-process lock on the file, on a fresh read, and land with an atomic
 * rename: a concurrent writer never loses another's edit, and a reader never
 * sees half a file. Nothing is written when the edit changed nothing.
 */

/** Strict UTF-8, like Python reading the file; a bad byte is reported with its line. */
export function decodeIniBytes(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    let line = 1;
    let start = 0;
    for (let i = 0; i <= bytes.length; i++) {
      if (i === bytes.length || bytes[i] === 0x0a) {
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start, i));
        } catch {
          break;
        }
        line++;
        start = i + 1;
      }
    }
    throw new TempkeyError('INI_PARSE', `${file}:${line}: the file is not valid UTF-8 text (binary data?).`, {
      location: { file, line },
      fix: `Open ${file} and remove or re-save line ${line} as UTF-8 text.`,
    });
  }
}

export async function readIniFile(path: string): Promise<IniDocument | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new TempkeyError('FILE_READ', `Cannot read ${path}: ${(e as Error).message}`, { location: { file: path } });
  }
  return IniDocument.parse(decodeIniBytes(bytes, path), path);
}

export async function editIniFile(
  path: string,
  edit: (doc: IniDocument) => void | Promise<void>,
  lockOptions?: LockOptions,
): Promise<{ doc: IniDocument; changed: boolean }> {
  // Edit the file a symlink points to (dotfiles setups), not replace the link.
  const target = await realpath(path).catch(() => path);
  // If this process stalls past the lock's stale time and another writer commits meanwhile,
  // the guard refuses the rename and withLock runs the edit again on the other writer's result.
  return withLock(target, async (guard) => {
    const doc = (await readIniFile(target)) ?? IniDocument.parse('', path);
    const before = doc.toString();
    await edit(doc);
    const after = doc.toString();
    if (after === before) return { doc, changed: false };
    await writeFileAtomic(target, after, 0o600, { beforeRename: guard.assertHeld });
    return { doc, changed: true };
  }, lockOptions);
}
