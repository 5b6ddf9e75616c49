import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStsWorld, type StsWorld } from './helpers/sts-recorder.js';
import { run, tempkey as runTempkey, type RunResult } from './helpers/run.js';

/**
 * An IAM user with long-term keys in the credentials file and an MFA device,
 * and roles in three more accounts (one reached by role chaining). One TOTP
 * code opens a 12-hour session; every role after that needs no code. The AWS
 * CLI v1 on PATH shares the caches and uses tempkey through credential_process.
 */
const root = resolve(__dirname, '..');
const MFA = 'arn:aws:iam::111111111111:mfa/alice';
let world: StsWorld;
let home: string;
let env: NodeJS.ProcessEnv;

const CONFIG = (home: string) => `[profile iam]
mfa_serial = ${MFA}
region = us-east-1

[profile acct-a]
role_arn = arn:aws:iam::222222222222:role/Admin
source_profile = iam
mfa_serial = ${MFA}
region = eu-west-1

[profile acct-b]
role_arn = arn:aws:iam::333333333333:role/Deploy
source_profile = acct-a
role_session_name = deployer
region = us-east-1

[profile acct-c]
role_arn = arn:aws:iam::444444444444:role/ReadOnly
source_profile = iam
mfa_serial = ${MFA}
duration_seconds = 1800
region = us-east-1

[profile plain]
role_arn = arn:aws:iam::555555555555:role/Plain
source_profile = iam
region = us-east-1

[profile via-tempkey]
credential_process = ${process.execPath} ${join(root, 'bin/tempkey.js')} credential-process --profile acct-b
region = us-east-1
`;

