// Bundles the CLI and the emulator with esbuild. Our own code is bundled (one
// small entry chunk keeps startup fast); npm packages stay external and are
// loaded lazily, so the cached credential-process path never loads the AWS SDK.
import { existsSync } from 'node:fs';
import { build } from 'esbuild';

// Source maps for development; the packed package ships none (scripts/prepack.mjs).
const sourcemap = process.env.TEMPKEY_SOURCEMAP === 'none' ? false : 'linked';

await build({
  entryPoints: {
    cli: 'src/cli/main.ts',
    index: 'src/index.ts',
    ...(existsSync('emulator/main.ts') ? { emulator: 'emulator/main.ts' } : {}),
  },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap,
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});

// The credential-process hot path: one self-contained CommonJS file (no chunks to
// resolve, builtins without ESM namespace objects), loaded by bin/tempkey.js for
// `tempkey credential-process` only; it falls back to the full CLI.
await build({
  entryPoints: ['src/cli/credential-process-fast.ts'],
  outfile: 'dist/credential-process-fast.cjs',
  minify: true, // smaller to compile on every call; the linked source map keeps traces readable
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap,
  logLevel: 'warning',
});
