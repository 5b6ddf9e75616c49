import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { assumeRoleCacheKey } from '../src/files/cache-keys.js';
import { startWorld, type World } from './helpers/world.js';
import { sdkInUse } from './helpers/sdk-in-use.js';

// The hot-path index answers credential-process, env, exec and whoami without resolving
// the profile. It must never answer for inputs it did not see: every file resolution read
// (by path and content stamp), the project, the flags and the environment (#17.1).
const root = resolve(__dirname, '..');
const base = `[base]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n`;
let home: string;
/** The full CLI, or a command's own full bundle (dist/cmd/): what runs when the cached path did not answer. */
const FULL_CLI = /dist\/(cli|cmd\/[a-z.-]+)\.cjs/;
let env: NodeJS.ProcessEnv;

function tempkey(args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}) {
  const trace = join(home, `trace-${Math.random().toString(36).slice(2)}.txt`);
  const r = spawnSync(process.execPath, ['--import', join(root, 'test/helpers/trace-imports.mjs'), join(root, 'bin/tempkey.js'), ...args], {
    env: { ...env, TRACE_IMPORTS_FILE: trace, ...opts.env },
    cwd: opts.cwd ?? home,
    encoding: 'utf8',
    timeout: 30_000,
  });
  const modules = existsSync(trace) ? readFileSync(trace, 'utf8').split('\n').filter(Boolean) : [];
  rmSync(trace, { force: true });
  return { ...r, modules, full: modules.some((m) => FULL_CLI.test(m)), sdk: modules.filter((m) => sdkInUse(m)) };
}

/** The same, without blocking this process (which runs the emulator the CLI talks to). */
function tempkeyAsync(args: string[], extraEnv: NodeJS.ProcessEnv): Promise<ReturnType<typeof tempkey>> {
  const trace = join(home, `trace-${Math.random().toString(36).slice(2)}.txt`);
  const child = spawn(process.execPath, ['--import', join(root, 'test/helpers/trace-imports.mjs'), join(root, 'bin/tempkey.js'), ...args], {
    env: { ...env, TRACE_IMPORTS_FILE: trace, ...extraEnv },
    cwd: home,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((done) =>
    child.on('close', (status) => {
      clearTimeout(timer);
      const modules = existsSync(trace) ? readFileSync(trace, 'utf8').split('\n').filter(Boolean) : [];
      rmSync(trace, { force: true });
      done({ status, stdout, stderr, modules, full: modules.some((m) => FULL_CLI.test(m)), sdk: modules.filter((m) => sdkInUse(m)) } as unknown as ReturnType<typeof tempkey>);
    }),
  );
}

/** A fresh AWS CLI cache entry for a role, with its own access key id so tests can tell roles apart. */
function cacheRole(roleArn: string, keyId: string) {
  mkdirSync(join(home, '.aws/cli/cache'), { recursive: true });
  const exp = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, 'UTC');
  writeFileSync(
    join(home, '.aws/cli/cache', `${assumeRoleCacheKey({ RoleArn: roleArn })}.json`),
    JSON.stringify({
      Credentials: { AccessKeyId: keyId, SecretAccessKey: `secret-${keyId}`, SessionToken: `token-${keyId}`, Expiration: exp },
      AssumedRoleUser: { AssumedRoleId: `AROA:${keyId}`, Arn: `${roleArn}/s` },
    }),
  );
}

const roleProfile = (name: string, roleArn: string) => `[profile ${name}]\nrole_arn = ${roleArn}\nsource_profile = base\nregion = us-east-1\n`;
const keyOf = (r: { stdout: string; status: number | null; stderr: string }) => {
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout).AccessKeyId as string;
};
const ROLE_A = 'arn:aws:iam::111111111111:role/A';
const ROLE_B = 'arn:aws:iam::222222222222:role/B';

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'tempkey-hotidx-'));
  mkdirSync(join(home, '.aws'), { recursive: true });
  writeFileSync(join(home, '.aws/credentials'), base);
  cacheRole(ROLE_A, 'ASIAROLEAAAAAAAAAAAA');
  cacheRole(ROLE_B, 'ASIAROLEBBBBBBBBBBBB');
  // Nothing listens on port 1: a call that would need AWS fails fast instead of reaching anything.
  env = { PATH: process.env.PATH, HOME: home, AWS_ENDPOINT_URL: 'http://127.0.0.1:1', AWS_MAX_ATTEMPTS: '1', AWS_EC2_METADATA_DISABLED: 'true' };
  return () => rmSync(home, { recursive: true, force: true });
});

