// Paired, interleaved timing for bench/run.mjs. Every round runs each candidate once,
// in a rotated order (A B C, B C A, ...), so drift in machine load hits all alike;
// a candidate's figure is the median of its per-round ratios to the first candidate
// (bare `node -e 0`) with the spread (25th–75th percentile), never a ratio of medians;
// by wall time, and by CPU time (user + system), which a loaded machine disturbs less.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * @typedef {object} Candidate
 * @property {string} name
 * @property {string} cmd
 * @property {string[]} args
 * @property {NodeJS.ProcessEnv} env
 * @property {string} [cwd]
 * @property {() => void} [before]  untimed, before each run (a cold case empties the cache here)
 * @property {(stdout: string) => string | undefined} [check]  a reason when the output is wrong (e.g. a cache miss)
 */

export const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo] + (s[Math.ceil(i)] - s[lo]) * (i - lo);
};
export const median = (xs) => quantile(xs, 0.5);

const TIME_ONE = fileURLToPath(new URL('./time-one.py', import.meta.url));

/**
 * One timed run: { wall, cpu } in ms (bench/time-one.py times the child itself,
 * wall from fork to exit and CPU from its rusage). Throws with the reason when
 * it fails its check.
 */
export function runOnce(c) {
  c.before?.();
  const r = spawnSync('python3', [TIME_ONE, c.cmd, ...c.args], { env: c.env, cwd: c.cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe', 'pipe'], timeout: 60_000 });
  let ms;
  try {
    const t = JSON.parse(r.output[3]);
    ms = { wall: t.wallMs, cpu: t.cpuMs };
  } catch {
    throw new Error(`${c.name}: not timed (${String(r.error ?? r.stderr).slice(0, 200)})`);
  }
  if (r.status !== 0) throw new Error(`${c.name}: exit ${r.status ?? r.signal}: ${(r.stderr || r.stdout || String(r.error ?? '')).trim().split('\n').slice(-3).join(' | ').slice(0, 300)}`);
  const wrong = c.check?.(r.stdout);
  if (wrong) throw new Error(`${c.name}: ${wrong}`);
  return ms;
}

/**
 * Measures candidates[0] (the baseline) and the others in paired rounds.
 * A candidate that fails (its check, or exits non-zero) is reported with its
 * reason and left out of the later rounds; the others go on.
 * Returns one summary per candidate and `vs(i, j)`: the median per-round ratio
 * of candidate i to candidate j (rounds where both ran), with its spread.
 */
export function measure(candidates, { rounds, warmup = 2 }) {
  const failed = candidates.map(() => undefined);
  const T = []; // T[round][candidate] = ms, or undefined
  const attempt = (j) => {
    if (failed[j]) return undefined;
    try {
      return runOnce(candidates[j]);
    } catch (e) {
      failed[j] = e.message;
      return undefined;
    }
  };
  for (let w = 0; w < warmup; w++) candidates.forEach((_, j) => attempt(j));
  if (failed[0]) throw new Error(`the baseline failed: ${failed[0]}`);
  for (let r = 0; r < rounds; r++) {
    const row = candidates.map(() => undefined);
    for (let k = 0; k < candidates.length; k++) {
      const j = (k + r) % candidates.length;
      row[j] = attempt(j);
    }
    T.push(row);
  }
  /** Candidate i over candidate j, per round, by wall time (or `cpu`). */
  const vs = (i, j, kind = 'wall') => {
    const ratios = T.filter((row) => row[i] !== undefined && row[j] !== undefined).map((row) => row[i][kind] / row[j][kind]);
    return ratios.length ? { ratio: median(ratios), p25: quantile(ratios, 0.25), p75: quantile(ratios, 0.75), pairs: ratios.length } : undefined;
  };
  const results = candidates.map((c, j) => {
    const own = T.map((row) => row[j]).filter((x) => x !== undefined);
    const toBase = vs(j, 0);
    return { name: c.name, ms: own.length ? median(own.map((t) => t.wall)) : undefined, cpuMs: own.length ? median(own.map((t) => t.cpu)) : undefined, cpu: vs(j, 0, 'cpu'), ...(toBase ?? {}), failed: failed[j] };
  });
  return { results, vs };
}
