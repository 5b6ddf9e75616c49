import { chmodSync, cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, run, tempkey } from './helpers/run.js';
import { rubyParse } from './interop/clients.js';

// The mistakes people make editing ~/.aws/config and ~/.aws/credentials by hand
// (collected from the AWS CLI's, botocore's and the peers' issue trackers; see
// src/core/doctor/hand-edits.ts). One fixture per mistake under
// test/fixtures/doctor/<case>/home. For each: doctor names it (check id, file:line)
// and says what the AWS CLI does with it; a real client shows that it is read that
// way; the printed fix is run; the check passes; the client now reads what was meant.
const FIXTURES = join(repoRoot, 'test/fixtures/doctor');
const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

type Probe = (env: NodeJS.ProcessEnv, home: string) => Promise<unknown>;

/** botocore (the AWS CLI's own code): a key of a profile as it reads it, or the error it raises. */
const botocore =
  (profile: string, what: string): Probe =>
  async (env) =>
    JSON.parse((await run('python3', [join(repoRoot, 'test/helpers/botocore-probe.py'), profile, what], env)).stdout);
/** Ruby aws-sdk-core's INI parser (reads keys as written, '=' only). */
const ruby =
  (profile: string, key: string): Probe =>
  async (_env, home) =>
    (await rubyParse(join(home, '.aws/config')))[profile]?.[key];

interface Case {
  fixture: string;
  id: string;
  /** The check that reports it, when another check than the fix id does (the BOM: files.encoding.*). */
  reportedAs?: string;
  status: 'fail' | 'warn';
  file: 'config' | 'credentials';
  line: number;
  says: RegExp;
  probe: Probe;
  before: unknown;
  after: unknown;
}

