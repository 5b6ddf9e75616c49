import { readFile, realpath } from 'node:fs/promises';
import { TempkeyError } from '../../lib/errors.js';
import { locateAwsFiles } from '../../files/paths.js';
import { withLock } from '../../files/lock.js';
import { writeFileAtomic } from '../../files/atomic-write.js';
import { applyLineEdits, findHandEdits, HAND_EDIT_IDS, type AwsTexts, type HandEdit } from './hand-edits.js';
import { check, type Check, type DoctorContext } from './types.js';

/**
 * doctor's hand-edit checks: the raw files through hand-edits.ts, one check per
 * finding, each fixed by `tempkey doctor --fix ID` (the line edits, applied
 * under the file's lock, atomically; every other byte kept).
 */
async function readTexts(ctx: Pick<DoctorContext, 'env' | 'cwd' | 'project'>): Promise<AwsTexts> {
  const files = locateAwsFiles(ctx.env, { project: ctx.project?.filesName, cwd: ctx.cwd });
  const text = (p: string) => readFile(p, 'utf8').catch(() => '');
  return { config: { path: files.config, text: await text(files.config) }, credentials: { path: files.credentials, text: await text(files.credentials) } };
}

export const fixCommand = (e: HandEdit) => `tempkey doctor --fix ${e.id}   (or by hand, ${e.file}:${e.line}: ${e.change})`;

export async function handEditChecks(ctx: DoctorContext): Promise<Check[]> {
  // A BOM is reported by the files check (files.encoding.*), which points at --fix handedit.bom.
  ctx.handEdits = findHandEdits(await readTexts(ctx));
  const found = ctx.handEdits.filter((e) => e.id !== 'handedit.bom');
  if (!found.length) return [check('handedit', 'No hand-edit mistakes in the AWS files', 'ok')];
  return found.map((e) => check(e.id, 'A hand edit means what it says to the AWS CLI', e.severity, { found: e.found, location: { file: e.file, line: e.line, profile: e.profile }, fix: fixCommand(e) }));
}

/** `tempkey doctor --fix ID`: applies every edit of that finding kind; returns the files changed. */
export async function fixHandEdits(ctx: Pick<DoctorContext, 'env' | 'cwd' | 'project'>, id: string): Promise<string[]> {
  if (!(HAND_EDIT_IDS as string[]).includes(id)) {
    throw new TempkeyError('BAD_FLAG', `--fix ${id} is not a fix doctor knows.`, { fix: `Use one of: ${HAND_EDIT_IDS.join(', ')} (the id doctor printed)`, location: { flag: '--fix' }, exitCode: 2 });
  }
  const texts = await readTexts(ctx);
  const edits = findHandEdits(texts)
    .filter((e) => e.id === id)
    .flatMap((e) => e.edits);
  const changed: string[] = [];
  for (const path of [...new Set(edits.map((e) => e.file))]) {
    const target = await realpath(path).catch(() => path);
    await withLock(target, async (guard) => {
      // Re-read under the lock and re-find: the file may have changed since.
      const now = await readTexts(ctx);
      const fresh = findHandEdits(now)
        .filter((e) => e.id === id)
        .flatMap((e) => e.edits)
        .filter((e) => e.file === path);
      const before = path === now.config.path ? now.config.text : now.credentials.text;
      const after = applyLineEdits(before, path, fresh);
      if (after !== before) {
        await writeFileAtomic(target, after, 0o600, { beforeRename: guard.assertHeld });
        changed.push(path);
      }
    });
  }
  return changed;
}
