#!/usr/bin/env node
// `npm run bench`: the whole speed table in one run. tempkey (the shipped CLI:
// bin/tempkey.js → dist/, built first) against bare `node -e 0`, the AWS CLI v2
// (/usr/bin/aws) and v1 (`aws` on PATH), boto3 with and without the AWS CLI's file
// cache, and the AWS SDK for JavaScript v3, doing the same work:
//  - local (no network): credentials of a role, an SSO and a static-keys profile
//    from a fresh cache, env, exec, whoami, explain, profiles list; again on a
//    10,000-profile config;
//  - cold: one AssumeRole, one GetRoleCredentials, against the project's emulator
//    (fronting moto) run as its own process;
//  - profiles sync of 5,000 accounts × 3 roles at a 20 rps portal limit (bench/sync.mjs).
// Paired and interleaved (bench/harness.mjs): each figure is the median of per-round
// ratios with the spread (25th–75th percentile).
//
// Guards: nothing can reach real AWS. Every tool gets HTTPS_PROXY/HTTP_PROXY at a
// dead loopback port (NO_PROXY only for loopback), and an AWS_ENDPOINT_URL that is
// the emulator (cold) or a dead port (local); every run's output is checked for the
// expected access key, so a tool that misses the cache fails its row, loudly, and a
// cold run must show up in the emulator's request log.
//
//   npm run bench [-- --rounds 15] [-- --no-sync] [-- --only local|10k|cold|sync]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure } from './harness.mjs';
import { startEmulator } from './emulator.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argValue = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const ROUNDS = Number(argValue('rounds', 15));
// tempkey against bare node differ by a few ms in ~25: their ratio needs more rounds than the
// peers' (which take 5–30× as long). Cases of node programs only run this many rounds, and in
// the others tempkey and bare node are paired again this many times for tempkey's figures.
const PAIR_ROUNDS = ROUNDS * 4;
const ONLY = argValue('only', undefined);
const want = (part) => !ONLY || ONLY.split(',').includes(part);
const AWS_V2 = '/usr/bin/aws';
const AWS_V1 = findOnPath('aws', (p) => p !== AWS_V2 && /aws-cli\/1\./.test(versionOf(p)));
const PYTHON = 'python3';
const NODE = process.execPath;
const TEMPKEY = join(root, 'bin/tempkey.js');

function findOnPath(name, ok) {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const p = join(dir, name);
    if (dir && existsSync(p) && ok(p)) return p;
  }
  return undefined;
}
function versionOf(cmd) {
  const r = spawnSync(cmd, ['--version'], { encoding: 'utf8' });
  return `${r.stdout}${r.stderr}`.trim();
}

execFileSync(NODE, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });

// ---------- the emulator (cold fetches, and to fill the caches once) ----------
const { emulator, world } = await startEmulator(root, ['--accounts', '2', '--roles', '1']);
const requestCount = async () => (await (await fetch(`${world.url}/_emulator/log`)).json()).length;

const home = mkdtempSync(join(tmpdir(), 'tempkey-bench-'));
const lines = [];
const say = (s = '') => {
  lines.push(s);
  console.log(s);
};

