import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sha1Hex } from '../../lib/sha1.js';
import { locateAwsFiles, tempkeyCacheDir } from '../../files/paths.js';

/**
 * The credential-process hot path skips resolving the profile: resolving is
 * pure (files + environment + flags → plan), so once a run has resolved a
 * plan, the same inputs lead to the same last cache entry. This index maps a
 * fingerprint of every input of resolution (the command's flags, the working
 * directory, AWS_* / TEMPKEY_* / HOME variables, and the identity, size and
 * mtime of the config and credentials files) to the path of that entry.
 * Any edit to a file or change of environment is a new fingerprint: the full
 * CLI runs, resolves, and records the new one. The index holds paths only.
 */
export interface HotPathEntry {
  cachePath: string;
  marginSeconds: number;
}

/** Flags that do not change the plan (the MFA code is only used when a step runs). */
const IGNORED_FLAGS = new Set(['--mfa-token']);

export function hotPathFingerprint(args: string[], env: NodeJS.ProcessEnv, cwd: string): string {
  const flags: string[] = [];
  let project: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const name = a.split('=')[0]!;
    if (IGNORED_FLAGS.has(name)) {
      if (!a.includes('=')) i++;
      continue;
    }
    if (name === '--project') project = a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[i + 1];
    flags.push(a);
  }
  const vars = Object.keys(env)
    .filter((k) => k.startsWith('AWS_') || k.startsWith('TEMPKEY_') || k === 'HOME' || k === 'USERPROFILE')
    .sort()
    .map((k) => `${k}=${env[k]}`);
  const files = locateAwsFiles(env, { project, cwd });
  return sha1Hex(JSON.stringify({ v: 1, flags, cwd, vars, config: fileStamp(files.config), credentials: fileStamp(files.credentials) }));
}

function fileStamp(path: string): string {
  try {
    const s = statSync(path, { bigint: true });
    return `${path}:${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
  } catch {
    return `${path}:missing`;
  }
}

export function hotPathIndexPath(env: NodeJS.ProcessEnv, fingerprint: string): string {
  return join(tempkeyCacheDir(env), `hot-${fingerprint}.json`);
}

export function readHotPathEntry(env: NodeJS.ProcessEnv, fingerprint: string): HotPathEntry | undefined {
  try {
    const v = JSON.parse(readFileSync(hotPathIndexPath(env, fingerprint), 'utf8')) as Partial<HotPathEntry>;
    return typeof v.cachePath === 'string' && typeof v.marginSeconds === 'number' ? { cachePath: v.cachePath, marginSeconds: v.marginSeconds } : undefined;
  } catch {
    return undefined;
  }
}

/** Called by the full CLI after it answered: best effort, never fails the command. */
export async function rememberHotPath(env: NodeJS.ProcessEnv, fingerprint: string, entry: HotPathEntry): Promise<void> {
  try {
    const { writeFileAtomic } = await import('../../files/atomic-write.js');
    await writeFileAtomic(hotPathIndexPath(env, fingerprint), JSON.stringify(entry) + '\n', 0o600);
  } catch {
    /* the next call just takes the slow path again */
  }
}
