import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorld, type World } from '../helpers/world.js';
import { repoRoot, tempkey } from '../helpers/run.js';
import { CLIENTS, client, type Client, type ClientName } from './clients.js';

// The interop table: the same four scenarios through every official client,
// against moto + the emulator. Each client runs in a HOME of its own, where
// tempkey writes the files and caches and the client reads them (and back).
//   credential_process  the client runs `tempkey credential-process`
//   sso token read      tempkey logs in; the client's own SSO provider uses the token
//   role cache reuse    an assumed role cached by tempkey serves the client, and one
//                       cached by the client serves tempkey (no second AssumeRole)
//   logout              after `tempkey logout` the client gets nothing: SSO role,
//                       chained role (source_profile → SSO) and credential_process
type Scenario = 'credential_process' | 'sso token read' | 'role cache reuse' | 'logout';
const SCENARIOS: Scenario[] = ['credential_process', 'sso token read', 'role cache reuse', 'logout'];
type Cell = { result: 'pass' } | { result: 'FAIL'; why: string } | { result: 'n/a'; why: string };

let world: World;
const homes: string[] = [];
const table = new Map<ClientName, Map<Scenario, Cell>>();

const TEMPKEY = `${process.execPath} ${join(repoRoot, 'bin/tempkey.js')}`;
const CHAINED_ROLE = 'InteropChained';

interface Home {
  home: string;
  env: NodeJS.ProcessEnv;
  ssoProfile: string;
  devstgId: string;
  /** One `tempkey logout` per session the home uses. */
  logouts: string[][];
}

/**
 * A HOME with one sso-session, an SSO profile, a role chained on it and two
 * credential_process profiles. The Go SDK v2 of Debian predates sso_session:
 * its SSO profile is written by `profiles sync --legacy` (issue item 5). The
 * AWS CLI v2 2.9 cannot chain a role on an sso_session profile ('NoneType'
 * object has no attribute 'get_frozen_token', aws/aws-cli#7496, fixed later):
 * there the chained role's source is the same role in the legacy form.
 */