function freshHome() {
  home = mkdtempSync(join(tmpdir(), 'tempkey-iam-'));
  mkdirSync(join(home, '.aws'), { recursive: true });
  writeFileSync(join(home, '.aws/config'), CONFIG(home));
  writeFileSync(join(home, '.aws/credentials'), `[iam]\naws_access_key_id = AKIAALICEALICEALICE1\naws_secret_access_key = alicesecretalicesecretalicesecret0000000\n`);
  env = {
    PATH: process.env.PATH,
    HOME: home,
    AWS_CONFIG_FILE: join(home, '.aws/config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws/credentials'),
    AWS_ENDPOINT_URL: world.url,
    AWS_PROFILE: 'should-be-removed',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

/** The AWS CLI v1, run asynchronously: the recording proxy lives in this process's event loop. */
function aws(args: string[]): Promise<RunResult> {
  return run('aws', [...args, '--output', 'json'], env, { detached: true });
}

/** Runs tempkey without a controlling terminal (detached): a prompt would fail, not hang. */
function tempkey(args: string[], extra: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return runTempkey(args, { ...env, ...extra }, { detached: true });
}

const IDENTITY = `${process.execPath} -e "const {STSClient,GetCallerIdentityCommand}=require('${join(root, 'node_modules/@aws-sdk/client-sts')}');new STSClient({}).send(new GetCallerIdentityCommand({})).then(r=>console.log(r.Arn))"`;

function cacheFiles(): string[] {
  const dirs = [join(home, '.aws/cli/cache'), join(home, '.aws/tempkey/cache')];
  return dirs.flatMap((d) => (existsSync(d) ? readdirSync(d).map((f) => join(d, f)) : []));
}

beforeAll(async () => {
  world = await startStsWorld();
});
afterAll(async () => {
  await world?.stop();
});

describe('IAM user with MFA: one code, three accounts', () => {
  it('a wrong MFA code is a clear error, and nothing is cached', async () => {
    freshHome();
    const r = await tempkey(['exec', 'acct-a', '--mfa-token', world.wrongTotp(), '--', 'true']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/MFA code for arn:aws:iam::111111111111:mfa\/alice was rejected/);
    expect(r.stderr).toMatch(/fix: /);
    expect(cacheFiles()).toEqual([]);
  });

  it('without a code and without a terminal it says how to give one', async () => {
    const r = await tempkey(['exec', 'acct-a', '--', 'true']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/--mfa-token/);
  });

  it('one TOTP code serves exec in three accounts, through a role chain', async () => {
    freshHome();
    world.clearActions();
    const code = world.totp();
    const a = await tempkey(['exec', 'acct-a', '--mfa-token', code, '--', 'sh', '-c', `echo "profile=\${AWS_PROFILE-unset} region=$AWS_REGION/$AWS_DEFAULT_REGION"; ${IDENTITY}`]);
    expect(a.stderr).toBe('');
    expect(a.status).toBe(0);
    expect(a.stdout).toContain('profile=unset region=eu-west-1/eu-west-1');
    expect(a.stdout).toMatch(/arn:aws:sts::222222222222:assumed-role\/Admin\/botocore-session-\d+/);
    // No code any more: the MFA session is cached (a prompt would fail: no terminal).
    const b = await tempkey(['exec', 'acct-b', '--', 'sh', '-c', IDENTITY]);
    expect(b.stderr).toBe('');
    expect(b.stdout).toMatch(/arn:aws:sts::333333333333:assumed-role\/Deploy\/deployer/);
    const c = await tempkey(['exec', 'acct-c', '--', 'sh', '-c', IDENTITY]);
    expect(c.stdout).toMatch(/arn:aws:sts::444444444444:assumed-role\/ReadOnly\//);
    const sts = world.actions().filter((x) => x !== 'GetCallerIdentity');
    expect(sts).toEqual(['GetSessionToken', 'AssumeRole', 'AssumeRole', 'AssumeRole']);
    for (const f of cacheFiles()) expect(spawnSync('stat', ['-c', '%a', f], { encoding: 'utf8' }).stdout.trim()).toBe('600');
  });

  it('exec passes the exit status and the expiration through', async () => {
    const r = await tempkey(['exec', 'acct-a', '--', 'sh', '-c', 'test -n "$AWS_CREDENTIAL_EXPIRATION" && test -n "$AWS_SESSION_TOKEN" && exit 7']);
    expect(r.status).toBe(7);
  });

  it('whoami and env agree with what exec saw', async () => {
    const w = await tempkey(['whoami', 'acct-b', '--json']);
    expect(w.status).toBe(0);
    expect(JSON.parse(w.stdout)).toMatchObject({ profile: 'acct-b', account: '333333333333', fromCache: true });
    const e = await tempkey(['env', 'acct-b', '--format', 'json']);
    expect(JSON.parse(e.stdout).AWS_ACCESS_KEY_ID).toMatch(/^ASIA|^AKIA/);
  });

  it('the AWS CLI v1 gets the same identity through credential_process, and reuses our role cache', async () => {
    world.clearActions();
    const viaProcess = await aws(['sts', 'get-caller-identity', '--profile', 'via-tempkey']);
    expect(viaProcess.stderr).toBe('');
    expect(JSON.parse(viaProcess.stdout).Arn).toMatch(/arn:aws:sts::333333333333:assumed-role\/Deploy\/deployer/);
    // acct-c's AssumeRole result is in ~/.aws/cli/cache under the AWS CLI's own key: it needs no MFA prompt.
    const direct = await aws(['sts', 'get-caller-identity', '--profile', 'acct-c']);
    expect(direct.stderr).toBe('');
    expect(JSON.parse(direct.stdout).Arn).toMatch(/arn:aws:sts::444444444444:assumed-role\/ReadOnly\//);
    expect(world.actions()).toEqual(['GetCallerIdentity', 'GetCallerIdentity']);
  });

  it('and tempkey reuses what the AWS CLI v1 cached', async () => {
    world.clearActions();
    const cli = await aws(['sts', 'get-caller-identity', '--profile', 'plain']);
    expect(cli.stderr).toBe('');
    expect(JSON.parse(cli.stdout).Arn).toMatch(/555555555555:assumed-role\/Plain/);
    expect(world.actions()).toEqual(['AssumeRole', 'GetCallerIdentity']);
    world.clearActions();
    const r = await tempkey(['credential-process', '--profile', 'plain']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ Version: 1, AccountId: '555555555555' });
    expect(world.actions()).toEqual([]);
  });
});

describe('the MFA prompt on the terminal', () => {
  /** Runs tempkey on a pseudo-terminal, answering `answers` (prompt → reply). */
  function onTerminal(args: string[], answers: Record<string, string>) {
    return new Promise<{ output: string; answered: string[]; status: number }>((res) => {
      const spec = JSON.stringify({ argv: [process.execPath, join(root, 'bin/tempkey.js'), ...args], answers, timeout: 30 });
      const child = spawn('python3', [join(root, 'test/helpers/pty-run.py'), spec], { env, stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.on('close', () => res(JSON.parse(out)));
    });
  }

  it('asks once, like the AWS CLI; the next account asks nothing', async () => {
    freshHome();
    world.clearActions();
    // A code this world has not seen yet: the ones above may still be current (each is accepted once).
    await world.stop();
    world = await startStsWorld();
    env.AWS_ENDPOINT_URL = world.url;
    const prompt = `Enter MFA code for ${MFA}: `;
    const a = await onTerminal(['exec', 'acct-a', '--', 'sh', '-c', 'echo "got $AWS_ACCESS_KEY_ID"'], { [prompt]: world.totp() });
    expect(a.answered).toEqual([prompt]);
    expect(a.status).toBe(0);
    expect(a.output).toMatch(/got (ASIA|AKIA)/);
    const c = await onTerminal(['exec', 'acct-c', '--', 'sh', '-c', 'echo "got $AWS_ACCESS_KEY_ID"'], { [prompt]: world.totp() });
    expect(c.answered).toEqual([]);
    expect(c.status).toBe(0);
    expect(world.actions()).toEqual(['GetSessionToken', 'AssumeRole', 'AssumeRole']);
  });
});

describe('50 callers at once on a cold cache', () => {
  // A world of its own: a TOTP code is accepted once, and the one above may still be current.
  beforeAll(async () => {
    await world.stop();
    world = await startStsWorld();
  });

  it('make one GetSessionToken and one AssumeRole per step, and all get valid credentials', async () => {
    freshHome();
    world.clearActions();
    const code = world.totp();
    const outs = await Promise.all(Array.from({ length: 50 }, () => tempkey(['credential-process', '--profile', 'acct-b', '--mfa-token', code])));
    for (const o of outs) {
      expect(o.stderr).toBe('');
      expect(JSON.parse(o.stdout)).toMatchObject({ Version: 1, AccountId: '333333333333' });
    }
    expect(new Set(outs.map((o) => JSON.parse(o.stdout).AccessKeyId)).size).toBe(1);
    const counts = world.actions().reduce<Record<string, number>>((m, a) => ((m[a] = (m[a] ?? 0) + 1), m), {});
    expect(counts).toEqual({ GetSessionToken: 1, AssumeRole: 2 });
  }, 120_000);
});
