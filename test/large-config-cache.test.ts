import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, run, tempkey } from './helpers/run.js';
import { tempHomes, writeAwsFiles } from './helpers/temp-home.js';

/**
 * `profiles list` prints from its last run, and `explain`
 * takes the plan it resolved, while the files and tempkey itself are unchanged
 * (core/ui/listing-cache); both read the files again the moment either
 * changes. A usual config is kept the same way.
 */
const newHome = tempHomes();

function bigConfig(n: number): string {
  const out: string[] = ['[sso-session corp]', 'sso_start_url = https://d-1234567890.awsapps.com/start', 'sso_region = us-east-1', ''];
  for (let i = 0; i < n; i++) {
    if (i % 3 === 0) out.push(`[profile sso-${i}]`, 'sso_session = corp', `sso_account_id = ${100000000000 + i}`, 'sso_role_name = Admin', `region = eu-west-${1 + (i % 3)}`, '');
    else if (i % 3 === 1) out.push(`[profile role-${i}]`, `role_arn = arn:aws:iam::${200000000000 + i}:role/Dev`, `source_profile = sso-${i - 1}`, '');
    else out.push(`[profile proc-${i}]`, 'credential_process = /bin/true', '');
  }
  return out.join('\n');
}

const entries = (home: string, prefix = 'listing-') => readdirSync(join(home, '.aws', 'tempkey', 'cache')).filter((f) => f.startsWith(prefix));

/** Until the files (and the freshly built bundle) are older than the cache's "just changed" window. */
async function settle(...files: string[]): Promise<void> {
  const newest = Math.max(...files.map((f) => Math.max(statSync(f).mtimeMs, statSync(f).ctimeMs)));
  const wait = newest + 2100 - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
}