try {
  // ---------- the profiles ----------
  const aws = join(home, '.aws');
  mkdirSync(join(aws, 'cli/cache'), { recursive: true, mode: 0o700 });
  const STATIC_KEY = 'AKIABENCHSTATIC00001';
  writeFileSync(join(aws, 'credentials'), `[base]\naws_access_key_id = AKIABENCHBASE0000001\naws_secret_access_key = benchBaseSecret\n\n[static]\naws_access_key_id = ${STATIC_KEY}\naws_secret_access_key = benchStaticSecret\n`);
  writeFileSync(join(aws, 'config'), `[profile role]\nrole_arn = arn:aws:iam::123456789012:role/Bench\nsource_profile = base\nregion = us-east-1\n\n[profile static]\nregion = us-east-1\n`);

  const guard = { HTTPS_PROXY: 'http://127.0.0.1:1', HTTP_PROXY: 'http://127.0.0.1:1', https_proxy: 'http://127.0.0.1:1', http_proxy: 'http://127.0.0.1:1', NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost' };
  // The JS SDK's Node-version warning off for every tool (tempkey silences it in its own process too).
  const base = { PATH: process.env.PATH, HOME: home, AWS_REGION: 'us-east-1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', AWS_EC2_METADATA_DISABLED: 'true', AWS_MAX_ATTEMPTS: '1', TEMPKEY_NO_PROGRESS: '1', PYTHONDONTWRITEBYTECODE: '1', ...guard };
  const coldEnv = { ...base, AWS_ENDPOINT_URL: world.url };
  const localEnv = { ...base, AWS_ENDPOINT_URL: 'http://127.0.0.1:1' }; // a miss fails at once
  const tk = (args, env = coldEnv) => {
    const r = spawnSync(NODE, [TEMPKEY, ...args], { env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`tempkey ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  tk(['configure', 'sso', '--session-name', 'bench', '--start-url', world.startUrl, '--region', world.region]);
  tk(['login', '--sso-session', 'bench', '--use-device-code']);
  tk(['profiles', 'sync']);
  const ssoProfile = /^\[profile ([^\]]+)\]\nsso_session = bench/m.exec(readFileSync(join(aws, 'config'), 'utf8'))?.[1] ?? /^\[profile ([^\]]+)\][^[]*sso_account_id/m.exec(readFileSync(join(aws, 'config'), 'utf8'))?.[1];
  if (!ssoProfile) throw new Error('profiles sync wrote no SSO profile');
  const cliCache = join(aws, 'cli/cache');
  const emptyCliCache = () => {
    for (const f of readdirSync(cliCache)) rmSync(join(cliCache, f), { force: true });
  };

  const keyOf = (out) => /"AccessKeyId"\s*:\s*"([^"]+)"/.exec(out)?.[1];
  const expectKey = (key) => (out) => (out.includes(key) ? undefined : `did not answer from the cache (expected ${key}, got: ${out.trim().slice(0, 120)})`);
  const expectMasked = (key) => (out) => (out.includes(key.slice(-4)) ? undefined : `did not answer from the cache (expected a key ending in ${key.slice(-4)}, got: ${out.trim().replace(/\s+/g, ' ').slice(0, 160)})`);
  const freshKey = (out) => (/\b(ASIA|AKIA)[A-Z0-9]{12,}/.test(out) ? undefined : `no access key in its output: ${out.trim().slice(0, 120)}`);
  // `aws configure list` (v1 has no export-credentials) shows the key masked: ****************ABCD.
  const freshMaskedKey = (out) => (/access_key\s+\*{4,}[A-Z0-9]{4}\s/.test(out) ? undefined : `no access key in its output: ${out.trim().replace(/\s+/g, ' ').slice(0, 160)}`);

  const bare = (env) => ({ name: 'node -e 0 (bare node)', cmd: NODE, args: ['-e', '0'], env });
  const tempkey = (label, args, env, check) => ({ name: `tempkey ${label}`, cmd: NODE, args: [TEMPKEY, ...args], env, check, cwd: home });
  const awsV2 = (profile, env, check) => ({ name: 'AWS CLI v2 configure export-credentials', cmd: AWS_V2, args: ['configure', 'export-credentials', '--profile', profile], env, check });
  const awsV1 = (profile, env, check) => AWS_V1 && { name: 'AWS CLI v1 configure list', cmd: AWS_V1, args: ['configure', 'list', '--profile', profile], env, check };
  const boto3 = (profile, env, check, cache) => ({ name: `boto3${cache ? ' + AWS CLI file cache' : ' (no file cache)'}`, cmd: PYTHON, args: [join(root, 'bench/peers/boto3-credentials.py'), profile, ...(cache ? ['--cli-cache'] : [])], env, check });
  const jsSdk = (profile, env, check) => ({ name: 'JS SDK v3 fromIni', cmd: NODE, args: [join(root, 'bench/peers/js-sdk-credentials.cjs'), profile], env, check });

  const table = [];
  const runCase = (title, candidates, opts = {}) => {
    const cands = candidates.filter(Boolean);
    const tkIndex = cands.findIndex((c) => c.name.startsWith('tempkey'));
    const nodeOnly = cands.every((c) => c.cmd === NODE && (c.args[0] === '-e' || c.args[0] === TEMPKEY));
    const rounds = opts.rounds ?? (nodeOnly ? PAIR_ROUNDS : ROUNDS);
    process.stderr.write(`· ${title} (${cands.length - 1} tools, ${rounds} rounds)\n`);
    const { results, vs } = measure(cands, { rounds, warmup: opts.warmup ?? 2 });
    if (opts.goal === 'local' && !nodeOnly) {
      // tempkey's own figures (× bare node) from a longer pairing of the two; tempkey ÷ peer stays from the rounds above.
      const pair = measure([cands[0], cands[tkIndex]], { rounds: PAIR_ROUNDS, warmup: 2 }).results[1];
      results[tkIndex] = { ...results[tkIndex], ...pair, name: `${results[tkIndex].name} (${PAIR_ROUNDS} rounds with bare node)` };
    }
    table.push({ title, results: results.map((r, j) => ({ ...r, tempkeyVs: j > 0 && j !== tkIndex ? vs(tkIndex, j) : undefined })), goal: opts.goal, tkIndex, vs, cands });
  };

  // ---------- cold: one upstream call each ----------
  if (want('cold')) {
    // Every tool must reach the emulator, not anything else: one probe run each, counted in its request log.
    const probe = async (c) => {
      c.before?.();
      const n = await requestCount();
      const r = spawnSync(c.cmd, c.args, { env: c.env, encoding: 'utf8' });
      const m = await requestCount();
      if (r.status !== 0 || m <= n) throw new Error(`${c.name} did not fetch from the emulator (exit ${r.status}, ${m - n} requests): ${r.stderr.slice(0, 300)}`);
    };
    const coldRole = [
      bare(coldEnv),
      { ...tempkey('credential-process', ['credential-process', '--profile', 'role'], coldEnv, freshKey), before: emptyCliCache },
      jsSdk('role', coldEnv, freshKey),
      boto3('role', coldEnv, freshKey, false),
      awsV1('role', coldEnv, freshMaskedKey) && { ...awsV1('role', coldEnv, freshMaskedKey), before: emptyCliCache },
    ];
    const coldSso = [
      bare(coldEnv),
      { ...tempkey('credential-process', ['credential-process', '--profile', ssoProfile], coldEnv, freshKey), before: emptyCliCache },
      jsSdk(ssoProfile, coldEnv, freshKey),
      boto3(ssoProfile, coldEnv, freshKey, false),
      awsV1(ssoProfile, coldEnv, freshMaskedKey) && { ...awsV1(ssoProfile, coldEnv, freshMaskedKey), before: emptyCliCache },
    ];
    for (const c of [...coldRole, ...coldSso].filter((c) => c && !c.name.startsWith('node'))) await probe(c);
    runCase('cold AssumeRole (role from static keys; one STS call)', coldRole, { goal: 'cold' });
    runCase('cold GetRoleCredentials (SSO profile, token cached; one portal call)', coldSso, { goal: 'cold' });
  }

  // ---------- fill the caches once (as a user's first call would), then go offline ----------
  emptyCliCache();
  const roleKey = keyOf(tk(['credential-process', '--profile', 'role']));
  const ssoKey = keyOf(tk(['credential-process', '--profile', ssoProfile]));
  tk(['whoami', 'role']); // keeps the identity for later whoami calls
  if (!roleKey || !ssoKey) throw new Error('could not fill the caches');

  const localCases = (env, suffix) => {
    runCase(`credential-process, role, cached${suffix}`, [
      bare(env),
      tempkey('credential-process', ['credential-process', '--profile', 'role'], env, expectKey(roleKey)),
      awsV2('role', env, expectKey(roleKey)),
      awsV1('role', env, expectMasked(roleKey)),
      boto3('role', env, expectKey(roleKey), true),
    ], { goal: 'local' });
    runCase(`credential-process, SSO, cached${suffix}`, [
      bare(env),
      tempkey('credential-process', ['credential-process', '--profile', ssoProfile], env, expectKey(ssoKey)),
      awsV2(ssoProfile, env, expectKey(ssoKey)),
      // No AWS CLI v1 here: it keeps no cache of SSO role credentials, so every call is a fetch (see the cold row).
      boto3(ssoProfile, env, expectKey(ssoKey), true),
    ], { goal: 'local' });
    runCase(`credential-process, static keys${suffix}`, [
      bare(env),
      tempkey('credential-process', ['credential-process', '--profile', 'static'], env, expectKey(STATIC_KEY)),
      jsSdk('static', env, expectKey(STATIC_KEY)),
      boto3('static', env, expectKey(STATIC_KEY), false),
      awsV2('static', env, expectKey(STATIC_KEY)),
      awsV1('static', env, expectMasked(STATIC_KEY)),
    ], { goal: 'local' });
    // Informational (no goal): the first call after the config file changed resolves the profile again.
    const touchConfig = () => {
      const t = new Date();
      utimesSync(env.AWS_CONFIG_FILE ?? join(aws, 'config'), t, t);
    };
    runCase(`credential-process, role, cached, first call after a config edit${suffix}`, [
      bare(env),
      { ...tempkey('credential-process', ['credential-process', '--profile', 'role'], env, expectKey(roleKey)), before: touchConfig },
    ]);
    runCase(`env role, cached${suffix}`, [bare(env), tempkey('env', ['env', 'role'], env, expectKey(roleKey))], { goal: 'local' });
    // The floor of any exec written in Node: node itself starting `true` (with child_process, as a script would).
    const nodeRunsTrue = { name: "node -e spawnSync('true') (node starting the same program)", cmd: NODE, args: ['-e', "process.exitCode = require('node:child_process').spawnSync('true', { stdio: 'inherit' }).status"], env };
    runCase(`exec role -- true, cached${suffix}`, [bare(env), tempkey('exec', ['exec', 'role', '--', 'true'], env), nodeRunsTrue], { goal: 'local' });
    runCase(`whoami role, from cache${suffix}`, [bare(env), tempkey('whoami', ['whoami', 'role'], env, (o) => (o.includes('123456789012') ? undefined : `no account in: ${o.slice(0, 120)}`))], { goal: 'local' });
    runCase(`explain role${suffix}`, [bare(env), tempkey('explain', ['explain', 'role'], env, (o) => (o.includes('AssumeRole') ? undefined : 'no plan printed'))], { goal: 'local' });
    runCase(`profiles list${suffix}`, [bare(env), tempkey('profiles list', ['profiles', 'list'], env, (o) => (o.includes(ssoProfile) ? undefined : 'the SSO profile is missing'))], { goal: 'local' });
  };
  if (want('local')) localCases(localEnv, '');
  if (want('10k')) {
    // 10,000 more profiles (SSO profiles and role chains, as bench/resolve.mjs), around the ones above.
    const big = [readFileSync(join(aws, 'config'), 'utf8')];
    for (let i = 0; i < 10_000; i++) {
      const account = String(100000000000 + i);
      big.push(i % 2 === 0 ? `[profile sso-${i}]\nsso_session = bench\nsso_account_id = ${account}\nsso_role_name = AdministratorAccess\nregion = eu-west-1\n` : `[profile chain-${i}]\nrole_arn = arn:aws:iam::${account}:role/DevOps\nsource_profile = ${i % 10 === 1 ? 'base' : `chain-${i - 2}`}\n`);
    }
    const bigConfig = join(home, 'config-10k');
    writeFileSync(bigConfig, big.join('\n'));
    localCases({ ...localEnv, AWS_CONFIG_FILE: bigConfig }, ', 10k-profile config');
  }

  // ---------- the table ----------
  say('');
  say(`tempkey speed, ${new Date().toISOString().slice(0, 16)}Z, node ${process.version}, ${ROUNDS} paired rounds per case, ${PAIR_ROUNDS} for cases of node programs only and for tempkey against bare node (median of per-round ratios, [25th–75th percentile]); load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')} on ${(await import('node:os')).cpus().length} CPUs`);
  say(`peers: ${versionOf(AWS_V2).split(' ')[0]} (v2), ${AWS_V1 ? versionOf(AWS_V1).split(' ')[0] : 'no AWS CLI v1'} (v1), boto3 ${spawnSync(PYTHON, ['-c', 'import boto3;print(boto3.__version__)'], { encoding: 'utf8' }).stdout.trim()}, @aws-sdk/credential-provider-ini ${JSON.parse(readFileSync(join(root, 'node_modules/@aws-sdk/credential-provider-ini/package.json'), 'utf8')).version}`);
  say('');
  say('| case | tool | wall ms | × bare node (wall) | × bare node (CPU) | tempkey ÷ tool (wall) | tempkey ÷ tool (CPU) |');
  say('|---|---|---:|---:|---:|---:|---:|');
  const fmt = (x) => x.toFixed(2);
  const goals = [];
  for (const row of table) {
    for (const [j, r] of row.results.entries()) {
      const times = r.failed && r.ms === undefined ? `failed: ${r.failed}` : `${r.ms.toFixed(1)}`;
      const band = (v) => (v ? `${fmt(v.ratio)}× [${fmt(v.p25)}–${fmt(v.p75)}]` : '–');
      const x = j === 0 ? '1' : band(r.ratio !== undefined ? r : undefined);
      const xc = j === 0 ? '1' : band(r.cpu);
      const vs = j > 0 && j !== row.tkIndex ? band(row.vs(row.tkIndex, j)) : '';
      const vsc = j > 0 && j !== row.tkIndex ? band(row.vs(row.tkIndex, j, 'cpu')) : '';
      say(`| ${j === 0 ? row.title : ''} | ${r.name} | ${times} | ${x} | ${xc} | ${vs} | ${vsc} |`);
    }
    const t = row.results[row.tkIndex];
    if (row.goal === 'local') goals.push({ what: `${row.title}: tempkey ≤ 1.25× bare node`, ok: t.ratio !== undefined && t.ratio <= 1.25, value: t.ratio !== undefined ? `${fmt(t.ratio)}× wall, ${fmt(t.cpu.ratio)}× CPU` : t.failed });
    if (row.goal === 'cold') {
      const js = row.results.findIndex((r) => r.name.startsWith('JS SDK'));
      const v = row.vs(row.tkIndex, js);
      const vc = row.vs(row.tkIndex, js, 'cpu');
      goals.push({ what: `${row.title}: tempkey ≤ 1.0× the JS SDK`, ok: v !== undefined && v.ratio <= 1.0, value: v ? `${fmt(v.ratio)}× wall [${fmt(v.p25)}–${fmt(v.p75)}], ${fmt(vc.ratio)}× CPU` : 'not measured' });
    }
  }

  if (want('sync') && !process.argv.includes('--no-sync')) {
    say('');
    // sync.mjs exits 1 when its target is missed: its figures are reported either way.
    const out = spawnSync(NODE, [join(root, 'bench/sync.mjs'), '--accounts', '5000', '--roles', '3', '--rps', '20', '--latency', '50', '--json'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).stdout;
    const summary = JSON.parse(out.trim().split('\n').at(-1));
    for (const l of out.trim().split('\n').slice(0, -1)) say(l);
    goals.push({ what: 'profiles sync 5,000 × 3 at 20 rps, 50 ms: ≤ 1.05× the request floor, 0 failures', ok: summary.ratio <= 1.05 && summary.failures === 0, value: `${summary.ratio.toFixed(3)}×, ${summary.failures} failures, peak RSS ${summary.peakRssMb} MB` });
  }

  say('');
  say('Goals:');
  for (const g of goals) say(`  ${g.ok ? 'met    ' : 'NOT MET'}  ${g.what} (${g.value})`);
  if (process.env.TEMPKEY_BENCH_OUT) appendFileSync(process.env.TEMPKEY_BENCH_OUT, lines.join('\n') + '\n');
  process.exitCode = goals.every((g) => g.ok) ? 0 : 1;
} finally {
  emulator.kill('SIGTERM');
  await new Promise((r) => emulator.once('exit', r));
  rmSync(home, { recursive: true, force: true });
}
