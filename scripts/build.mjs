// Bundles tempkey with esbuild. npm packages stay external and are loaded lazily,
// so a command loads only what it runs (the cached paths load no AWS SDK module).
//
// - dist/cli.cjs: the whole CLI as one CommonJS file (bin/tempkey.js requires it).
//   CommonJS because every package we load (the SDK, yaml, the keyring) is CommonJS:
//   from ESM each one pays the ESM loader's translation, and our own chunks a
//   resolve + link each. Dynamic imports stay lazy: esbuild turns each into a
//   module initialised on first use, inside the one file.
// - dist/fast.cjs: the small answer-from-cache entry for credential-process, env,
//   exec and whoami (see src/cli/fast-path.ts); it falls back to dist/cli.cjs.
// - dist/index.js (library) and dist/emulator.js stay ESM: the package is
//   "type": "module" and the emulator's entry uses top-level await.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { build } from 'esbuild';

await rm('dist', { recursive: true, force: true });

// Source maps for development; the packed package ships none (scripts/prepack.mjs).
const sourcemap = process.env.TEMPKEY_SOURCEMAP === 'none' ? false : 'linked';
const common = { bundle: true, platform: 'node', target: 'node20', packages: 'external', sourcemap, logLevel: 'warning' };

await build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.cjs', format: 'cjs' });

await build({
  ...common,
  entryPoints: ['src/cli/fast-path.ts'],
  outfile: 'dist/fast.cjs',
  format: 'cjs',
  minify: true, // smaller to compile on every call; the linked source map keeps traces readable
});

await build({
  ...common,
  entryPoints: { index: 'src/index.ts', ...(existsSync('emulator/main.ts') ? { emulator: 'emulator/main.ts' } : {}) },
  outdir: 'dist',
  splitting: true,
  format: 'esm',
  chunkNames: 'chunks/[name]-[hash]',
});