const CASES: Case[] = [
  { fixture: 'config-header-without-profile', id: 'handedit.config-header', status: 'fail', file: 'config', line: 5, says: /\[dev\] has no 'profile ' prefix.*could not be found/, probe: botocore('dev', 'key:region'), before: { value: null }, after: { value: 'eu-west-1' } },
  { fixture: 'credentials-header-with-profile', id: 'handedit.credentials-header', status: 'fail', file: 'credentials', line: 1, says: /literally named 'profile base'/, probe: botocore('base', 'key:aws_access_key_id'), before: { value: null }, after: { value: 'AKIAIOSFODNN7EXAMPLE' } },
  { fixture: 'key-upper-case', id: 'handedit.key-case', status: 'warn', file: 'config', line: 2, says: /AWS CLI lower-cases keys.*JS SDK v3/, probe: ruby('dev', 'region'), before: undefined, after: 'eu-west-1' },
  { fixture: 'key-typo', id: 'handedit.key-typo', status: 'fail', file: 'config', line: 6, says: /'source-profile' is not a setting.*source_profile is not set/, probe: botocore('dev', 'key:source_profile'), before: { value: null }, after: { value: 'base' } },
  { fixture: 'colon-delimiter', id: 'handedit.colon', status: 'warn', file: 'config', line: 2, says: /uses ':' for '='/, probe: ruby('dev', 'region'), before: undefined, after: 'eu-west-1' },
  { fixture: 'quoted-region', id: 'handedit.quoted-value', status: 'fail', file: 'config', line: 2, says: /keeps the quotes.*Invalid endpoint/, probe: botocore('dev', 'key:region'), before: { value: '"eu-west-1"' }, after: { value: 'eu-west-1' } },
  { fixture: 'inline-comment', id: 'handedit.inline-comment', status: 'fail', file: 'config', line: 2, says: /no inline comments/, probe: botocore('dev', 'key:region'), before: { value: 'eu-west-1 # Ireland, for prod' }, after: { value: 'eu-west-1' } },
  { fixture: 'indented-key', id: 'handedit.indented-line', status: 'fail', file: 'config', line: 3, says: /continuation of 'region' \(line 2\).*output is not set/, probe: botocore('dev', 'key:output'), before: { value: null }, after: { value: 'json' } },
  { fixture: 'tab-before-key', id: 'handedit.indented-line', status: 'fail', file: 'config', line: 3, says: /continuation of 'region' \(line 2\).*output is not set/, probe: botocore('dev', 'key:output'), before: { value: null }, after: { value: 'json' } },
  { fixture: 'start-url-without-https', id: 'handedit.start-url', status: 'fail', file: 'config', line: 2, says: /https:\/\/ URL/, probe: botocore('dev', 'session:acme:sso_start_url'), before: { value: 'd-1234567890.awsapps.com/start' }, after: { value: 'https://d-1234567890.awsapps.com/start' } },
  { fixture: 'start-url-with-fragment', id: 'handedit.start-url', status: 'fail', file: 'config', line: 2, says: /'#…' the browser shows/, probe: botocore('dev', 'key:sso_start_url'), before: { value: 'https://d-1234567890.awsapps.com/start#/' }, after: { value: 'https://d-1234567890.awsapps.com/start' } },
  { fixture: 'sso-session-and-legacy-keys', id: 'handedit.sso-keys-disagree', status: 'fail', file: 'config', line: 7, says: /botocore refuses the profile/, probe: botocore('dev', 'credentials'), before: { error: 'InvalidConfigError' }, after: { value: 'sso' } },
  { fixture: 'keys-shadow-credential-process', id: 'handedit.keys-beside-process', status: 'fail', file: 'credentials', line: 2, says: /credential_process never runs/, probe: botocore('dev', 'credentials'), before: { value: 'shared-credentials-file' }, after: { value: 'custom-process' } },
  { fixture: 'keys-in-config-beside-process', id: 'handedit.keys-beside-process', status: 'warn', file: 'config', line: 3, says: /runs credential_process and never uses these keys.*plaintext/, probe: botocore('dev', 'key:aws_access_key_id'), before: { value: 'AKIAIOSFODNN7EXAMPLE' }, after: { value: null } },
  { fixture: 'duplicate-key', id: 'handedit.duplicate-key', status: 'fail', file: 'config', line: 4, says: /DuplicateOptionError.*refuses the whole file/, probe: botocore('dev', 'key:region'), before: { error: 'ConfigParseError' }, after: { value: 'eu-west-1' } },
  { fixture: 'config-with-bom', id: 'handedit.bom', reportedAs: 'files.encoding.config', status: 'fail', file: 'config', line: 1, says: /byte order mark.*AWS CLI.*cannot parse/, probe: botocore('dev', 'key:region'), before: { error: 'ConfigParseError' }, after: { value: 'eu-west-1' } },
];

function setUp(fixture: string): { home: string; env: NodeJS.ProcessEnv } {
  const dir = mkdtempSync(join(tmpdir(), `tempkey-handedit-${fixture}-`));
  temps.push(dir);
  cpSync(join(FIXTURES, fixture), dir, { recursive: true });
  const home = join(dir, 'home');
  for (const f of readdirSync(join(home, '.aws'))) {
    const p = join(home, '.aws', f);
    writeFileSync(p, readFileSync(p, 'utf8').replaceAll('@@HOME@@', home));
    chmodSync(p, 0o600);
  }
  // No ambient AWS settings: the files alone decide (AWS_REGION would hide the region cases).
  return { home, env: { PATH: process.env.PATH, HOME: home, AWS_EC2_METADATA_DISABLED: 'true' } };
}

interface Found {
  checks: { id: string; status: string; found?: string; location?: { file?: string; line?: number }; fix?: string }[];
}

