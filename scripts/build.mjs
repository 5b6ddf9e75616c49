// Bundles tempkey with esbuild. A command loads only what it runs (the cached paths
// load no package at all).
//
// - dist/vendor/*.cjs: the npm packages the CLI uses (the AWS SDK clients in one, yaml
//   and proper-lockfile in one each), each package initialised on first use. The other
//   bundles reach them there instead of node_modules: one file compiled through
//   the code cache (bin/code-cache.cjs) instead of ~150 files each resolved through
//   node_modules and compiled anew, which was most of a cold AssumeRole (as AWS
//   advises bundling the SDK for Lambda cold starts). Native and WebAssembly packages
//   stay in node_modules: they load files of their own folder. Their licenses:
//   dist/THIRD-PARTY-NOTICES.txt.
//
// - dist/cli.cjs: the whole CLI as one CommonJS file (bin/tempkey.js requires it).
//   CommonJS because every package we load (the SDK, yaml, the keyring) is CommonJS:
//   from ESM each one pays the ESM loader's translation, and our own chunks a
//   resolve + link each. Dynamic imports stay lazy: esbuild turns each into a
//   module initialised on first use, inside the one file.
// - dist/fast.cjs: the small answer-from-cache entry for credential-process, env,
//   exec and whoami (see src/cli/fast-path.ts); it falls back to dist/cli.cjs.
//   dist/fast-tail.cjs holds its rarer work (src/cli/fast-path-tail.ts).
// - dist/index.js (library) and dist/emulator.js stay ESM: the package is
//   "type": "module" and the emulator's entry uses top-level await.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { builtinModules } from 'node:module';
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

// ---- the vendor bundle, and the plugin that sends package imports to it ----
const IN_NODE_MODULES = ['@napi-rs/keyring', '@cdktf/hcl2json'];
const isVendored = (spec) => !spec.startsWith('node:') && !builtinModules.includes(spec.split('/')[0]) && !spec.startsWith('.') && !spec.startsWith('/') && !IN_NODE_MODULES.some((p) => spec === p || spec.startsWith(`${p}/`));
// Which packages the CLI imports: one metafile pass over it with packages outside.
const scan = await esbuild({ ...common, ...cjs, entryPoints: ['src/cli/main.ts', 'src/cli/fast-path.ts'], write: false, metafile: true, outdir: 'scan', sourcemap: false });
const specifiers = new Set();
for (const input of Object.values(scan.metafile.inputs)) for (const i of input.imports) if (i.external && !i.path.startsWith('<') && isVendored(i.path)) specifiers.add(i.path);
// The packages go into a few vendor bundles, not one: V8 reads a bundle's whole code cache
// when the bundle loads, so a lock (proper-lockfile) must not pay for the AWS SDK's.
// The SDK clients share one (they share @smithy/*); any other package has its own.
const groupOf = (spec) => (spec.startsWith('@aws-sdk/') ? 'aws-sdk' : spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('-').replace(/^@/, ''));
const groups = new Map();
for (const s of [...specifiers].sort()) groups.set(groupOf(s), [...(groups.get(groupOf(s)) ?? []), s]);
const vendorDirs = [];
for (const [group, specs] of groups) {
  // Each package is initialised on its first use; which ones a run used is told to the code cache (bin/code-cache.cjs).
  const entry = [
    'const used = new Set();',
    "Object.defineProperty(exports, '__codeCacheCoverage', { value: () => [...used] });",
    ...specs.map((s) => `Object.defineProperty(exports, ${JSON.stringify(s)}, { enumerable: true, get: () => (used.add(${JSON.stringify(s)}), require(${JSON.stringify(s)})) });`),
  ].join('\n');
  const vendor = await build({
    ...common,
    ...cjs,
    packages: undefined,
    external: IN_NODE_MODULES,
    stdin: { contents: entry, resolveDir: '.', sourcefile: `vendor-${group}.js`, loader: 'js' },
    outfile: `dist/vendor/${group}.cjs`,
    minify: true,
    metafile: true,
  });
  vendorDirs.push(...packageDirs(vendor.metafile));
}
await writeNotices([...new Set(vendorDirs)].sort());

