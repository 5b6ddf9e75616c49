import { existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

// The project root walk, without awaiting and with nothing but fs/path: the
// hot-path index (dist/fast.cjs) keys on its answer on every call.
// existsSync, not statSync: no Stats object, which costs the cached path ~0.15 ms on its first making.
const isFile = (p: string) => existsSync(p);
const isProjectDir = (dir: string) => isFile(join(dir, 'build.env')) || isFile(join(dir, 'config', 'common.tfvars'));

/**
 * The project root, as Leverage finds it (project/detect's findProjectRoot):
 * the git top level with a project in it, else the nearest folder with
 * config/common.tfvars, else the topmost one with a build.env.
 */
export function findProjectRootSync(cwd: string): string | undefined {
  const candidates: string[] = [];
  for (let dir = cwd; ; dir = dirname(dir)) {
    if (isProjectDir(dir)) candidates.push(dir);
    if (isFile(join(dir, '.git'))) {
      if (isProjectDir(dir)) return dir;
      break; // a repository without a project at its top: judge by what was seen below it
    }
    if (dirname(dir) === dir) break;
  }
  if (!candidates.length) return undefined;
  for (const dir of candidates) if (isFile(join(dir, 'config', 'common.tfvars'))) return dir;
  return candidates[candidates.length - 1];
}

/** Every file the project's identity (its short and files name) is read from, for `cwd` inside `root`: build.env from the root down to cwd, common.tfvars, project.yaml. */
export function projectIdentityFiles(root: string, cwd: string): string[] {
  const rel = relative(root, cwd);
  const parts = rel && !rel.startsWith('..') ? rel.split(sep) : [];
  const files: string[] = [];
  for (let i = 0; i <= parts.length; i++) files.push(join(root, ...parts.slice(0, i), 'build.env'));
  return [...files, join(root, 'config', 'common.tfvars'), join(root, 'project.yaml')];
}
