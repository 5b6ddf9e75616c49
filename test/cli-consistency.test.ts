import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assumeRoleCacheKey } from '../src/files/cache-keys.js';
import { closestNames } from '../src/lib/suggest.js';
import { ENV_FORMATS } from '../src/core/credentials/export-env.js';
import { ENV_OPTIONS } from '../src/cli/env.js';
import { tempkey as run } from './helpers/run.js';

// One consistent CLI, through the built binary: a profile as PROFILE or
// --profile everywhere, the right origin in errors, --json honoured or refused
// (errors under --json are JSON), values checked by kind, extra arguments
// refused, one suggestion function for commands, flags, profiles and sessions.
let home: string;
let env: NodeJS.ProcessEnv;
const roleArn = 'arn:aws:iam::123456789012:role/Dev';
const CONFIG = `[default]
region = us-east-1

[profile shared-devops]
role_arn = ${roleArn}
source_profile = base
region = us-east-1
duration_seconds = 2h

[profile acme-shared-devops]
sso_session = org
sso_account_id = 111111111111
sso_role_name = Admin
region = us-east-1

[sso-session org]
sso_start_url = https://d-1234567890.awsapps.com/start
sso_region = us-east-1
`;

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'tempkey-cli-'));
  mkdirSync(join(home, '.aws/cli/cache'), { recursive: true });
  writeFileSync(join(home, '.aws/config'), CONFIG);
  writeFileSync(join(home, '.aws/credentials'), `[base]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n`);
  // A fresh role cache entry (keyed as the AWS CLI keys it: duration_seconds = 2h is dropped), so no network is needed.
  const exp = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, 'UTC');
  writeFileSync(
    join(home, '.aws/cli/cache', `${assumeRoleCacheKey({ RoleArn: roleArn })}.json`),
    JSON.stringify({ Credentials: { AccessKeyId: 'ASIACLICLICLICLICLI1', SecretAccessKey: 'secret', SessionToken: 'tok', Expiration: exp, AccountId: '123456789012' } }),
  );
  env = { PATH: process.env.PATH, HOME: home, AWS_ENDPOINT_URL: 'http://127.0.0.1:1', AWS_EC2_METADATA_DISABLED: 'true', TEMPKEY_NO_LOGIN: '1' };
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

const tempkey = (...args: string[]) => run(args, env);
const jsonError = (stderr: string) => (JSON.parse(stderr.trim()) as { error: { code: string; message: string; fix?: string } }).error;

describe('a profile as PROFILE or --profile, on every command that takes one', () => {
  it('doctor, config set, login, logout and credentials configure take both forms', async () => {
    for (const form of [['shared-devops'], ['--profile', 'shared-devops']]) {
      const doctor = await tempkey('doctor', ...form, '--offline', '--json');
      expect(JSON.parse(doctor.stdout).checks.some((c: { id: string; status: string }) => c.id === 'profile.resolves' && c.status === 'ok')).toBe(true);
    }
    expect((await tempkey('config', 'set', 'shared-devops', 'output', 'json')).status).toBe(0);
    expect((await tempkey('config', 'unset', '--profile', 'shared-devops', 'output')).status).toBe(0);
    // login/logout with a positional SSO profile reach the session (the emulator is not running: the failure names it).
    const login = await tempkey('login', 'shared-devops');
    expect(login.stderr).toContain("The profile 'shared-devops' does not use IAM Identity Center");
    const configure = await tempkey('credentials', 'configure', 'acme-new', '--skip-verify', '--no-mfa', '--backend', 'file', '--credentials-file', join(home, 'missing.csv'));
    expect(configure.stderr).not.toContain('--profile NAME is required');
    expect(configure.stderr).toContain('missing.csv');
  });

  it('names where an unknown profile came from', async () => {
    expect((await tempkey('whoami', 'nosuch')).stderr).toContain("Profile 'nosuch' (the PROFILE argument)");
    expect((await tempkey('whoami', '--profile', 'nosuch')).stderr).toContain("Profile 'nosuch' (from --profile)");
    expect((await tempkey('explain', 'nosuch')).stderr).toContain("(the PROFILE argument)");
  });

  it('refuses two different profiles and extra arguments', async () => {
    const two = await tempkey('whoami', 'a', '--profile', 'b');
    expect(two.status).toBe(2);
    expect(two.stderr).toContain("two profiles given, 'a' and --profile b");
    const extra = await tempkey('whoami', 'shared-devops', 'extra');
    expect(extra.status).toBe(2);
    expect(extra.stderr).toContain('unexpected argument: extra');
    expect((await tempkey('doctor', 'a', 'b', '--offline')).status).toBe(2);
    // The project commands too, before they look for a project.
    for (const args of [['project', 'status', 'extra'], ['project', 'switch', 'sso', 'extra'], ['layer', 'profiles', 'a', 'b']]) {
      const r = await tempkey(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/unexpected arguments?: /);
    }
  });
});

