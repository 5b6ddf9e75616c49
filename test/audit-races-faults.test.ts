import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStsWorld, type StsWorld } from './helpers/sts-recorder.js';
import { repoRoot, tempkey as runTempkey, type RunResult } from './helpers/run.js';
import { tempHomes } from './helpers/temp-home.js';
import { commandLine } from '../src/lib/command-line.js';

/**
 * What the audit of #17 did by hand, kept in the suite: cold-cache races of
 * many processes (one upstream call, one prompt, one browser tab), one wrong
 * MFA code for many callers (one prompt, one 403, the same clear error for
 * all), Identity Center OIDC failures as typed errors with a fix, and a fault
 * on every API call tempkey makes (a typed error naming the call, nothing
 * half-written, and success once the fault is gone).
 */
// Each home has its own MFA device (the emulator accepts a code once per device).
let devices = 0;
const BROWSER = `${process.execPath} ${join(repoRoot, 'test/helpers/browser-approve.mjs')}`;
let world: StsWorld;
const tempHome = tempHomes();
const figures: string[] = [];

interface Home {
  home: string;
  mfa: string;
  env: NodeJS.ProcessEnv;
  /** Lines appended by the mfa_process script: one per prompt for a code. */
  prompts: () => number;
  setCode: (code: string) => void;
  browserRuns: () => number;
  tokenFile: string;
}

function newHome(): Home {
  const home = tempHome('tempkey-audit-');
  const MFA = `arn:aws:iam::111111111111:mfa/alice-${++devices}`;
  const devstg = world.world.directory.accounts.find((a) => a.name === 'apps-devstg')!;
  const codeFile = join(home, 'code');
  const promptLog = join(home, 'prompts.log');
  const browserLog = join(home, 'browser.log');
  // Stands for the person at the prompt: each run is one "Enter MFA code" answered from a file.
  writeFileSync(join(home, 'mfa.cjs'), `const fs=require('fs');fs.appendFileSync(${JSON.stringify(promptLog)},process.pid+'\\n');process.stdout.write(fs.readFileSync(${JSON.stringify(codeFile)},'utf8'));`);
  mkdirSync(join(home, '.aws'), { recursive: true });
  writeFileSync(
    join(home, '.aws/config'),
    `[profile iam]\nmfa_serial = ${MFA}\nmfa_process = ${commandLine([process.execPath, join(home, 'mfa.cjs')])}\nregion = us-east-1\n\n` +
      `[profile keys]\nregion = us-east-1\n\n[profile role]\nrole_arn = arn:aws:iam::222222222222:role/Admin\nsource_profile = keys\nregion = us-east-1\n\n` +
      `[sso-session acme]\nsso_start_url = ${world.world.startUrl}\nsso_region = us-east-1\n\n` +
      `[profile devstg]\nsso_session = acme\nsso_account_id = ${devstg.id}\nsso_role_name = DevOps\nregion = us-east-1\n`,
  );
  writeFileSync(
    join(home, '.aws/credentials'),
    `[iam]\naws_access_key_id = AKIAALICEALICEALICE1\naws_secret_access_key = alicesecretalicesecretalicesecret0000000\n\n[keys]\naws_access_key_id = AKIAKEYSKEYSKEYSKEY1\naws_secret_access_key = keyssecretkeyssecretkeyssecret0000000000\n`,
  );
  const count = (f: string, prefix = '') => (existsSync(f) ? readFileSync(f, 'utf8').split('\n').filter((l) => l && l.startsWith(prefix)).length : 0);
  return {
    home,
    mfa: MFA,
    env: { PATH: process.env.PATH, HOME: home, ...world.world.env(), TEMPKEY_BROWSER: BROWSER, BROWSER_LOG: browserLog, TEMPKEY_NO_PROGRESS: '1' },
    prompts: () => count(promptLog),
    setCode: (c) => writeFileSync(codeFile, c),
    browserRuns: () => count(browserLog, 'http'),
    tokenFile: join(home, '.aws/sso/cache', `${createHash('sha1').update('acme').digest('hex')}.json`),
  };
}

/** Detached, so no process has a terminal to prompt on: a prompt would fail, not hang. */
function tempkey(h: Home, args: string[], extra: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return runTempkey(args, { ...h.env, ...extra }, { detached: true, timeoutMs: 120_000 });
}

