#!/usr/bin/env node
// Cache-hit wall time of `tempkey credential-process` beside bare `node -e 0` and
// `aws configure export-credentials` (AWS CLI v2), in one run, hyperfine-style
// (warm-up, then the median of N runs each). All three read the same cache entry:
// a role profile whose AssumeRole result sits fresh in ~/.aws/cli/cache, written
// in the AWS CLI's own format, so no tool makes a network call. The warm-up runs
// include tempkey's first call, which resolves the profile and records its hot-path index.
//
//   node bench/credential-process.mjs [--runs 20]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 20;
const WARMUP = 3;
const AWS_V2 = '/usr/bin/aws';

if (!existsSync(join(root, 'dist/cli.js'))) {
  console.error('Build first: npm run build');
  process.exit(1);
}

const home = mkdtempSync(join(tmpdir(), 'tempkey-bench-'));
const roleArn = 'arn:aws:iam::123456789012:role/Bench';
mkdirSync(join(home, '.aws/cli/cache'), { recursive: true, mode: 0o700 });
writeFileSync(join(home, '.aws/config'), `[profile bench]\nrole_arn = ${roleArn}\nsource_profile = base\nregion = us-east-1\n`);
writeFileSync(join(home, '.aws/credentials'), `[base]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n`);
// Key: sha1 of json.dumps({"RoleArn": ...}, sort_keys=True), as botocore derives it.
const key = createHash('sha1').update(JSON.stringify({ RoleArn: roleArn }).replace('":"', '": "')).digest('hex');
const exp = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, 'UTC');
writeFileSync(
  join(home, '.aws/cli/cache', `${key}.json`),
  JSON.stringify({
    Credentials: { AccessKeyId: 'ASIABENCHBENCHBENCH1', SecretAccessKey: 'benchsecretbenchsecretbenchsecret', SessionToken: 'benchtoken', Expiration: exp, AccountId: '123456789012' },
    AssumedRoleUser: { AssumedRoleId: 'AROABENCH:botocore-session-1', Arn: 'arn:aws:sts::123456789012:assumed-role/Bench/botocore-session-1' },
    ResponseMetadata: { RequestId: 'bench', HTTPStatusCode: 200, HTTPHeaders: {}, RetryAttempts: 0 },
  }),
  { mode: 0o600 },
);
const env = { PATH: process.env.PATH, HOME: home, AWS_CONFIG_FILE: join(home, '.aws/config'), AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws/credentials') };

const candidates = [
  { name: 'node -e 0 (bare node)', cmd: process.execPath, args: ['-e', '0'] },
  { name: 'tempkey credential-process', cmd: process.execPath, args: [join(root, 'bin/tempkey.js'), 'credential-process', '--profile', 'bench'], expect: 'ASIABENCHBENCHBENCH1' },
  ...(existsSync(AWS_V2) ? [{ name: 'aws configure export-credentials (CLI v2)', cmd: AWS_V2, args: ['configure', 'export-credentials', '--profile', 'bench'], expect: 'ASIABENCHBENCHBENCH1' }] : []),
];

function once(c) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(c.cmd, c.args, { env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 || (c.expect && !r.stdout.includes(c.expect))) {
    throw new Error(`${c.name} failed (status ${r.status}): ${r.stderr.slice(0, 400)}`);
  }
  return ms;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const results = [];
try {
  for (const c of candidates) for (let i = 0; i < WARMUP; i++) once(c);
  // Interleave the candidates so drift in machine load hits all of them alike.
  const times = candidates.map(() => []);
  for (let i = 0; i < RUNS; i++) candidates.forEach((c, j) => times[j].push(once(c)));
  candidates.forEach((c, j) => results.push({ name: c.name, median: median(times[j]), min: Math.min(...times[j]), max: Math.max(...times[j]) }));
} finally {
  rmSync(home, { recursive: true, force: true });
}

const base = results[0].median;
const width = Math.max(...results.map((r) => r.name.length));
console.log(`credential-process cache hit, ${RUNS} runs each (median, min–max):`);
for (const r of results) {
  console.log(`  ${r.name.padEnd(width)}  ${r.median.toFixed(1).padStart(7)} ms  (${r.min.toFixed(1)}–${r.max.toFixed(1)})  ${(r.median / base).toFixed(2)}× bare node`);
}
const ratio = results[1].median / base;
console.log(`target: tempkey ≤ 1.2× bare node → ${ratio <= 1.2 ? 'met' : 'NOT met'} (${ratio.toFixed(2)}×)`);
if (process.argv.includes('--json')) console.log(JSON.stringify({ runs: RUNS, results, ratio }));
