import type { CliIo } from './io.js';
import { findProjectRootSync } from '../project/root.js';

/**
 * The Leverage-style project a command works in: --project, else the project
 * around the current directory (its ~/.aws/<project>/ files), unless
 * AWS_CONFIG_FILE names the files. Every command asks the same way, so the
 * hints tempkey prints ("Next: tempkey login ...") work as written.
 */
export async function projectHere(flag: string | undefined, io: Pick<CliIo, 'cwd' | 'env'>): Promise<string | undefined> {
  if (flag) return flag;
  if (io.env.AWS_CONFIG_FILE) return undefined;
  // The same root walk project/detect starts with, without loading detect (its readers, fs/promises): most directories are in no project.
  if (!findProjectRootSync(io.cwd)) return undefined;
  const { projectNameAt } = await import('../project/detect.js');
  return projectNameAt(io.cwd, io.env);
}
