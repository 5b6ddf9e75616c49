'use strict';
// Compiling tempkey's own bundles is a large share of a short command's time: the
// cached credential-process path is ~6 ms over bare node, ~1.3 ms of it compiling
// dist/fast.cjs; a command's bundle costs ~3 ms, the full CLI more. V8 can keep
// compiled code and take it back ("code cache"). Node 22.1+ does that itself for
// every module (module.enableCompileCache); on older Node this does it for the
// bundles in dist/ only, with vm.Script's cachedData, one file per bundle in
// the user's cache folder (cacheDir below; private to the user).
//
// Hand-rolled because the package that did this (v8-compile-cache) keeps one blob
// in the shared temp directory and hooks every module; this is ~60 lines for ours.
// Safe by construction: V8 checks a cache against its own version, flags and the
// source's length and rejects what does not fit (then the bundle compiles as
// usual and the cache is written again); the file name carries the bundle's size
// and mtime and the Node version, so a rebuilt bundle never meets an old cache.
// Best effort throughout: any failure only means compiling as usual.
// TEMPKEY_NO_CODE_CACHE=1 (or Node's NODE_DISABLE_COMPILE_CACHE=1) turns it off.
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

function homeDir() {
  return (process.platform === 'win32' ? process.env.USERPROFILE : process.env.HOME) || require('node:os').homedir();
}

/**
 * The OS's place for caches a program can always rebuild, not ~/.aws (a failed
 * first command must not leave a ~/.aws behind): $XDG_CACHE_HOME/tempkey, ~/Library/Caches/tempkey on macOS,
 * %LOCALAPPDATA%\tempkey\cache on Windows, ~/.cache/tempkey elsewhere.
 */
function cacheDir() {
  const env = process.env;
  if (env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)) return path.join(env.XDG_CACHE_HOME, 'tempkey');
  if (process.platform === 'darwin') return path.join(homeDir(), 'Library', 'Caches', 'tempkey');
  if (process.platform === 'win32') return path.join(env.LOCALAPPDATA || path.join(homeDir(), 'AppData', 'Local'), 'tempkey', 'cache');
  return path.join(homeDir(), '.cache', 'tempkey');
}

function save(dir, { script, file, bundle }) {
  try {
    const data = script.createCachedData(); // after the run: holds the functions it compiled lazily too
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, data, { mode: 0o600 });
    fs.renameSync(tmp, file);
    // The caches of this bundle's earlier builds (or another Node) are dead weight.
    for (const name of fs.readdirSync(dir)) {
      if (name.startsWith(`${bundle}~`) && path.join(dir, name) !== file && !name.endsWith('.tmp')) fs.rmSync(path.join(dir, name), { force: true });
    }
  } catch {
    /* a read-only or full disk: the next run compiles as usual */
  }
}

/** A short stable hash of a text (32-bit FNV-1a, hex): a name, not a secret; node:crypto costs ~2 ms to load. */
function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/** Compiles the bundles under `distDir` through the code cache from now on. */
exports.useCodeCache = function useCodeCache(distDir) {
  if (process.env.TEMPKEY_NO_CODE_CACHE || process.env.NODE_DISABLE_COMPILE_CACHE) return;
  let dir;
  try {
    dir = cacheDir();
  } catch {
    return;
  }
  if (typeof Module.enableCompileCache === 'function') {
    try {
      Module.enableCompileCache(dir);
    } catch {
      /* compiles as usual */
    }
    return;
  }
  const vm = require('node:vm');
  const prefix = path.resolve(distDir) + path.sep;
  const installId = fnv1a(prefix);
  const compile = Module.prototype._compile;
  const toSave = [];
  Module.prototype._compile = function compileWithCodeCache(content, filename) {
    if (!filename.startsWith(prefix) || !filename.endsWith('.cjs')) return compile.call(this, content, filename);
    let script;
    try {
      const st = fs.statSync(filename);
      // Which install (two checkouts or versions keep a cache each), which bundle.
      const bundle = `${path.relative(prefix, filename).replace(/[\\/]/g, '-')}~${installId}`;
      const file = path.join(dir, `${bundle}~${st.size}-${Math.trunc(st.mtimeMs)}-${process.version}-${process.arch}.v8`);
      let cachedData;
      try {
        cachedData = fs.readFileSync(file);
      } catch {
        /* first run of this build */
      }
      script = new vm.Script(Module.wrap(content), { filename, cachedData });
      if (!cachedData || script.cachedDataRejected) {
        if (!toSave.length) process.once('exit', () => toSave.forEach((s) => save(dir, s)));
        toSave.push({ script, file, bundle });
      }
    } catch {
      return compile.call(this, content, filename);
    }
    const wrapper = script.runInThisContext({ displayErrors: true });
    return wrapper.call(this.exports, this.exports, Module.createRequire(filename), this, filename, path.dirname(filename));
  };
};
