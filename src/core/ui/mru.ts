import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempkeyDir } from '../../files/paths.js';
import { writeFileAtomic } from '../../files/atomic-write.js';
import { withLock } from '../../files/lock.js';

/** Recently used profiles (most recent first), for the picker. */
const recentFile = (env: NodeJS.ProcessEnv) => join(tempkeyDir(env), 'recent-profiles.json');
const MAX = 50;

export async function recentProfiles(env: NodeJS.ProcessEnv): Promise<string[]> {
  try {
    const v: unknown = JSON.parse(await readFile(recentFile(env), 'utf8'));
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export async function recordProfileUse(env: NodeJS.ProcessEnv, profile: string): Promise<void> {
  const file = recentFile(env);
  await withLock(file, async () => {
    const list = [profile, ...(await recentProfiles(env)).filter((p) => p !== profile)].slice(0, MAX);
    await writeFileAtomic(file, JSON.stringify(list));
  }).catch(() => {
    /* the list is a convenience: never fail a command over it */
  });
}