describe('--json: honoured or refused, and errors as JSON', () => {
  it('commands without JSON output refuse --json with a JSON error', async () => {
    for (const args of [['exec', 'shared-devops', '--json', '--', 'true'], ['serve', 'shared-devops', '--json'], ['completion', 'bash', '--json'], ['sandbox', '--json']]) {
      const r = await tempkey(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(jsonError(r.stderr)).toMatchObject({ code: 'BAD_FLAG', message: expect.stringContaining('--json is not accepted') });
    }
  });

  it('config set and configure sso print JSON', async () => {
    const set = await tempkey('config', 'set', 'shared-devops', 'output', 'text', '--json');
    expect(JSON.parse(set.stdout)).toMatchObject({ changed: true, section: 'profile shared-devops', file: join(home, '.aws/config') });
    const sso = await tempkey('configure', 'sso', '--session-name', 'other', '--start-url', 'https://d-2222222222.awsapps.com/start', '--region', 'eu-west-1', '--json');
    expect(JSON.parse(sso.stdout)).toMatchObject({ changed: true, ssoSession: 'other' });
  });

  it('an error under --json is JSON on stderr with the code and the fix', async () => {
    const r = await tempkey('whoami', 'shared-devop', '--json');
    expect(r.status).toBe(1);
    expect(jsonError(r.stderr)).toMatchObject({ code: 'UNKNOWN_PROFILE', fix: 'Use shared-devops, or run \'tempkey profiles list\' to see all profiles.' });
    const flag = await tempkey('whoami', '--porfile', 'x', '--json');
    expect(jsonError(flag.stderr)).toMatchObject({ code: 'BAD_FLAG', message: expect.stringContaining('Did you mean: --profile?') });
  });
});

describe('values are checked by kind', () => {
  it('numbers, choices and regions', async () => {
    const port = await tempkey('serve', 'shared-devops', '--port', 'abc');
    expect(port.status).toBe(2);
    expect(port.stderr).toContain("--port wants a whole number from 0 to 65535, not 'abc'");
    const age = await tempkey('audit', '--max-age-days', 'abc');
    expect(age.status).toBe(2);
    expect(age.stderr).toContain("--max-age-days wants a whole number");
    const region = await tempkey('whoami', 'shared-devops', '--region', 'eu-wst-1');
    expect(region.status).toBe(2);
    expect(region.stderr).toContain("--region 'eu-wst-1' is not an AWS region. Did you mean: eu-west-1");
    const sso = await tempkey('configure', 'sso', '--start-url', 'https://d-1234567890.awsapps.com/start', '--region', 'eu-wst-1');
    expect(sso.status).toBe(2);
    expect(readFileSync(join(home, '.aws/config'), 'utf8')).not.toContain('eu-wst-1');
    // The env formats the flag accepts are the ones the formatter has.
    expect(ENV_OPTIONS.format.choices).toEqual([...ENV_FORMATS]);
  });

  it('config set does not create a profile from a typo, and says the closest', async () => {
    const before = readFileSync(join(home, '.aws/config'), 'utf8');
    const r = await tempkey('config', 'set', '--profile', 'shared-devop', 'region', 'eu-west-1');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('There is no [profile shared-devop]');
    expect(r.stderr).toContain('Did you mean: shared-devops');
    expect(readFileSync(join(home, '.aws/config'), 'utf8')).toBe(before);
    expect((await tempkey('config', 'set', '--profile', 'brand-new', 'region', 'eu-west-1', '--create')).status).toBe(0);
    expect(readFileSync(join(home, '.aws/config'), 'utf8')).toContain('[profile brand-new]\nregion = eu-west-1\n');
  });

  it('duration_seconds = 2h is reported by whoami and exec, not dropped silently', async () => {
    const r = await tempkey('exec', 'shared-devops', '--', 'sh', '-c', 'echo $AWS_ACCESS_KEY_ID');
    expect(r.stdout.trim()).toBe('ASIACLICLICLICLICLI1');
    expect(r.stderr).toContain("warning: duration_seconds = '2h' in profile 'shared-devops'");
  });
});

describe('one suggestion function', () => {
  it('ranks by edit distance, ties by name', () => {
    expect(closestNames('shared-devop', ['acme-shared-devops', 'shared-devops', 'r'])).toEqual(['shared-devops', 'acme-shared-devops']);
    expect(closestNames('eu-wst-1', ['us-east-1', 'eu-west-1', 'eu-west-2'])[0]).toBe('eu-west-1');
  });

  it('for commands, profiles of exec/login/logout/doctor, and sso-sessions', async () => {
    expect((await tempkey('exce')).stderr).toContain('Did you mean: tempkey exec?');
    expect((await tempkey('whomai')).stderr).toContain('Did you mean: tempkey whoami?');
    expect((await tempkey('profiles', 'lsit')).stderr).toContain('Did you mean: tempkey profiles list');
    expect((await tempkey('exec', 'shared-devop', '--', 'true')).stderr).toContain('Did you mean: shared-devops, acme-shared-devops?');
    expect((await tempkey('login', 'acme-shared-devop')).stderr).toContain('Did you mean: acme-shared-devops');
    expect((await tempkey('logout', 'acme-shared-devop')).stderr).toContain('Did you mean: acme-shared-devops');
    expect((await tempkey('logout', '--sso-session', 'orgg')).stderr).toContain('Did you mean: org?');
    const doctor = await tempkey('doctor', 'shared-devop', '--offline');
    expect(doctor.stdout).toContain('did you mean: shared-devops');
  });
});

describe('configure sso on a terminal', () => {
  it('checks each answer as it is typed: a wrong one is asked again, the others are kept', async () => {
    const { repoRoot, run: runProgram } = await import('./helpers/run.js');
    const spec = {
      argv: [process.execPath, join(repoRoot, 'bin/tempkey.js'), 'configure', 'sso', '--session-name', 'typed'],
      answers: { 'SSO start URL: ': ['d-3333333333.awsapps.com/start', 'https://d-3333333333.awsapps.com/start'], 'SSO region: ': ['eu-wst-1', 'eu-west-1'] },
      timeout: 30,
    };
    const r = await runProgram('python3', [join(repoRoot, 'test/helpers/pty-run.py'), JSON.stringify(spec)], env);
    const out = JSON.parse(r.stdout) as { output: string; status: number };
    expect(out.output).toMatch(/is not an https URL\. Use the AWS access portal URL, e\.g\. https:\/\/d-3333333333\.awsapps\.com\/start\r?\n/);
    expect(out.output).toContain("'eu-wst-1' is not an AWS region. Did you mean: eu-west-1");
    expect(out.status).toBe(0);
    expect(readFileSync(join(home, '.aws/config'), 'utf8')).toContain('[sso-session typed]\nsso_start_url = https://d-3333333333.awsapps.com/start\nsso_region = eu-west-1\n');
  });
});
