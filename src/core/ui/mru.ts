import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempkeyDir } from '../../files/paths.js';

/** Recently used profiles (most recent first), for the picker. */
const recentFile = (env: NodeJS.ProcessEnv) => join(tempkeyDir(env), 'recent-profiles.json');
const MAX = 50;

export async function recentProfiles(env: NodeJS.ProcessEnv): Promise<string[]> {
  try {
    // Sync: a small file, and node:fs/promises costs ~1 ms to load on exec's cached path.
    const v: unknown = JSON.parse(readFileSync(recentFile(env), 'utf8'));
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * Moves the profile to the front. Running the same profile again (the common
 * case) changes nothing, so it costs one read: the lock and the atomic write
 * (and their modules) are only for a real change.
 */
export async function recordProfileUse(env: NodeJS.ProcessEnv, profile: string): Promise<void> {
  if ((await recentProfiles(env))[0] === profile) return;
  const file = recentFile(env);
  const { withLock } = await import('../../files/lock.js');
  const { writeFileAtomic } = await import('../../files/atomic-write.js');
  await withLock(file, async (guard) => {
    const list = [profile, ...(await recentProfiles(env)).filter((p) => p !== profile)].slice(0, MAX);
    await writeFileAtomic(file, JSON.stringify(list), 0o600, { beforeRename: guard.assertHeld });
  }).catch(() => {
    /* the list is a convenience: never fail a command over it */
  });
}