const ops = (name: string) => world.world.count(name);
const many = (n: number, h: Home, args: string[], extra?: NodeJS.ProcessEnv) => Promise.all(Array.from({ length: n }, () => tempkey(h, args, extra)));
/** A fresh home whose MFA prompt answers `code`, and `n` callers of credential-process on its cold cache at once. */
async function mfaCallers(n: number, code: string): Promise<{ h: Home; outs: RunResult[] }> {
  const h = newHome();
  h.setCode(code);
  world.world.clearLog();
  return { h, outs: await many(n, h, ['credential-process', '--profile', 'iam']) };
}

function cacheFiles(h: Home): string[] {
  const dirs = [join(h.home, '.aws/cli/cache'), join(h.home, '.aws/tempkey/cache')];
  return dirs.flatMap((d) => (existsSync(d) ? readdirSync(d).filter((f) => !f.startsWith('hot')).map((f) => join(d, f)) : []));
}

beforeAll(async () => {
  world = await startStsWorld();
}, 60_000);
afterAll(async () => {
  await world?.stop();
  // The figures the issue asks for, printed with the test run.
  process.stdout.write(`\n#17 audit figures:\n${figures.map((f) => `  ${f}`).join('\n')}\n`);
});

describe('a wrong MFA code with twenty callers', () => {
  it('one prompt, one GetSessionToken 403, and every caller ends with the same clear error', async () => {
    const { h, outs } = await mfaCallers(20, world.wrongTotp());
    for (const o of outs) {
      expect(o.status).toBe(1);
      expect(o.stdout).toBe('');
      expect(o.stderr).toContain(`The MFA code for ${h.mfa} was rejected`);
      expect(o.stderr).toMatch(/fix: Wait for the next code/);
    }
    expect(h.prompts()).toBe(1);
    expect(ops('GetSessionToken')).toBe(1);
    expect(cacheFiles(h)).toEqual([]);
    // The failure ends the wait of those who were queued, not the next attempt: a new run prompts again.
    h.setCode(world.totp());
    const again = await tempkey(h, ['credential-process', '--profile', 'iam']);
    expect(again.stderr).toBe('');
    expect(JSON.parse(again.stdout).Version).toBe(1);
    expect(h.prompts()).toBe(2);
    figures.push(`wrong MFA code, 20 callers: ${h.prompts() - 1} prompt, ${outs.length} same error, GetSessionToken calls ${1}`);
  }, 120_000);
});

describe('50-way races on a cold cache', () => {
  it('MFA: one prompt and one GetSessionToken; all 50 get the same credentials', async () => {
    const { h, outs } = await mfaCallers(50, world.totp());
    for (const o of outs) expect(o.stderr).toBe('');
    expect(new Set(outs.map((o) => JSON.parse(o.stdout).AccessKeyId)).size).toBe(1);
    expect(h.prompts()).toBe(1);
    expect(ops('GetSessionToken')).toBe(1);
    figures.push(`MFA race: 50 tried, 50 got credentials, ${h.prompts()} prompt, ${ops('GetSessionToken')} GetSessionToken`);
  }, 120_000);

  it('no login needed (static keys → role): one AssumeRole', async () => {
    const h = newHome();
    world.world.clearLog();
    const outs = await many(50, h, ['credential-process', '--profile', 'role']);
    for (const o of outs) expect(o.stderr).toBe('');
    expect(new Set(outs.map((o) => JSON.parse(o.stdout).AccessKeyId)).size).toBe(1);
    expect(ops('AssumeRole')).toBe(1);
    figures.push(`no-login race: 50 tried, 50 got credentials, ${ops('AssumeRole')} AssumeRole`);
  }, 120_000);

  it('SSO: one browser tab, one CreateToken, one GetRoleCredentials', async () => {
    const h = newHome();
    world.world.clearLog();
    const outs = await many(50, h, ['credential-process', '--profile', 'devstg']);
    for (const o of outs) expect(o.status).toBe(0);
    expect(new Set(outs.map((o) => JSON.parse(o.stdout).AccessKeyId)).size).toBe(1);
    expect(h.browserRuns()).toBe(1);
    expect(ops('CreateToken')).toBe(1);
    expect(ops('GetRoleCredentials')).toBe(1);
    figures.push(`SSO race: 50 tried, 50 got credentials, ${h.browserRuns()} browser tab, ${ops('CreateToken')} CreateToken, ${ops('GetRoleCredentials')} GetRoleCredentials`);
  }, 120_000);
});

