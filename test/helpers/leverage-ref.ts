import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './run.js';

/**
 * A copy of test/fixtures/leverage-ref/<name> (shaped like binbash's
 * le-tf-infra-aws: layers symlink config/common-variables.tf, some carry their
 * own build.env) in a fresh git repository, as a team's checkout would be:
 * Leverage takes the git top level as the project root.
 */
export function copyRefProject(name: 'binbash' | 'binbash-v2', into = mkdtempSync(join(tmpdir(), 'tempkey-leverage-ref-'))): string {
  const dir = join(into, name);
  cpSync(join(repoRoot, 'test/fixtures/leverage-ref', name), dir, { recursive: true, verbatimSymlinks: true });
  execFileSync('git', ['init', '-q', dir]);
  return dir;
}

/** The layers the tests run terraform in. */
export const FOR_EACH_LAYER = 'shared/us-east-1/base-network';
export const NESTED_BUILD_ENV_LAYER = 'apps-devstg/us-east-1/k8s-eks --/k8s-resources';