describe('the hot-path index sees every input', () => {
  it('--config-file / --credentials-file: editing the profile to another role answers with the new role at once', () => {
    const dir = join(home, 'elsewhere');
    mkdirSync(dir);
    writeFileSync(join(dir, 'config'), roleProfile('p', ROLE_A));
    writeFileSync(join(dir, 'credentials'), base);
    const args = ['credential-process', '--profile', 'p', '--config-file', join(dir, 'config'), '--credentials-file', join(dir, 'credentials')];
    expect(keyOf(tempkey(args))).toBe('ASIAROLEAAAAAAAAAAAA');
    const hit = tempkey(args);
    expect(keyOf(hit)).toBe('ASIAROLEAAAAAAAAAAAA');
    expect(hit.full).toBe(false); // answered by dist/fast.cjs
    writeFileSync(join(dir, 'config'), roleProfile('p', ROLE_B));
    expect(keyOf(tempkey(args))).toBe('ASIAROLEBBBBBBBBBBBB');
    // The source profile's keys live in the credentials file: an edit there is an input too.
    writeFileSync(join(dir, 'credentials'), base.replace('[base]', '[other]'));
    const noSource = tempkey(args);
    expect(noSource.status).not.toBe(0);
    expect(noSource.stderr).toMatch(/base/);
  });

  it("a Leverage project's ~/.aws/<project>/ files: an edit there answers with the new role at once, and leaving the project uses ~/.aws", () => {
    const project = join(home, 'src/acme');
    mkdirSync(join(project, 'apps-devstg/us-east-1/base'), { recursive: true });
    writeFileSync(join(project, 'build.env'), 'PROJECT=acme\nMFA_ENABLED=false\n');
    mkdirSync(join(home, '.aws/acme'), { recursive: true });
    writeFileSync(join(home, '.aws/acme/config'), roleProfile('acme-devstg', ROLE_A));
    writeFileSync(join(home, '.aws/acme/credentials'), base);
    writeFileSync(join(home, '.aws/config'), roleProfile('acme-devstg', ROLE_B));
    const layer = join(project, 'apps-devstg/us-east-1/base');
    const args = ['credential-process', '--profile', 'acme-devstg'];
    expect(keyOf(tempkey(args, { cwd: layer }))).toBe('ASIAROLEAAAAAAAAAAAA');
    // Inside a project the directory counts (every build.env from the root down to it is read), so the same layer hits.
    const hit = tempkey(args, { cwd: layer });
    expect(keyOf(hit)).toBe('ASIAROLEAAAAAAAAAAAA');
    expect(hit.full).toBe(false);
    writeFileSync(join(home, '.aws/acme/config'), roleProfile('acme-devstg', ROLE_B));
    expect(keyOf(tempkey(args, { cwd: layer }))).toBe('ASIAROLEBBBBBBBBBBBB');
    writeFileSync(join(home, '.aws/acme/config'), roleProfile('acme-devstg', ROLE_A));
    expect(keyOf(tempkey(args, { cwd: layer }))).toBe('ASIAROLEAAAAAAAAAAAA');
    // Outside the project the same name is ~/.aws/config's profile.
    expect(keyOf(tempkey(args, { cwd: home }))).toBe('ASIAROLEBBBBBBBBBBBB');
    // What names the project's folder is an input: a layer's own build.env, the root's, common.tfvars.
    const hitAgain = tempkey(args, { cwd: layer });
    expect(hitAgain.full).toBe(false);
    mkdirSync(join(home, '.aws/acme2'), { recursive: true });
    writeFileSync(join(home, '.aws/acme2/config'), roleProfile('acme-devstg', ROLE_B));
    writeFileSync(join(home, '.aws/acme2/credentials'), base);
    writeFileSync(join(layer, 'build.env'), 'PROJECT=acme2\n');
    expect(keyOf(tempkey(args, { cwd: layer }))).toBe('ASIAROLEBBBBBBBBBBBB');
    rmSync(join(layer, 'build.env'));
    expect(keyOf(tempkey(args, { cwd: layer }))).toBe('ASIAROLEAAAAAAAAAAAA');
    mkdirSync(join(project, 'config'));
    writeFileSync(join(project, 'config/common.tfvars'), 'project = "acme2"\n');
    expect(keyOf(tempkey(args, { cwd: layer }))).toBe('ASIAROLEBBBBBBBBBBBB');
    writeFileSync(join(project, 'build.env'), 'PROJECT=other\n');
    rmSync(join(project, 'config'), { recursive: true });
    const renamed = tempkey(args, { cwd: layer });
    expect(renamed.status).not.toBe(0);
    expect(renamed.full).toBe(true);
  });

  it('the environment and the flags are inputs: AWS_PROFILE, AWS_CONFIG_FILE and --region each get their own answer', () => {
    writeFileSync(join(home, '.aws/config'), roleProfile('a', ROLE_A) + roleProfile('b', ROLE_B));
    const other = join(home, 'other-config');
    writeFileSync(other, roleProfile('a', ROLE_B));
    for (let i = 0; i < 2; i++) {
      expect(keyOf(tempkey(['credential-process'], { env: { AWS_PROFILE: 'a' } }))).toBe('ASIAROLEAAAAAAAAAAAA');
      expect(keyOf(tempkey(['credential-process'], { env: { AWS_PROFILE: 'b' } }))).toBe('ASIAROLEBBBBBBBBBBBB');
      expect(keyOf(tempkey(['credential-process', '--profile', 'a'], { env: { AWS_CONFIG_FILE: other } }))).toBe('ASIAROLEBBBBBBBBBBBB');
      expect(keyOf(tempkey(['credential-process', '--profile', 'a']))).toBe('ASIAROLEAAAAAAAAAAAA');
    }
    const eu = tempkey(['env', 'a', '--region', 'eu-west-1']);
    expect(eu.stdout).toContain("AWS_REGION='eu-west-1'");
    const us = tempkey(['env', 'a']);
    expect(us.stdout).toContain("AWS_REGION='us-east-1'");
    expect(us.full).toBe(false);
  });

  it('env, exec and credential-process share one entry, and a new directory outside any project still hits', () => {
    writeFileSync(join(home, '.aws/config'), roleProfile('a', ROLE_A));
    expect(keyOf(tempkey(['credential-process', '--profile', 'a']))).toBe('ASIAROLEAAAAAAAAAAAA');
    const fresh = mkdtempSync(join(tmpdir(), 'tempkey-newdir-'));
    try {
      const e = tempkey(['env', 'a'], { cwd: fresh });
      expect(e.status).toBe(0);
      expect(e.stdout).toContain("export AWS_ACCESS_KEY_ID='ASIAROLEAAAAAAAAAAAA'");
      expect(e.full).toBe(false);
      const x = tempkey(['exec', 'a', '--', process.execPath, '-e', 'process.stdout.write(JSON.stringify(process.env))'], { cwd: fresh });
      expect(x.status).toBe(0);
      expect(x.full).toBe(false);
      const child = JSON.parse(x.stdout);
      expect(child).toMatchObject({ AWS_ACCESS_KEY_ID: 'ASIAROLEAAAAAAAAAAAA', AWS_SESSION_TOKEN: 'token-ASIAROLEAAAAAAAAAAAA', TEMPKEY_PROFILE: 'a', AWS_REGION: 'us-east-1' });
      expect(child.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED).toBeUndefined();
      // The full CLI (after a miss) prints exactly what the cached path printed.
      rmSync(join(home, '.aws/tempkey/cache'), { recursive: true, force: true });
      const slow = tempkey(['env', 'a'], { cwd: fresh });
      expect(slow.full).toBe(true);
      expect(slow.stdout).toBe(e.stdout);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  it('a cache-entry answer loads only dist/fast.cjs; static keys, a changed recent list and an error report load dist/fast-tail.cjs, still without the full CLI', () => {
    writeFileSync(join(home, '.aws/config'), roleProfile('a', ROLE_A) + roleProfile('b', ROLE_B) + '[profile s]\nregion = eu-west-1\n');
    writeFileSync(join(home, '.aws/credentials'), base + '[s]\naws_access_key_id = AKIASTATICONE0000000\naws_secret_access_key = one\n');
    const TAIL = /fast-tail\.cjs$/;
    for (const p of ['a', 'b', 's']) tempkey(['credential-process', '--profile', p]); // the entries
    tempkey(['exec', 'a', '--', 'true']); // the recent list starts with a
    const cached = tempkey(['exec', 'a', '--', 'true']);
    expect([cached.status, cached.full, cached.modules.some((m) => TAIL.test(m))]).toEqual([0, false, false]);
    const other = tempkey(['exec', 'b', '--', 'true']);
    expect([other.status, other.full, other.modules.some((m) => TAIL.test(m))]).toEqual([0, false, true]);
    expect(JSON.parse(readFileSync(join(home, '.aws/tempkey/recent-profiles.json'), 'utf8')).slice(0, 2)).toEqual(['b', 'a']);
    const stat = tempkey(['credential-process', '--profile', 's']);
    expect([keyOf(stat), stat.full, stat.modules.some((m) => TAIL.test(m))]).toEqual(['AKIASTATICONE0000000', false, true]);
    // An error raised in one bundle and reported by the other is still tempkey's own message and exit code.
    const missing = tempkey(['exec', 'b', '--', 'tempkey-no-such-program']);
    expect(missing.status).toBe(127);
    expect(missing.stderr).toBe('tempkey: Command not found: tempkey-no-such-program\n  fix: Check the command name and PATH.\n');
    expect(missing.full).toBe(false);
  });

  it("static keys are answered from the profile's file, and an edited key is seen at once", () => {
    writeFileSync(join(home, '.aws/config'), '[profile s]\nregion = eu-west-1\n');
    writeFileSync(join(home, '.aws/credentials'), '[s]\naws_access_key_id = AKIASTATICONE0000000\naws_secret_access_key = one\n');
    expect(keyOf(tempkey(['credential-process', '--profile', 's']))).toBe('AKIASTATICONE0000000');
    const hit = tempkey(['credential-process', '--profile', 's']);
    expect(keyOf(hit)).toBe('AKIASTATICONE0000000');
    expect(hit.full).toBe(false);
    expect(hit.sdk).toEqual([]);
    writeFileSync(join(home, '.aws/credentials'), '[s]\naws_access_key_id = AKIASTATICTWO0000000\naws_secret_access_key = two\n');
    expect(keyOf(tempkey(['credential-process', '--profile', 's']))).toBe('AKIASTATICTWO0000000');
    // The index names the file and the profile, never the secret.
    const dir = join(home, '.aws/tempkey/cache');
    for (const f of readdirSync(dir)) expect(readFileSync(join(dir, f), 'utf8')).not.toMatch(/two|one/);
  });

  it('old index files are cleaned up: the older formats, and the oldest beyond the limit', () => {
    writeFileSync(join(home, '.aws/config'), roleProfile('a', ROLE_A));
    const dir = join(home, '.aws/tempkey/cache');
    mkdirSync(dir, { recursive: true });
    const legacy = [join(dir, `hot-${'1'.repeat(40)}.json`), join(dir, `hotpath-${'2'.repeat(40)}.json`)];
    for (const f of legacy) writeFileSync(f, '{"cachePath":"/nowhere","marginSeconds":900}');
    for (let i = 0; i < 80; i++) writeFileSync(join(dir, `hotpath-${String(i).padStart(16, '0')}.json`), '{}');
    expect(keyOf(tempkey(['credential-process', '--profile', 'a']))).toBe('ASIAROLEAAAAAAAAAAAA');
    const left = readdirSync(dir).filter((f) => f.startsWith('hot'));
    for (const f of legacy) expect(existsSync(f)).toBe(false);
    expect(left.length).toBe(64);
    // The entry just written is among those kept, and answers.
    expect(tempkey(['credential-process', '--profile', 'a']).full).toBe(false);
  });

  it('an entry answers only the key it holds (its file name is a 64-bit hash of that key)', () => {
    writeFileSync(join(home, '.aws/config'), roleProfile('a', ROLE_A));
    tempkey(['credential-process', '--profile', 'a']);
    expect(tempkey(['credential-process', '--profile', 'a']).full).toBe(false);
    const dir = join(home, '.aws/tempkey/cache');
    const [name] = readdirSync(dir).filter((f) => f.startsWith('hotpath-'));
    expect(name).toMatch(/^hotpath-[0-9a-f]{16}\.json$/);
    const entry = JSON.parse(readFileSync(join(dir, name!), 'utf8'));
    expect(JSON.parse(entry.key)).toMatchObject({ request: ['a', null, null, null, null] });
    // Another key under the same name (a hash collision) is a miss, never that key's answer.
    writeFileSync(join(dir, name!), JSON.stringify({ ...entry, key: entry.key.replace('"a"', '"b"') }));
    expect(tempkey(['credential-process', '--profile', 'a']).full).toBe(true);
  });
});

describe('after a real fetch', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
  }, 120_000);
  afterAll(async () => world?.stop());

  it('the next call hits: the fingerprint is taken before the SDK loads (it sets a variable in process.env); whoami then answers from cache', async () => {
    writeFileSync(join(home, '.aws/config'), roleProfile('live', 'arn:aws:iam::123456789012:role/Live'));
    const live = { ...world.env(), AWS_MAX_ATTEMPTS: '2' };
    const cold = await tempkeyAsync(['credential-process', '--profile', 'live'], live);
    const key = keyOf(cold);
    expect(cold.sdk.length).toBeGreaterThan(0); // it did call STS
    const hot = await tempkeyAsync(['credential-process', '--profile', 'live'], live);
    expect(keyOf(hot)).toBe(key);
    expect(hot.full).toBe(false);
    expect(hot.sdk).toEqual([]);
    const who = await tempkeyAsync(['whoami', 'live', '--json'], live);
    expect(who.status).toBe(0);
    expect(JSON.parse(who.stdout)).toMatchObject({ profile: 'live', account: '123456789012', identityFromCache: false });
    const calls = world.count('GetCallerIdentity');
    const again = await tempkeyAsync(['whoami', 'live', '--json'], live);
    expect(again.full).toBe(false);
    expect(again.sdk).toEqual([]);
    expect(JSON.parse(again.stdout)).toMatchObject({ profile: 'live', account: '123456789012', arn: JSON.parse(who.stdout).arn, identityFromCache: true });
    expect(world.count('GetCallerIdentity')).toBe(calls);
  });
});
