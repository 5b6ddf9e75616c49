#!/usr/bin/env node
// `tempkey profiles sync` on a large organization: 1,000 accounts x 3 roles,
// with 50 ms latency and a 20 requests/s limit on the SSO portal. Prints the
// wall time beside the 20 rps floor, (1 + account pages + one ListAccountRoles
// per account) / 20 s, and the failures. Target: <= 1.2x the floor, 0 failures.
//
//   node bench/sync.mjs [--accounts 1000] [--roles 3] [--rps 20] [--latency 50] [--burst 1]
//
// --burst is the rate limiter's bucket size: 1 (default) is the strictest limit,
// requests spaced at least 1/rps apart; larger values allow short bursts.
// The portal is test/helpers/sso-portal-standin.mjs until the shared emulator lands.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPortal } from '../test/helpers/sso-portal-standin.mjs';

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

if (!existsSync(join(root, 'dist/cli.js'))) {
  console.error('Build first: npm run build');
  process.exit(1);
}

const portal = await startPortal({ accounts: ACCOUNTS, rolesPerAccount: ROLES, latencyMs: LATENCY, rps: RPS, burst: BURST, pageSize: PAGE });
const home = mkdtempSync(join(tmpdir(), 'tempkey-bench-sync-'));
try {
  const startUrl = 'https://d-1234567890.awsapps.com/start';
  mkdirSync(join(home, '.aws/sso/cache'), { recursive: true, mode: 0o700 });
  writeFileSync(join(home, '.aws/config'), `[sso-session bench]\nsso_start_url = ${startUrl}\nsso_region = us-east-1\n`);
  const key = createHash('sha1').update('bench').digest('hex');
  const expiresAt = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');
  writeFileSync(join(home, '.aws/sso/cache', `${key}.json`), JSON.stringify({ startUrl, region: 'us-east-1', accessToken: portal.issueToken(), expiresAt }));

  const env = { PATH: process.env.PATH, HOME: home, AWS_ENDPOINT_URL: portal.url, TEMPKEY_NO_PROGRESS: '1', ...(process.env.TEMPKEY_SSO_RPS ? { TEMPKEY_SSO_RPS: process.env.TEMPKEY_SSO_RPS } : {}) };
  const started = performance.now();
  const child = spawn(process.execPath, [join(root, 'bin/tempkey.js'), 'profiles', 'sync', '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const code = await new Promise((r) => child.on('exit', r));
  const wall = (performance.now() - started) / 1000;

  const pages = Math.ceil(ACCOUNTS / PAGE);
  const floor = (1 + pages + ACCOUNTS) / RPS;
  const log = portal.log();
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
  console.log(`  ratio            ${(wall / floor).toFixed(3)}x   (target <= 1.2x)`);
  console.log(`  requests         ${log.length} (${throttled} throttled with TooManyRequestsException, all retried)`);
  console.log(`  profiles written ${profiles} (expected ${ACCOUNTS * ROLES})`);
  console.log(`  failures         ${failures}`);
  if (code !== 0) console.log(`  exit code ${code}: ${err.trim()}`);
  process.exitCode = failures === 0 && profiles === ACCOUNTS * ROLES && wall <= floor * 1.2 ? 0 : 1;
} finally {
  await portal.stop();
  rmSync(home, { recursive: true, force: true });
}
