#!/usr/bin/env node
// Resolution speed on a big config: generates a 10,000-profile ~/.aws/config
// (SSO profiles and role chains) in a temp HOME, then times, against bare
// `node -e 0` in the same run:
//  - resolve: one bundled CommonJS module (esbuild, no code splitting) that locates and
//    reads the files and resolves the profile with loadPlan, printing the plan
//    as JSON: the cost of resolution itself (target: ≤ 20 ms beyond startup);
//  - explain: the whole `node bin/tempkey.js explain <profile> --json`, which
//    also loads the CLI's module graph and reads the cache files.
// Usage: node bench/resolve.mjs [runs]
import { execFileSync, spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 20);
const PROFILES = 10_000;
const TARGET_MS = 20;

if (!existsSync(join(root, 'dist', 'cli.js'))) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });

const home = mkdtempSync(join(tmpdir(), 'tempkey-bench-'));
try {
  mkdirSync(join(home, '.aws'), { recursive: true });
  const config = [];
  for (let s = 0; s < 10; s++) {
    config.push(`[sso-session org${s}]`, `sso_start_url = https://d-12345678${s}0.awsapps.com/start`, 'sso_region = us-east-1', 'sso_registration_scopes = sso:account:access', '');
  }
  for (let i = 0; i < PROFILES; i++) {
    const account = String(100000000000 + i);
    if (i % 2 === 0) {
      config.push(`[profile sso-${i}]`, `sso_session = org${i % 10}`, `sso_account_id = ${account}`, 'sso_role_name = AdministratorAccess', 'region = eu-west-1', '');
    } else {
      // Chains of up to five roles, each hop sourcing from the previous odd profile; every fifth starts at the IAM user.
      const source = i % 10 === 1 ? 'iam-user' : `role-${i - 2}`;
      config.push(`[profile role-${i}]`, `role_arn = arn:aws:iam::${account}:role/DevOps`, `source_profile = ${source}`, 'mfa_serial = arn:aws:iam::111111111111:mfa/alice', '');
    }
  }
  config.push('[profile iam-user]', 'region = us-east-1', 'mfa_serial = arn:aws:iam::111111111111:mfa/alice', '');
  writeFileSync(join(home, '.aws', 'config'), config.join('\n'));
  writeFileSync(join(home, '.aws', 'credentials'), '[iam-user]\naws_access_key_id = AKIAEXAMPLE000000001\naws_secret_access_key = benchmarkSecretNotReal\n');

  const env = { PATH: process.env.PATH, HOME: home, AWS_EC2_METADATA_DISABLED: 'true' };
  const target = 'role-9999'; // five hops: role-9999 → … → role-9991 → iam-user
  const tempkey = [process.env.TEMPKEY_BENCH_CLI ?? join(root, "bin", "tempkey.js"), 'explain', target, '--json'];
  const check = spawnSync(process.execPath, tempkey, { env, encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`tempkey explain failed: ${check.stderr}`);
  const steps = JSON.parse(check.stdout).steps.length;

  // The lighter resolve entry: one CommonJS file (like the credential-process fast path),
  // so neither the ESM loader's start-up nor per-chunk costs hide resolution itself.
  const entry = join(home, 'resolve-entry.cjs');
  await build({
    stdin: {
      contents: `import { loadPlan } from './src/core/credentials/load-plan.ts';
loadPlan({ env: process.env, cwd: process.cwd(), profile: process.argv[2] }).then((plan) => process.stdout.write(JSON.stringify(plan)));`,
      resolveDir: root,
      loader: 'ts',
    },
    outfile: entry,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  const resolveCmd = [entry, target];
  const resolved = spawnSync(process.execPath, resolveCmd, { env, encoding: 'utf8' });
  if (resolved.status !== 0 || JSON.parse(resolved.stdout).steps.length !== steps) throw new Error(`resolve entry failed: ${resolved.stderr}`);

  const time = (args) => {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { env, stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
    return Number(process.hrtime.bigint() - t) / 1e6;
  };
  const bare = [];
  const ours = [];
  const explain = [];
  time(['-e', '0']);
  time(resolveCmd); // warm the file cache
  time(tempkey);
  for (let i = 0; i < runs; i++) {
    bare.push(time(['-e', '0']));
    ours.push(time(resolveCmd));
    explain.push(time(tempkey));
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const [mb, mo, me] = [median(bare), median(ours), median(explain)];
  const diff = mo - mb;
  console.log(`config: ${PROFILES} profiles; profile ${target} (${steps} plan steps); ${runs} runs each`);
  console.log(`node -e 0                 median ${mb.toFixed(1)} ms`);
  console.log(`resolve (loadPlan)        median ${mo.toFixed(1)} ms   +${diff.toFixed(1)} ms (target ≤ ${TARGET_MS} ms) ${diff <= TARGET_MS ? 'OK' : 'OVER TARGET'}`);
  console.log(`tempkey explain --json    median ${me.toFixed(1)} ms   +${(me - mb).toFixed(1)} ms (whole CLI, cache status included)`);
} finally {
  if (!process.env.TEMPKEY_BENCH_KEEP) rmSync(home, { recursive: true, force: true });
  else console.log(`kept ${home}`);
}
