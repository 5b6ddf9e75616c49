import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Removes the files of `dir` that `matches` names, beyond the `keep` most recently written (caches that must not grow without bound). */
export function keepNewest(dir: string, matches: (name: string) => boolean, keep: number): void {
  const entries: { path: string; mtime: number }[] = [];
  for (const name of readdirSync(dir)) {
    if (!matches(name)) continue;
    const path = join(dir, name);
    const s = statSync(path, { throwIfNoEntry: false });
    if (s) entries.push({ path, mtime: s.mtimeMs });
  }
  if (entries.length <= keep) return;
  entries.sort((a, b) => b.mtime - a.mtime);
  for (const old of entries.slice(keep)) rmSync(old.path, { force: true });
}