describe('Identity Center OIDC failures are typed errors with a fix', () => {
  let h: Home;
  const setTokenExpiry = (ms: number) => {
    const t = JSON.parse(readFileSync(h.tokenFile, 'utf8'));
    t.expiresAt = new Date(Date.now() + ms).toISOString().replace(/\.\d+Z$/, 'Z');
    writeFileSync(h.tokenFile, JSON.stringify(t));
    rmSync(join(h.home, '.aws/cli/cache'), { recursive: true, force: true });
  };

  beforeAll(async () => {
    h = newHome();
    const login = await tempkey(h, ['login', '--sso-session', 'acme']);
    expect(login.status).toBe(0);
  }, 60_000);

  it('CreateToken 500 after retries, in the silent refresh of credential-process: the fix, not "unexpected error"', async () => {
    setTokenExpiry(-60_000);
    await world.world.setFault({ operation: 'CreateToken', status: 500, code: 'InternalServerException' });
    try {
      const o = await tempkey(h, ['credential-process', '--profile', 'devstg'], { TEMPKEY_BROWSER: undefined, TEMPKEY_NO_LOGIN: '1' });
      expect(o.status).toBe(1);
      expect(o.stderr).toMatch(/IAM Identity Center \(OIDC at http:\/\/127\.0\.0\.1:\d+\) failed CreateToken for sso-session 'acme' with HTTP 500/);
      expect(o.stderr).toMatch(/fix: Wait a minute and run the command again/);
      expect(o.stderr).not.toMatch(/unexpected error/);
    } finally {
      await world.world.clearFaults();
    }
  });

  it('a refresh that fails while the token still has minutes left uses the token (like botocore)', async () => {
    setTokenExpiry(5 * 60_000);
    await world.world.setFault({ operation: 'CreateToken', status: 500, code: 'InternalServerException' });
    try {
      const o = await tempkey(h, ['credential-process', '--profile', 'devstg'], { TEMPKEY_NO_LOGIN: '1' });
      expect(o.stderr).toBe('');
      expect(JSON.parse(o.stdout).Version).toBe(1);
    } finally {
      await world.world.clearFaults();
    }
  });

  it('a dropped connection and AccessDeniedException on CreateToken name what happened', async () => {
    setTokenExpiry(-60_000);
    await world.world.setFault({ operation: 'CreateToken', drop: true });
    const dropped = await tempkey(h, ['credential-process', '--profile', 'devstg'], { TEMPKEY_NO_LOGIN: '1' });
    await world.world.setFault({ operation: 'CreateToken', status: 400, code: 'AccessDeniedException' });
    const denied = await tempkey(h, ['credential-process', '--profile', 'devstg'], { TEMPKEY_NO_LOGIN: '1' });
    await world.world.clearFaults();
    expect(dropped.status).toBe(1);
    expect(dropped.stderr).toMatch(/Could not reach IAM Identity Center \(OIDC at .*\) for CreateToken/);
    expect(denied.status).toBe(1);
    expect(denied.stderr).toMatch(/IAM Identity Center \(OIDC at .*\) denied CreateToken for sso-session 'acme'/);
    expect(denied.stderr).toMatch(/fix: Sign in again and choose Allow: tempkey login --sso-session acme/);
  });

  it('RegisterClient 503 during a login', async () => {
    const fresh = newHome();
    await world.world.setFault({ operation: 'RegisterClient', status: 503, code: 'ServiceUnavailableException' });
    try {
      const o = await tempkey(fresh, ['login', '--sso-session', 'acme']);
      expect(o.status).toBe(1);
      expect(o.stderr).toMatch(/failed RegisterClient for sso-session 'acme' with HTTP 503/);
      expect(fresh.browserRuns()).toBe(0);
    } finally {
      await world.world.clearFaults();
    }
  });

  it('a silent refresh shared by ten callers says nothing about "signing in" and calls CreateToken once', async () => {
    setTokenExpiry(-60_000);
    world.world.clearLog();
    await world.world.setFault({ operation: 'CreateToken', latencyMs: 1500 });
    try {
      const outs = await many(10, h, ['credential-process', '--profile', 'devstg'], { TEMPKEY_NO_LOGIN: '1' });
      for (const o of outs) {
        expect(o.stderr).toBe('');
        expect(o.status).toBe(0);
      }
      expect(ops('CreateToken')).toBe(1);
    } finally {
      await world.world.clearFaults();
    }
  });
});

