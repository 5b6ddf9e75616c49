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
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { rename, rm, writeFile } from 'node:fs/promises';
import { build as esbuild } from 'esbuild';

// Built beside dist/ and swapped in at the end: no stale file of an older build
// survives (bin/tempkey.js runs whatever dist/cmd/ holds), and a CLI running
// meanwhile (a test suite) never finds dist/ half-written.
const out = `dist.build-${process.pid}`;
const build = (o) => esbuild({ ...o, ...(o.outfile ? { outfile: o.outfile.replace(/^dist\//, `${out}/`) } : { outdir: out }) });

// Source maps for development; the packed package ships none (scripts/prepack.mjs).
const sourcemap = process.env.TEMPKEY_SOURCEMAP === 'none' ? false : 'linked';
const common = { bundle: true, platform: 'node', target: 'node20', packages: 'external', sourcemap, logLevel: 'warning' };

// import() of a package becomes require() too: left as import(), it would start the ESM loader.
const cjs = { format: 'cjs', supported: { 'dynamic-import': false } };

await build({ ...common, ...cjs, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.cjs' });

await build({
  ...common,
  entryPoints: ['src/cli/fast-path.ts'],
  ...cjs,
  outfile: 'dist/fast.cjs',
  minify: true, // smaller to compile on every call; the linked source map keeps traces readable
});

// Commands with a speed target: each also a complete program of its own
// (dist/cmd/<words>.cjs, run by bin/tempkey.js when the cached path did not answer),
// so it compiles only its own code, not every command's (~12 ms). One process loads
// one bundle, so no module (error classes, the redaction registry) exists twice.
const STANDALONE = {
  explain: 'src/cli/explain.ts',
  'profiles list': 'src/cli/profiles-list.ts',
  'credential-process': 'src/cli/credential-process.ts',
  env: 'src/cli/env.ts',
  exec: 'src/cli/exec.ts',
  whoami: 'src/cli/whoami.ts',
};
// The commands that fetch credentials carry the AWS SDK inside their bundle (as AWS
// advises for Lambda cold starts): one file, compiled through the code cache
// (bin/code-cache.cjs), instead of ~150 files each resolved through node_modules and
// compiled anew, which was most of a cold AssumeRole. Native and WebAssembly
// packages stay outside: they load files from their own folder.
const SDK_INSIDE = new Set(['credential-process', 'env', 'exec', 'whoami']);
const sdkInside = { packages: undefined, external: ['@napi-rs/keyring', '@cdktf/hcl2json'], metafile: true };
const bundledPackages = new Set();
for (const [name, file] of Object.entries(STANDALONE)) {
  const result = await build({
    ...common,
    ...cjs,
    stdin: {
      contents: `import command from './${file}';\nimport { runStandalone } from './src/cli/standalone.ts';\nrunStandalone(command, ${name.split(' ').length});\n`,
      resolveDir: '.',
      sourcefile: `tempkey-${name.replace(' ', '-')}.ts`,
      loader: 'ts',
    },
    outfile: `dist/cmd/${name.replace(' ', '-')}.cjs`,
    minify: true,
    ...(SDK_INSIDE.has(name) ? sdkInside : {}),
  });
  for (const input of Object.keys(result.metafile?.inputs ?? {})) {
    const dir = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1];
    if (dir) bundledPackages.add(dir);
  }
}
await writeNotices([...bundledPackages].sort());

/** The licenses of the packages inside the bundles, as their licenses (Apache-2.0, MIT...) ask. */
async function writeNotices(dirs) {
  const texts = new Map(); // license text -> packages under it
  const listed = [];
  for (const dir of dirs) {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    listed.push(`${pkg.name}@${pkg.version} (${pkg.license ?? 'see its package'})`);
    const file = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
    const text = file ? readFileSync(join(dir, file), 'utf8').trim() : `${pkg.license} (no license file in the package)`;
    texts.set(text, [...(texts.get(text) ?? []), pkg.name]);
  }
  const body = [
    'dist/cmd/credential-process.cjs, env.cjs, exec.cjs and whoami.cjs contain these packages:',
    '',
    ...listed,
    '',
    ...[...texts].map(([text, names]) => `---- ${names.join(', ')}\n\n${text}\n`),
  ];
  await writeFile(`${out}/THIRD-PARTY-NOTICES.txt`, body.join('\n'));
}

await build({
  ...common,
  entryPoints: { index: 'src/index.ts', ...(existsSync('emulator/main.ts') ? { emulator: 'emulator/main.ts' } : {}) },
  outdir: 'dist',
  splitting: true,
  format: 'esm',
  chunkNames: 'chunks/[name]-[hash]',
});

const old = `dist.old-${process.pid}`;
await rename('dist', old).catch(() => {});
await rename(out, 'dist');
await rm(old, { recursive: true, force: true });
