import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// bin/code-cache.cjs: V8's compiled code for dist/ bundles, kept per user (Node < 22.1;
// newer Node does it itself with module.enableCompileCache, into the same folder).
const root = resolve(__dirname, '..');
const nativeCache = typeof (require('node:module') as { enableCompileCache?: unknown }).enableCompileCache === 'function';
let home: string;
let env: NodeJS.ProcessEnv;
const codeDir = () => join(home, '.cache/tempkey'); // XDG_CACHE_HOME is unset here
const tempkey = (args: string[], extra: NodeJS.ProcessEnv = {}) => spawnSync(process.execPath, [join(root, 'bin/tempkey.js'), ...args], { env: { ...env, ...extra }, encoding: 'utf8' });
/** The caches of the command's bundle (`profiles list` tries dist/fast.cjs first, which keeps one of its own). */
const caches = () => readdirSync(codeDir()).filter((n) => n.startsWith('cmd-profiles.list.cjs~') && n.endsWith('.v8'));

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'tempkey-codecache-'));
  mkdirSync(join(home, '.aws'));
  writeFileSync(join(home, '.aws/config'), '[profile p]\nregion = eu-west-1\n');
  env = { PATH: process.env.PATH, HOME: home };
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe.skipIf(nativeCache)('the code cache of the bundles (Node < 22.1)', () => {
  it('is written on the first run, private to the user, and taken as it is by the next runs', () => {
    rmSync(join(home, '.aws'), { recursive: true });
    expect(tempkey(['profiles', 'list']).status).toBe(0);
    expect(existsSync(join(home, '.aws'))).toBe(false); // the OS's cache folder, never a ~/.aws of its own
    mkdirSync(join(home, '.aws'));
    writeFileSync(join(home, '.aws/config'), '[profile p]\nregion = eu-west-1\n');
    rmSync(codeDir(), { recursive: true });
    expect(tempkey(['profiles', 'list']).status).toBe(0);
    expect(caches()).toEqual([expect.stringMatching(/^cmd-profiles\.list\.cjs~[0-9a-f]{8}-v\d+\.\d+\.\d+-\w+~\d+-\d+-\d+-\d+\.v8$/)]);
    expect(statSync(codeDir()).mode & 0o777).toBe(0o700);
    const file = join(codeDir(), caches()[0]!);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const before = statSync(file);
    const again = tempkey(['profiles', 'list']);
    expect(again.stdout).toContain('eu-west-1');
    // V8 accepted it: an accepted cache is not written again (a rejected one is).
    expect(statSync(file).mtimeMs).toBe(before.mtimeMs);
    expect(statSync(file).ino).toBe(before.ino);
  });

  it('a damaged cache is rejected by V8: the command runs as usual and the cache is written anew', () => {
    tempkey(['profiles', 'list']);
    const file = join(codeDir(), caches()[0]!);
    writeFileSync(file, Buffer.alloc(4096, 7));
    const r = tempkey(['profiles', 'list']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('eu-west-1');
    expect(statSync(file).size).not.toBe(4096);
  });

  it('a cache of an older build of the bundle is removed when the new one is written; another install keeps its own', () => {
    tempkey(['profiles', 'list']);
    const [name] = caches();
    const install = name!.split('~').slice(0, 2).join('~'); // cmd-profiles.list.cjs~<install>-<node>
    rmSync(join(codeDir(), name!));
    writeFileSync(join(codeDir(), `${install}~1-1-1-1.v8`), 'old build');
    writeFileSync(join(codeDir(), 'cmd-profiles.list.cjs~0badcafe-v0.0.0-x64~1-1-1-1.v8'), 'another install');
    tempkey(['profiles', 'list']);
    expect(caches().sort()).toEqual(['cmd-profiles.list.cjs~0badcafe-v0.0.0-x64~1-1-1-1.v8', name].sort());
  });

  it('TEMPKEY_NO_CODE_CACHE=1, and a cache folder that cannot be made: no cache, same answer', () => {
    expect(tempkey(['profiles', 'list'], { TEMPKEY_NO_CODE_CACHE: '1' }).stdout).toContain('eu-west-1');
    expect(() => readdirSync(codeDir())).toThrow();
    mkdirSync(join(home, '.cache'));
    writeFileSync(join(home, '.cache/tempkey'), 'a file where the folder would be');
    const r = tempkey(['profiles', 'list']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('eu-west-1');
  });

  it('a bundle rebuilt with the same size and mtime (as npm tarballs set) never runs the old cache', () => {
    const dist = mkdtempSync(join(tmpdir(), 'tempkey-dist-'));
    try {
      const bundle = join(dist, 'b.cjs');
      const run = () => spawnSync(process.execPath, ['-e', `require(${JSON.stringify(join(root, 'bin/code-cache.cjs'))}).useCodeCache(${JSON.stringify(dist + '/')}); process.stdout.write(require(${JSON.stringify(bundle)}).v)`], { env, encoding: 'utf8' }).stdout;
      writeFileSync(bundle, 'exports.v = "OLD-AAAA";');
      utimesSync(bundle, new Date(499162500000), new Date(499162500000));
      expect(run()).toBe('OLD-AAAA');
      expect(run()).toBe('OLD-AAAA'); // from the cache now
      writeFileSync(bundle, 'exports.v = "NEW-BBBB";');
      utimesSync(bundle, new Date(499162500000), new Date(499162500000));
      expect(run()).toBe('NEW-BBBB');
    } finally {
      rmSync(dist, { recursive: true, force: true });
    }
  });

  it('a cache folder others can write to is not used (a cache is code tempkey runs)', () => {
    mkdirSync(codeDir(), { recursive: true, mode: 0o700 });
    chmodSync(codeDir(), 0o777);
    expect(tempkey(['profiles', 'list']).stdout).toContain('eu-west-1');
    expect(caches()).toEqual([]);
  });

  it('a bundle of parts loaded on demand gets its cache written again when a run uses a part the cache has not run', () => {
    const dist = mkdtempSync(join(tmpdir(), 'tempkey-dist-'));
    try {
      const bundle = join(dist, 'v.cjs');
      writeFileSync(bundle, [
        'const used = new Set();',
        "Object.defineProperty(exports, '__codeCacheCoverage', { value: () => [...used] });",
        "exports.part = (name) => { used.add(name); return name.toUpperCase(); };",
      ].join('\n'));
      const run = (part: string) => spawnSync(process.execPath, ['-e', `require(${JSON.stringify(join(root, 'bin/code-cache.cjs'))}).useCodeCache(${JSON.stringify(dist + '/')}); process.stdout.write(require(${JSON.stringify(bundle)}).part(${JSON.stringify(part)}))`], { env, encoding: 'utf8' }).stdout;
      const cacheOf = () => readdirSync(codeDir()).filter((n) => n.startsWith('v.cjs~') && n.endsWith('.v8')).map((n) => join(codeDir(), n));
      expect(run('sso')).toBe('SSO');
      const [file] = cacheOf();
      const usedOf = (f: string) => JSON.parse(readFileSync(f, 'latin1').split('\n')[0]!).used; // the cache's first line
      expect(usedOf(file!)).toEqual(['sso']);
      const first = statSync(file!).ino;
      run('sso');
      expect(statSync(file!).ino).toBe(first); // nothing new: not written again
      expect(run('sts')).toBe('STS');
      expect(statSync(file!).ino).not.toBe(first); // a new part: written again, with both
      expect(usedOf(file!)).toEqual(['sso', 'sts']);
      expect(cacheOf()).toEqual([file]);
    } finally {
      rmSync(dist, { recursive: true, force: true });
    }
  });

  it('stack traces keep their columns (the module wrapper is not counted)', () => {
    const dist = mkdtempSync(join(tmpdir(), 'tempkey-dist-'));
    try {
      writeFileSync(join(dist, 'c.cjs'), 'exports.f = () => { throw new Error("here"); };');
      const r = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(join(root, 'bin/code-cache.cjs'))}).useCodeCache(${JSON.stringify(dist + '/')}); try { require(${JSON.stringify(join(dist, 'c.cjs'))}).f() } catch (e) { process.stdout.write(e.stack) }`], { env, encoding: 'utf8' });
      expect(r.stdout).toContain('c.cjs:1:27');
    } finally {
      rmSync(dist, { recursive: true, force: true });
    }
  });
});

it('two-word commands are found by both words only: `credential process` is not credential-process', () => {
  const r = tempkey(['credential', 'process']);
  expect(r.status).not.toBe(0);
  expect(r.stderr).toMatch(/unknown command|not a tempkey command|Unknown command/i);
  const dashed = tempkey(['profiles-list', '--help']);
  expect(dashed.status).not.toBe(0);
  const dotted = tempkey(['profiles.list', '--help']); // the bundle's file name is no command either
  expect(dotted.status).not.toBe(0);
  expect(dotted.stdout).not.toContain('No profiles');
});