async function newHome(name: ClientName): Promise<Home> {
  const home = mkdtempSync(join(tmpdir(), `tempkey-interop-${name}-`));
  homes.push(home);
  mkdirSync(join(home, '.aws'), { mode: 0o700 });
  const devstgId = world.directory.accounts.find((a) => a.name === 'apps-devstg')!.id!;
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, ...world.env(), TEMPKEY_NO_LOGIN: '1', TEMPKEY_BROWSER: 'false' };
  const legacy = name === 'go-sdk-v2';
  const ssoProfile = legacy ? 'apps-devstg-devops' : 'sso';
  const legacySource = name === 'aws-cli-v2';
  const sourceProfile = legacySource ? 'sso-legacy' : ssoProfile;
  writeFileSync(
    join(home, '.aws/config'),
    [
      '[sso-session acme]',
      `sso_start_url = ${world.startUrl}`,
      `sso_region = ${world.region}`,
      'sso_registration_scopes = sso:account:access',
      '',
      ...(legacy ? [] : ['[profile sso]', 'sso_session = acme', `sso_account_id = ${devstgId}`, 'sso_role_name = DevOps', `region = ${world.region}`, '']),
      ...(legacySource ? ['[profile sso-legacy]', `sso_start_url = ${world.startUrl}`, `sso_region = ${world.region}`, `sso_account_id = ${devstgId}`, 'sso_role_name = DevOps', `region = ${world.region}`, ''] : []),
      '[profile chained]',
      `role_arn = arn:aws:iam::${devstgId}:role/${CHAINED_ROLE}`,
      `source_profile = ${sourceProfile}`,
      `region = ${world.region}`,
      '',
      '[profile cp]',
      `credential_process = ${TEMPKEY} credential-process --profile ${ssoProfile}`,
      `region = ${world.region}`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  await login(env, 'acme');
  if (legacy) {
    const sync = await tempkey(['profiles', 'sync', '--sso-session', 'acme', '--legacy'], env);
    expect(sync.stderr + sync.stdout, 'profiles sync --legacy').not.toMatch(/error/i);
    expect(sync.status).toBe(0);
  }
  // Legacy profiles use the token keyed by the start URL: log in through one of them.
  if (legacy || legacySource) await login(env, undefined, legacy ? ssoProfile : sourceProfile);
  const logouts = [...(legacy ? [] : [['--sso-session', 'acme']]), ...(legacy || legacySource ? [['--profile', legacy ? ssoProfile : sourceProfile]] : [])];
  return { home, env, ssoProfile, devstgId, logouts };
}

async function login(env: NodeJS.ProcessEnv, session?: string, profile?: string): Promise<void> {
  const r = await tempkey(['login', '--use-device-code', '--no-browser', ...(session ? ['--sso-session', session] : ['--profile', profile!])], env);
  expect(r.stderr).toContain('Signed in to');
  expect(r.status).toBe(0);
}

const roleCacheFiles = (h: Home) => {
  try {
    return readdirSync(join(h.home, '.aws/cli/cache')).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
};
const chainedArn = (h: Home) => new RegExp(`^arn:aws:sts::${h.devstgId}:assumed-role/${CHAINED_ROLE}/`);
/** The ARN, or the client's stderr when it printed none (so a failing cell says why). */
const arnOrWhy = (r: { arn?: string; stderr: string; stdout: string }) => r.arn ?? `no ARN: ${(r.stderr || r.stdout).trim().slice(-600)}`;
const ssoArn = (h: Home) => `arn:aws:sts::${h.devstgId}:assumed-role/DevOps/alice`;

/** The access key tempkey hands out for a profile (credential_process output). */
async function tempkeyKey(h: Home, profile: string): Promise<string> {
  const r = await tempkey(['credential-process', '--profile', profile], h.env);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout).AccessKeyId;
}

function cachedKeys(h: Home): string[] {
  return roleCacheFiles(h).map((f) => JSON.parse(readFileSync(join(h.home, '.aws/cli/cache', f), 'utf8')).Credentials?.AccessKeyId);
}

const scenarios: Record<Scenario, (c: Client, h: Home) => Promise<Cell>> = {
  async credential_process(c, h) {
    const r = await c.whoami({ ...h.env, AWS_PROFILE: 'cp' });
    expect(arnOrWhy(r)).toBe(ssoArn(h));
    return { result: 'pass' };
  },
  async 'sso token read'(c, h) {
    // No cached role credentials: the client must go to the portal with the token.
    rmSync(join(h.home, '.aws/cli/cache'), { recursive: true, force: true });
    world.clearLog();
    const r = await c.whoami({ ...h.env, AWS_PROFILE: h.ssoProfile });
    expect(arnOrWhy(r)).toBe(ssoArn(h));
    // The client used tempkey's token: no login of its own (it could not: no browser), one portal call.
    expect(world.count('CreateToken')).toBe(0);
    expect(world.count('GetRoleCredentials')).toBeGreaterThanOrEqual(1);
    return { result: 'pass' };
  },
  async 'role cache reuse'(c, h) {
    if (c.roleCache !== true) return { result: 'n/a', why: c.roleCache };
    // tempkey → client
    rmSync(join(h.home, '.aws/cli/cache'), { recursive: true, force: true });
    const key = await tempkeyKey(h, 'chained');
    world.clearLog();
    const r = await c.whoami({ ...h.env, AWS_PROFILE: 'chained' });
    expect(arnOrWhy(r)).toMatch(chainedArn(h));
    expect(world.count('AssumeRole'), `${c.name} assumed the role again instead of reading tempkey's cache`).toBe(0);
    // client → tempkey
    rmSync(join(h.home, '.aws/cli/cache'), { recursive: true, force: true });
    const again = await c.whoami({ ...h.env, AWS_PROFILE: 'chained' });
    expect(arnOrWhy(again)).toMatch(chainedArn(h));
    const written = cachedKeys(h);
    expect(written.length, `${c.name} wrote no role cache`).toBeGreaterThanOrEqual(1);
    world.clearLog();
    const mine = await tempkeyKey(h, 'chained');
    expect(world.count('AssumeRole'), `tempkey assumed the role again instead of reading ${c.name}'s cache`).toBe(0);
    expect(written).toContain(mine);
    expect(mine).not.toBe(key);
    return { result: 'pass' };
  },
  async logout(c, h) {
    // Every kind of credential works before, and the chained role is cached (by tempkey).
    await tempkeyKey(h, 'chained');
    expect(arnOrWhy(await c.whoami({ ...h.env, AWS_PROFILE: 'chained' }))).toMatch(chainedArn(h));
    for (const args of h.logouts) {
      const out = await tempkey(['logout', ...args], h.env);
      expect(out.status, out.stderr).toBe(0);
    }
    // No role credential derived from the session is left on disk (the chained one included: item 2).
    expect(roleCacheFiles(h)).toEqual([]);
    for (const profile of [h.ssoProfile, 'chained', 'cp']) {
      const r = await c.whoami({ ...h.env, AWS_PROFILE: profile });
      expect(r.arn, `${c.name} still got credentials for '${profile}' after logout`).toBeUndefined();
      expect(r.status).not.toBe(0);
    }
    return { result: 'pass' };
  },
};

beforeAll(async () => {
  // Device-code logins are approved at once (as alice): no browser in this suite.
  world = await startWorld({ autoApprove: true });
}, 60_000);

afterAll(async () => {
  await world?.stop();
  for (const h of homes) rmSync(h, { recursive: true, force: true });
  printTable();
});

function printTable(): void {
  const width = Math.max(...CLIENTS.map((c) => c.length));
  const cols = SCENARIOS.map((s) => Math.max(s.length, 4));
  const lines = [`${'client'.padEnd(width)} | ${SCENARIOS.map((s, i) => s.padEnd(cols[i]!)).join(' | ')}`, `${'-'.repeat(width)}-|-${cols.map((w) => '-'.repeat(w)).join('-|-')}`];
  const notes: string[] = [];
  for (const c of CLIENTS) {
    const row = table.get(c);
    const cells = SCENARIOS.map((s, i) => {
      const cell = row?.get(s);
      if (cell && cell.result !== 'pass') notes.push(`${c} / ${s}: ${cell.result} (${cell.why})`);
      return (cell?.result ?? 'not run').padEnd(cols[i]!);
    });
    lines.push(`${c.padEnd(width)} | ${cells.join(' | ')}`);
  }
  process.stdout.write(`\ninterop table (tempkey × official clients)\n${lines.join('\n')}\n${notes.map((n) => `  ${n}`).join('\n')}\n`);
}

describe.each(CLIENTS)('%s', (name) => {
  let c: Client;
  let h: Home;
  beforeAll(async () => {
    c = await client(name, world.url);
    h = await newHome(name);
  }, 120_000);

  it.each(SCENARIOS)('%s', async (scenario) => {
    const row = table.get(name) ?? new Map<Scenario, Cell>();
    table.set(name, row);
    try {
      const cell = await scenarios[scenario](c, h);
      row.set(scenario, cell);
    } catch (e) {
      row.set(scenario, { result: 'FAIL', why: (e as Error).message.split('\n')[0]! });
      throw e;
    }
  }, 120_000);
});
