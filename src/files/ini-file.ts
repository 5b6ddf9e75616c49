import { realpath } from 'node:fs/promises';
import { TempkeyError } from '../lib/errors.js';
import { writeFileAtomic } from './atomic-write.js';
import { IniDocument } from './ini/document.js';
import { decodeIniBytes, readIniBytesSync } from './ini/decode.js';
import { withLock, type LockOptions } from './lock.js';

/**
 * Reading and editing AWS INI files on disk. Edits happen under a
 * cross-process lock on the file, on a fresh read, and land with an atomic
 * rename: a concurrent writer never loses another's edit, and a reader never
 * sees half a file. Nothing is written when the edit changed nothing.
 */

export { decodeIniBytes } from './ini/decode.js';

export async function readIniFile(path: string): Promise<IniDocument | undefined> {
  // Like botocore: an absent path or one that is not a regular file (/dev/zero, a directory) is no file.
  const bytes = readIniBytesSync(path);
  return bytes === undefined ? undefined : IniDocument.parse(decodeIniBytes(bytes, path), path);
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