describe('a session ended elsewhere, without a way to renew it here', () => {
  it('says what happened and how to log in, without promising "Getting a new one."', async () => {
    const h = newHome();
    expect((await tempkey(h, ['login', '--sso-session', 'acme'])).status).toBe(0);
    await world.world.revokeTokens(); // a portal logout: access and refresh tokens end
    const o = await tempkey(h, ['credential-process', '--profile', 'devstg'], { TEMPKEY_NO_LOGIN: '1', TEMPKEY_BROWSER: undefined });
    expect(o.status).toBe(1);
    expect(o.stderr).toMatch(/rejected the cached token of sso-session 'acme'/);
    expect(o.stderr).toContain('tempkey login --sso-session acme');
    expect(o.stderr).not.toContain('Getting a new one');
  }, 60_000);
});

describe('a fault on every API call tempkey makes', () => {
  // Each call with a persistent fault (the kind chosen by a fixed seed), then with none.
  const KINDS = [{ status: 500, code: 'InternalFailure' }, { drop: true }, { status: 503, code: 'ServiceUnavailable' }] as const;
  const CASES: { op: string; args: string[]; setup?: (h: Home) => void; fresh?: boolean }[] = [
    { op: 'GetSessionToken', args: ['credential-process', '--profile', 'iam'] },
    { op: 'AssumeRole', args: ['credential-process', '--profile', 'role'] },
    { op: 'GetCallerIdentity', args: ['whoami', 'keys'] },
    { op: 'GetRoleCredentials', args: ['credential-process', '--profile', 'devstg'] },
    { op: 'ListAccounts', args: ['profiles', 'sync', '--sso-session', 'acme', '--dry-run'] },
    { op: 'CreateToken', args: ['credential-process', '--profile', 'devstg'], setup: (h) => expireToken(h) },
    { op: 'RegisterClient', args: ['login', '--sso-session', 'acme'], fresh: true },
    { op: 'StartDeviceAuthorization', args: ['login', '--sso-session', 'acme', '--use-device-code'], fresh: true },
  ];
  const expireToken = (h: Home) => {
    const t = JSON.parse(readFileSync(h.tokenFile, 'utf8'));
    t.expiresAt = new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
    writeFileSync(h.tokenFile, JSON.stringify(t));
  };
  let shared: Home;

  beforeAll(async () => {
    shared = newHome();
    shared.setCode(world.totp());
    expect((await tempkey(shared, ['login', '--sso-session', 'acme'])).status).toBe(0);
  }, 60_000);

  it('ends each with a typed error naming the call, leaves no cache entry, and works once the fault is gone', async () => {
    let tried = 0;
    let typed = 0;
    let recovered = 0;
    for (const [i, c] of CASES.entries()) {
      const h = c.fresh ? newHome() : shared;
      h.setCode(world.totp());
      rmSync(join(h.home, '.aws/cli/cache'), { recursive: true, force: true });
      rmSync(join(h.home, '.aws/tempkey/cache'), { recursive: true, force: true });
      c.setup?.(h);
      const kind = KINDS[i % KINDS.length]!;
      await world.world.setFault({ operation: c.op, ...kind });
      const failed = await tempkey(h, c.args, { TEMPKEY_NO_LOGIN: c.fresh ? undefined : '1' });
      await world.world.clearFaults();
      tried++;
      expect(failed.status, `${c.op} with ${JSON.stringify(kind)}: ${failed.stderr}`).toBe(1);
      expect(failed.stderr, c.op).not.toMatch(/unexpected error/);
      expect(failed.stderr, c.op).toContain(c.op);
      expect(failed.stderr, c.op).toMatch(/\n {2}fix: /);
      expect(cacheFiles(h), c.op).toEqual([]);
      typed++;
      // The person tries again once the service is back.
      c.setup?.(h);
      const ok = await tempkey(h, c.args);
      expect(ok.status, `${c.op} after the fault: ${ok.stderr}`).toBe(0);
      recovered++;
    }
    figures.push(`fault injection: ${tried} API calls faulted, ${typed} ended with a typed error naming the call and no cache entry, ${recovered} worked again after the fault`);
  }, 170_000);
});