/** `import ... from '@aws-sdk/client-sts'` in a bundle at `dir` becomes `require('<dir>/../vendor/aws-sdk.cjs')['@aws-sdk/client-sts']`. */
const viaVendor = (fromDir) => ({
  name: 'via-vendor',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (a) => {
      if (a.namespace !== 'file' || !isVendored(a.path)) return undefined;
      if (specifiers.has(a.path)) return { path: a.path, namespace: 'vendor' };
      // A package that would be loaded from node_modules beside the vendored ones (a second SDK, whose errors are not ours) stops the build.
      return { errors: [{ text: `${a.path} is imported but not in dist/vendor/: import it from src/cli/main.ts's graph or list it in IN_NODE_MODULES (scripts/build.mjs)` }] };
    });
    b.onResolve({ filter: /^tempkey-vendor\// }, (a) => ({ path: `${fromDir === 'dist' ? '.' : '..'}/vendor/${a.path.slice('tempkey-vendor/'.length)}.cjs`, external: true }));
    b.onLoad({ filter: /.*/, namespace: 'vendor' }, (a) => ({ contents: `module.exports = require('tempkey-vendor/${groupOf(a.path)}')[${JSON.stringify(a.path)}];`, loader: 'js' }));
  },
});

await build({ ...common, ...cjs, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.cjs', plugins: [viaVendor('dist')] });

// The cached path's rarer work (static keys, writes, error reports) is a bundle of its own,
// dist/fast-tail.cjs, that fast.cjs requires when it needs it: V8 reads all of a bundle's code
// cache when it loads, and the common answers need a third of the code. Its modules are
// reached by dynamic import only (a static one would load the tail on every call).
const TAIL = /(^\.\/fast-path-tail|\/files\/lock|\/files\/atomic-write)\.js$/;
const tailApart = {
  name: 'fast-path-tail-apart',
  setup(b) {
    b.onResolve({ filter: TAIL }, (a) => {
      if (a.kind !== 'dynamic-import') return { errors: [{ text: `${a.path} is imported statically by ${a.importer}: the cached path reaches dist/fast-tail.cjs by dynamic import only` }] };
      return { path: './fast-tail.cjs', external: true };
    });
  },
};
await build({
  ...common,
  entryPoints: ['src/cli/fast-path.ts'],
  ...cjs,
  outfile: 'dist/fast.cjs',
  minify: true, // smaller to compile on every call; the linked source map keeps traces readable
  plugins: [tailApart, viaVendor('dist')],
});
await build({ ...common, ...cjs, entryPoints: ['src/cli/fast-path-tail.ts'], outfile: 'dist/fast-tail.cjs', minify: true, plugins: [viaVendor('dist')] });

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
for (const [name, file] of Object.entries(STANDALONE)) {
  await build({
    ...common,
    ...cjs,
    stdin: {
      contents: `import command from './${file}';\nimport { runStandalone } from './src/cli/standalone.ts';\nrunStandalone(command, ${name.split(' ').length});\n`,
      resolveDir: '.',
      sourcefile: `tempkey-${name.replace(' ', '-')}.ts`,
      loader: 'ts',
    },
    outfile: `dist/cmd/${name.replace(' ', '.')}.cjs`, // bin/tempkey.js: two words join with a dot
    minify: true,
    plugins: [viaVendor('dist/cmd')],
  });
}

/** The package folders a bundle took files from. */
function packageDirs(metafile) {
  const dirs = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const dir = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1];
    if (dir) dirs.add(dir);
  }
  return [...dirs].sort();
}

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
    'dist/vendor/*.cjs contain these packages:',
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
