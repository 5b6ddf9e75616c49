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
// in the shared temp directory and hooks every module; this hooks only our bundles.
// What keeps it right: the file name carries the bundle's install, size, mtime,
// ctime and inode and the Node version and architecture, so a rebuilt or
// reinstalled bundle (even one given the same size and mtime, as npm's tarballs
// do) never meets an old cache: ctime and inode cannot be set back. V8 itself
// rejects a cache of another version or flags (then the bundle compiles as usual
// and the cache is written again). V8 does not checksum a cache, so the folder
// is used only when it is the user's own and nobody else can write to it.
// Best effort throughout: any failure only means compiling as usual.
// TEMPKEY_NO_CODE_CACHE=1 (or Node's NODE_DISABLE_COMPILE_CACHE=1) turns it off.
const fs = require('node:fs');
const path = require('node:path');
// node:module's Module class, without loading the public node:module module (~0.2 ms): every CommonJS module's constructor.
const Module = module.constructor;

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

/**
 * A cache file: one line of JSON (the parts of the bundle the cache has run,
 * see `coverage` below), then V8's data. One file, so the parts and the code
 * they describe are written (renamed) together and read in one read.
 */
function parseCacheFile(bytes) {
  const nl = bytes.indexOf(10);
  if (nl < 0 || nl > 4096) return undefined;
  try {
    const head = JSON.parse(bytes.toString('utf8', 0, nl));
    if (!Array.isArray(head.used)) return undefined;
    return { used: head.used, data: bytes.subarray(nl + 1) };
  } catch {
    return undefined; // damaged, or of the older format: compiled as usual and written anew
  }
}

/** Writes the cache of a bundle after its run, with the parts it has run (`used`). */
function save(dir, { script, file, bundle, used }) {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    const data = script.createCachedData(); // after the run: holds the functions it compiled lazily too
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!privateFolder(dir)) return;
    fs.writeFileSync(tmp, Buffer.concat([Buffer.from(`${JSON.stringify({ used })}\n`), data]), { mode: 0o600 });
    fs.renameSync(tmp, file);
    // This bundle's earlier builds (same install and Node) are dead weight, as are temp files of dead writes.
    for (const name of fs.readdirSync(dir)) {
      const old = path.join(dir, name);
      if (old === file) continue;
      if (name.startsWith(`${bundle}~`) || (name.endsWith('.tmp') && Date.now() - fs.statSync(old).mtimeMs > 60_000)) fs.rmSync(old, { force: true });
    }
  } catch {
    // A full or read-only disk: the next run compiles as usual.
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      /* no folder to clean */
    }
  }
}

/** The folder is the user's and only the user's (a cache is code tempkey will run). */
function privateFolder(dir) {
  if (process.platform === 'win32') return true; // under the user's profile, which other users cannot write
  const st = fs.statSync(dir, { bigint: true }); // the stat the hot path's file stamps make: its first call (~0.15 ms) is paid once
  return st.isDirectory() && Number(st.uid) === process.getuid() && (st.mode & 0o022n) === 0n;
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
      if (!fs.existsSync(dir) || privateFolder(dir)) Module.enableCompileCache(dir);
    } catch {
      /* compiles as usual */
    }
    return;
  }
  const vm = require('node:vm');
  const prefix = path.resolve(distDir) + path.sep;
  // Which install (two checkouts or versions keep a cache each) and which Node.
  const installId = `${fnv1a(prefix)}-${process.version}-${process.arch}`;
  let trusted; // the folder checked once, on the first cache read
  const compile = Module.prototype._compile;
  const pending = [];
  Module.prototype._compile = function compileWithCodeCache(content, filename) {
    if (!filename.startsWith(prefix) || !filename.endsWith('.cjs')) return compile.call(this, content, filename);
    let script;
    let entry;
    try {
      const st = fs.statSync(filename, { bigint: true });
      const bundle = `${filename.slice(prefix.length).replace(/[\\/]/g, '-')}~${installId}`;
      const file = path.join(dir, `${bundle}~${st.size}-${st.mtimeNs}-${st.ctimeNs}-${st.ino}.v8`);
      let kept;
      try {
        trusted ??= privateFolder(dir);
        if (trusted) kept = parseCacheFile(fs.readFileSync(file));
      } catch {
        /* first run of this build, or no folder yet */
      }
      // The wrapper's text shifts line 1; columnOffset keeps stack traces' columns (and source maps) right.
      script = new vm.Script(Module.wrap(content), { filename, cachedData: kept?.data, columnOffset: -Module.wrapper[0].length });
      entry = { script, file, bundle, fresh: !kept || script.cachedDataRejected, known: kept?.used ?? [] };
    } catch {
      return compile.call(this, content, filename);
    }
    const wrapper = script.runInThisContext({ displayErrors: true });
    const result = wrapper.call(this.exports, this.exports, Module.createRequire(filename), this, filename, path.dirname(filename));
    // A bundle whose parts load on demand (dist/vendor/*.cjs: one package each; dist/fast.cjs: one command
    // each) names the parts a run used (exports.__codeCacheCoverage): the cache is written again when a run
    // used one it has not run yet, so a cache first made by `login` (the SSO clients) comes to hold STS too,
    // and one made by credential-process comes to hold exec, and then stays as it is.
    const coverage = typeof this.exports.__codeCacheCoverage === 'function' ? this.exports.__codeCacheCoverage : undefined;
    if (entry.fresh || coverage) {
      if (!pending.length) process.once('exit', () => pending.forEach(finish));
      pending.push({ ...entry, coverage });
    }
    return result;
  };

  function finish(e) {
    if (!e.coverage) return save(dir, { ...e, used: [] });
    const known = e.fresh ? [] : e.known;
    const used = e.coverage();
    if (e.fresh || used.some((u) => !known.includes(u))) save(dir, { ...e, used: [...new Set([...known, ...used])].sort() });
  }
};