describe('profiles list of a large config', () => {
  it('prints from its last run while nothing changed, and from the files once the config changes', async () => {
    const home = newHome('tempkey-listing-cache-');
    const aws = writeAwsFiles(home, { config: bigConfig(1500), credentials: '[static]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = x\n' });
    const env = { PATH: process.env.PATH, HOME: home };
    await settle(join(aws, 'config'), join(aws, 'credentials'), join(repoRoot, 'dist', 'cmd', 'profiles.list.cjs'));

    const first = await tempkey(['profiles', 'list'], env);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('role-1 ');
    expect(entries(home)).toHaveLength(1);
    const again = await tempkey(['profiles', 'list'], env);
    expect(again.stdout).toBe(first.stdout);

    // Each form of the listing is an entry of its own, and prints what it printed without one.
    for (const flags of [['--json'], ['--names']]) {
      const made = await tempkey(['profiles', 'list', ...flags], env);
      const read = await tempkey(['profiles', 'list', ...flags], env);
      expect(read.stdout).toBe(made.stdout);
    }
    expect(entries(home)).toHaveLength(3);
    expect(JSON.parse((await tempkey(['profiles', 'list', '--json'], env)).stdout)).toHaveLength(1501);

    // The entry is what a hit prints (so the runs above did read it).
    const entry = join(home, '.aws', 'tempkey', 'cache', entries(home).find((f) => readFileSync(join(home, '.aws', 'tempkey', 'cache', f), 'utf8').includes('DEFINED AT'))!);
    const text = readFileSync(entry, 'utf8');
    writeFileSync(entry, text.replace('role-1 ', 'ROLE-1 '));
    expect((await tempkey(['profiles', 'list'], env)).stdout).toContain('ROLE-1 ');
    writeFileSync(entry, text);

    // The same size, one letter changed: the files are read again.
    const config = join(aws, 'config');
    writeFileSync(config, readFileSync(config, 'utf8').replace('region = eu-west-1', 'region = eu-west-9'));
    const edited = await tempkey(['profiles', 'list'], env);
    expect(edited.stdout).toContain('eu-west-9');
    expect(edited.stdout).toBe(first.stdout.replace('eu-west-1', 'eu-west-9'));
    // Just changed: not kept yet (its next change could keep size and times within the clock's step).
    expect(readFileSync(entry, 'utf8')).toBe(text);
    await settle(config);
    await tempkey(['profiles', 'list'], env);
    expect(readFileSync(entry, 'utf8')).toContain('eu-west-9');
  });

  it('the cached path (dist/fast.cjs) prints a kept listing without loading the command; inside a project the command answers', async () => {
    const home = newHome('tempkey-listing-fast-');
    const aws = writeAwsFiles(home, { config: bigConfig(1500) });
    const project = join(home, 'acme');
    mkdirSync(join(aws, 'acme'), { recursive: true });
    mkdirSync(project);
    writeFileSync(join(project, 'build.env'), 'PROJECT=acme\n');
    writeFileSync(join(aws, 'acme', 'config'), bigConfig(1200));
    const env = { PATH: process.env.PATH, HOME: home };
    await settle(join(aws, 'config'), join(aws, 'acme', 'config'), join(repoRoot, 'dist', 'cmd', 'profiles.list.cjs'));
    const traced = async (cwd: string) => {
      const trace = join(home, 'trace.txt');
      const r = await run(process.execPath, ['--import', join(repoRoot, 'test/helpers/trace-imports.mjs'), join(repoRoot, 'bin/tempkey.js'), 'profiles', 'list'], { ...env, TRACE_IMPORTS_FILE: trace }, { cwd });
      const modules = existsSync(trace) ? readFileSync(trace, 'utf8') : '';
      rmSync(trace, { force: true });
      return { ...r, fast: modules.includes('dist/fast.cjs'), command: /cmd\/profiles\.list\.cjs/.test(modules) };
    };
    const made = await traced(home);
    expect([made.status, made.command]).toEqual([0, true]);
    const kept = await traced(home);
    expect([kept.status, kept.fast, kept.command, kept.stdout]).toEqual([0, true, false, made.stdout]);
    // A project's directory: the command finds the project (~/.aws/acme/) and answers, from its own entry.
    for (let i = 0; i < 2; i++) {
      const inProject = await traced(project);
      expect([inProject.status, inProject.command]).toEqual([0, true]);
      expect(inProject.stdout).toContain(join(aws, 'acme', 'config'));
      expect(inProject.stdout).not.toBe(made.stdout);
    }
  });

  it('explain takes the plan it resolved before, with cache states read now', async () => {
    const home = newHome('tempkey-plan-cache-');
    const aws = writeAwsFiles(home, { config: bigConfig(1500) });
    const env = { PATH: process.env.PATH, HOME: home };
    await settle(join(aws, 'config'), join(repoRoot, 'dist', 'cmd', 'explain.cjs'));

    const first = await tempkey(['explain', 'role-4'], env);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('AssumeRole');
    expect(entries(home, 'plan-')).toHaveLength(1);
    expect((await tempkey(['explain', 'role-4'], env)).stdout).toBe(first.stdout);
    const json = await tempkey(['explain', 'role-4', '--json'], env);
    expect((await tempkey(['explain', '--profile', 'role-4', '--json'], env)).stdout).toBe(json.stdout);
    expect(entries(home, 'plan-')).toHaveLength(1); // one plan for one profile, whichever way it is printed
    // Another profile, another region: plans of their own.
    expect((await tempkey(['explain', 'sso-3'], env)).stdout).toContain('sso-3');
    expect((await tempkey(['explain', 'role-4', '--region', 'eu-central-1'], env)).stdout).toContain('eu-central-1 (from --region)');
    expect(entries(home, 'plan-')).toHaveLength(3);

    // The entry is what a hit uses.
    const cache = join(home, '.aws', 'tempkey', 'cache');
    const entry = join(cache, entries(home, 'plan-').find((f) => readFileSync(join(cache, f), 'utf8').includes('"profile":"role-4"') && !readFileSync(join(cache, f), 'utf8').includes('eu-central-1'))!);
    const kept = readFileSync(entry, 'utf8');
    writeFileSync(entry, kept.replaceAll('role/Dev', 'role/Kept'));
    expect((await tempkey(['explain', 'role-4'], env)).stdout).toContain('role/Kept');
    // A change to the config: resolved from the files again.
    const config = join(aws, 'config');
    writeFileSync(config, readFileSync(config, 'utf8').replace(':role/Dev\nsource_profile = sso-3', ':role/Ops\nsource_profile = sso-3'));
    const edited = await tempkey(['explain', 'role-4'], env);
    expect(edited.stdout).toContain('role/Ops');
    expect(edited.stdout).not.toMatch(/role\/(Dev|Kept)\b/);
  });

  it('a usual config is kept too: a listing and a plan, printed as the files say', async () => {
    const home = newHome('tempkey-listing-small-');
    const aws = writeAwsFiles(home, { config: bigConfig(20) });
    const env = { PATH: process.env.PATH, HOME: home };
    await settle(join(aws, 'config'), join(repoRoot, 'dist', 'cmd', 'profiles.list.cjs'), join(repoRoot, 'dist', 'cmd', 'explain.cjs'));
    const list = await tempkey(['profiles', 'list'], env);
    expect((await tempkey(['profiles', 'list'], env)).stdout).toBe(list.stdout);
    expect(list.stdout).toContain('proc-2 ');
    const plan = await tempkey(['explain', 'role-1'], env);
    expect((await tempkey(['explain', 'role-1'], env)).stdout).toBe(plan.stdout);
    expect(plan.stdout).toContain('role-1');
    expect(entries(home)).toHaveLength(1);
    expect(entries(home, 'plan-')).toHaveLength(1);
  });
});
