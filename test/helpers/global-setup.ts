import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Fails the whole run, loudly, when a real part of the test world is missing:
 * tests never skip silently because a dependency is absent.
 */
export default function checkTestWorld(): void {
  const missing: string[] = [];
  const has = (cmd: string) => {
    try {
      execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  };
  if (!has('moto_server')) missing.push("moto_server (pip install 'moto[server]')");
  if (!has('python3')) missing.push('python3');
  if (!existsSync('/usr/bin/chromium')) missing.push('chromium (run scripts/setup-system.sh)');
  if (missing.length) {
    throw new Error(`The test world is incomplete; install: ${missing.join(', ')}`);
  }
  // Tests that spawn the CLI run the bundle: build it once, fresh, for the whole run.
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  if (!existsSync('dist/cli.cjs')) throw new Error('build did not produce dist/cli.cjs');
}