async function doctor(env: NodeJS.ProcessEnv, home: string, args: string[] = []): Promise<Found & { status: number | null }> {
  const r = await tempkey(['doctor', 'dev', '--offline', '--json', ...args], env, { cwd: home });
  expect(r.stdout, r.stderr).toMatch(/^\{/);
  return { ...(JSON.parse(r.stdout) as Found), status: r.status };
}

describe('tempkey doctor: hand-edit mistakes, named with file:line, fixed by the printed command', () => {
  it.each(CASES)('$fixture', async (c) => {
    const { home, env } = setUp(c.fixture);
    const path = join(home, '.aws', c.file);
    const f = await doctor(env, home);
    const hits = f.checks.filter((x) => x.id === (c.reportedAs ?? c.id) && x.status === c.status);
    expect(hits, JSON.stringify(f.checks, null, 1)).toHaveLength(1);
    const hit = hits[0]!;
    expect(hit.location).toMatchObject({ file: path, line: c.line });
    expect(hit.found).toMatch(c.says);
    expect(hit.found).toContain(`${path}`);
    if (c.status === 'fail') expect(f.status).toBe(1);
    // A real client reads the mistake the way doctor says.
    expect(await c.probe(env, home)).toEqual(c.before);

    const mode = statSync(path).mode & 0o777;
    const fix = hit.fix!.split('   (')[0]!;
    expect(fix).toBe(`tempkey doctor --fix ${c.id}`);
    const ran = await run('sh', ['-c', fix.replace(/^tempkey /, `${process.execPath} ${join(repoRoot, 'bin/tempkey.js')} `) + ' dev --offline'], env, { cwd: home });
    expect(ran.stdout + ran.stderr).toContain(`Applied --fix ${c.id}`);

    const again = await doctor(env, home);
    expect(again.checks.filter((x) => (x.id.startsWith('handedit.') || x.id === c.reportedAs) && x.status !== 'ok'), JSON.stringify(again.checks, null, 1)).toEqual([]);
    expect(again.checks.find((x) => x.id === 'handedit')?.status).toBe('ok');
    expect(statSync(path).mode & 0o777).toBe(mode);
    expect(await c.probe(env, home)).toEqual(c.after);
  });

  it("the profile and source_profile checks name the misnamed section instead of 'no such profile'", async () => {
    const dev = setUp('config-header-without-profile');
    const exists = (await doctor(dev.env, dev.home)).checks.find((x) => x.id === 'profile.exists')!;
    expect(exists).toMatchObject({ status: 'fail', location: { file: join(dev.home, '.aws/config'), line: 5 } });
    expect(exists.fix).toMatch(/^tempkey doctor --fix handedit.config-header/);
    const base = setUp('credentials-header-with-profile');
    const resolves = (await doctor(base.env, base.home)).checks.find((x) => x.id === 'profile.resolves')!;
    expect(resolves.status).toBe('fail');
    expect(resolves.found).toContain("literally named 'profile base'");
    expect(resolves.found).not.toContain('Did you mean: profile base');
    expect(resolves.fix).toMatch(/^tempkey doctor --fix handedit.credentials-header/);
    await run(process.execPath, [join(repoRoot, 'bin/tempkey.js'), 'doctor', '--fix', 'handedit.credentials-header', '--offline'], base.env, { cwd: base.home });
    expect((await doctor(base.env, base.home)).checks.find((x) => x.id === 'profile.resolves')?.status).toBe('ok');
  });

  it('a fix touches only its lines: comments, order and other sections stay byte for byte', async () => {
    const { home, env } = setUp('config-header-without-profile');
    const cfg = join(home, '.aws/config');
    const before = readFileSync(cfg, 'utf8');
    await run(process.execPath, [join(repoRoot, 'bin/tempkey.js'), 'doctor', '--fix', 'handedit.config-header', '--offline'], env, { cwd: home });
    expect(readFileSync(cfg, 'utf8')).toBe(before.replace('[dev]\n', '[profile dev]\n'));
  });

  it('an unknown --fix id is refused with the list of ids, and nothing is written', async () => {
    const { home, env } = setUp('quoted-region');
    const cfg = join(home, '.aws/config');
    const before = readFileSync(cfg, 'utf8');
    const r = await tempkey(['doctor', '--fix', 'handedit.nope', '--offline'], env, { cwd: home });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('handedit.quoted-value');
    expect(readFileSync(cfg, 'utf8')).toBe(before);
  });
});
