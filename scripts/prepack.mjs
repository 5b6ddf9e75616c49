// `npm pack` / `npm publish`: a fresh dist/ (no stale chunks, no source maps),
// built before packing so installing the tarball runs no script and needs no
// dev dependency. From a clean clone the build tools are not there yet: install
// the locked dev dependencies first (npm ci, scripts off), then build.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
try {
  require.resolve('esbuild');
} catch {
  console.error('prepack: esbuild is not installed (a clean clone); running npm ci --ignore-scripts to build.');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  execFileSync(npm, ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
}
rmSync(join(root, 'dist'), { recursive: true, force: true });
execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit', env: { ...process.env, TEMPKEY_SOURCEMAP: 'none' } });
