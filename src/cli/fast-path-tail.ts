/**
 * The cached path's rarer work, bundled apart (dist/fast-tail.cjs, see
 * scripts/build.mjs) so the common answers (credentials from a cache entry)
 * do not load it: static keys read from a profile's file (the INI reader and
 * profile model), writes (the recent-profiles list's lock and atomic write:
 * dist/fast.cjs's dynamic imports of files/lock and files/atomic-write come
 * here), and exec's error report. It keeps copies of the modules it shares
 * with dist/fast.cjs; none holds state the other reads (the secrets static
 * keys register are redacted by reportError, both here; a failure before
 * answering goes to the full CLI).
 */
// Each part loads on its first call (not when the bundle loads): their modules start with
// node:fs/promises and the like, ~1 ms that a run needing one part should not pay for all.
type StaticKeys = typeof import('../sources/static-keys.js');
type Lock = typeof import('../files/lock.js');
type AtomicWrite = typeof import('../files/atomic-write.js');
type ReportError = typeof import('./report-error.js');

/** The parts this run used: bin/code-cache.cjs writes the bundle's code cache again when one is new to it. */
const used = new Set<string>();
export const __codeCacheCoverage = (): string[] => [...used];

export const runStaticKeys: StaticKeys['run'] = async (...a) => (used.add('static-keys'), (await import('../sources/static-keys.js')).run(...a));
export const withLock: Lock['withLock'] = async (...a) => (used.add('lock'), (await import('../files/lock.js')).withLock(...a));
export const writeFileAtomic: AtomicWrite['writeFileAtomic'] = async (...a) => (used.add('atomic-write'), (await import('../files/atomic-write.js')).writeFileAtomic(...a));
export const reportError = async (...a: Parameters<ReportError['reportError']>): Promise<number> => (used.add('report-error'), (await import('./report-error.js')).reportError(...a));
