#!/usr/bin/env node
// `tempkey profiles sync` on a large organization: 1,000 accounts x 3 roles by
// default (npm run bench: 5,000), with 50 ms latency and a 20 requests/s limit on
// the SSO portal. Prints the wall time beside the 20 rps floor, (1 + account pages
// + one ListAccountRoles per account) / 20 s, the failures, tempkey's peak
// memory (max RSS) and the machine's load average (other work delays timers and
// answers: read each figure with it). Target: <= 1.05x the floor, 0 failures.
//
//   node bench/sync.mjs [--accounts 1000] [--roles 3] [--rps 20] [--latency 50] [--burst 1] [--json]
//
// --burst is the rate limiter's bucket size: 1 (default) is the strictest limit,
// requests spaced at least 1/rps apart; larger values allow short bursts.
// The portal is the project's emulator, run as its own process (node dist/emulator.js),
// its faults set and its request log read over the admin API, as any outside tool would.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from './emulator.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const ACCOUNTS = arg('accounts', 1000);
const ROLES = arg('roles', 3);
const RPS = arg('rps', 20);
const LATENCY = arg('latency', 50);
const BURST = arg('burst', 1);
const PAGE = 100;

if (!existsSync(join(root, 'dist/emulator.js'))) {
  console.error('Build first: npm run build');
  process.exit(1);
}

const TIME = '/usr/bin/time'; // GNU time: the child's max RSS
function runTempkey(args, env, { measureMemory = false } = {}) {
  const argv = [process.execPath, join(root, 'bin/tempkey.js'), ...args];
  const child = measureMemory ? spawn(TIME, ['-f', 'TEMPKEY_BENCH_MAXRSS_KB=%M', ...argv], { env, stdio: ['ignore', 'pipe', 'pipe'] }) : spawn(argv[0], argv.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  return new Promise((r) => child.on('exit', (code) => r({ code, out, err })));
}

const { emulator, world } = await startEmulator(root, ['--accounts', String(ACCOUNTS), '--roles', String(ROLES)]);
const admin = (path, init) => fetch(`${world.url}/_emulator/${path}`, init).then((r) => r.json());
const home = mkdtempSync(join(tmpdir(), 'tempkey-bench-sync-'));
try {
  const env = { PATH: process.env.PATH, HOME: home, AWS_ENDPOINT_URL: world.url, TEMPKEY_NO_PROGRESS: '1', ...(process.env.TEMPKEY_SSO_RPS ? { TEMPKEY_SSO_RPS: process.env.TEMPKEY_SSO_RPS } : {}) };
  for (const args of [['configure', 'sso', '--session-name', 'bench', '--start-url', world.startUrl, '--region', world.region], ['login', '--sso-session', 'bench', '--use-device-code']]) {
    const r = await runTempkey(args, env);
    if (r.code !== 0) throw new Error(`tempkey ${args.join(' ')} failed: ${r.err}`);
  }
  // The portal's limit is global: one bucket for every operation, plus the latency.
  await admin('faults', { method: 'POST', body: JSON.stringify({ operation: '*', latencyMs: LATENCY, rps: RPS, burst: BURST }) });
  await admin('log', { method: 'DELETE' });

  const loadStart = loadavg()[0];
  const started = performance.now();
  const { code, out, err: errWithRss } = await runTempkey(['profiles', 'sync', '--json'], env, { measureMemory: existsSync(TIME) });
  const wall = (performance.now() - started) / 1000;
  const rssKb = Number(/TEMPKEY_BENCH_MAXRSS_KB=(\d+)/.exec(errWithRss)?.[1]);
  const err = errWithRss.replace(/TEMPKEY_BENCH_MAXRSS_KB=\d+\n?/, '');
  const log = (await admin('log')).filter((l) => l.service === 'sso');
  const pages = Math.ceil(ACCOUNTS / PAGE);
  const floor = (1 + pages + ACCOUNTS) / RPS;
  const throttled = log.filter((l) => l.status === 429).length;
  let summary = {};
  try {
    summary = JSON.parse(out);
  } catch {
    /* reported below */
  }
  const profiles = (readFileSync(join(home, '.aws/config'), 'utf8').match(/^\[profile /gm) ?? []).length;
  const failures = (summary.failures?.length ?? 0) + (code === 0 ? 0 : 1);
  console.log(`profiles sync: ${ACCOUNTS} accounts x ${ROLES} roles, portal ${LATENCY} ms latency, ${RPS} rps limit (burst ${BURST})`);
  console.log(`  wall time        ${wall.toFixed(2)} s`);
  console.log(`  20 rps floor     ${floor.toFixed(2)} s   ((1 + ${pages} pages + ${ACCOUNTS} ListAccountRoles) / ${RPS})`);
  console.log(`  ratio            ${(wall / floor).toFixed(3)}x   (target <= 1.05x)`);
  console.log(`  requests         ${log.length} (${throttled} throttled with TooManyRequestsException, all retried)`);
  console.log(`  profiles written ${profiles} (expected ${ACCOUNTS * ROLES})`);
  console.log(`  failures         ${failures}`);
  const loadEnd = loadavg()[0];
  console.log(`  load average     ${loadStart.toFixed(2)} at the start, ${loadEnd.toFixed(2)} at the end (1 min; other work on the machine delays timers and answers)`);
  console.log(`  peak memory      ${rssKb ? `${(rssKb / 1024).toFixed(0)} MB max RSS` : 'not measured (no /usr/bin/time)'}`);
  if (code !== 0) console.log(`  exit code ${code}: ${err.trim()}`);
  if (process.argv.includes('--json')) console.log(JSON.stringify({ accounts: ACCOUNTS, roles: ROLES, wall, floor, ratio: wall / floor, requests: log.length, throttled, profiles, failures, peakRssMb: rssKb ? Math.round(rssKb / 1024) : undefined, loadStart, loadEnd }));
  process.exitCode = failures === 0 && profiles === ACCOUNTS * ROLES && wall <= floor * 1.05 ? 0 : 1;
} finally {
  emulator.kill('SIGTERM');
  await new Promise((r) => emulator.once('exit', r));
  rmSync(home, { recursive: true, force: true });
}
