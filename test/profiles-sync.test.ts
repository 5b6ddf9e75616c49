import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortal, type PortalStandin } from './helpers/sso-portal-standin.mjs';
import { syncProfiles } from '../src/core/sso/profiles-sync.js';
import command from '../src/cli/profiles-sync.js';
import type { CliIo } from '../src/cli/io.js';
import type { SsoTokenProvider } from '../src/lib/domain.js';
import { tempHomes } from './helpers/temp-home.js';

const tempHome = tempHomes();
const execFileAsync = promisify(execFile);

// The SSO portal here is test/helpers/sso-portal-standin.mjs (real wire protocol,
// official SDK client) until the shared emulator world lands.
const START_URL = 'https://d-1234567890.awsapps.com/start';
const SESSION = `[sso-session acme]\nsso_start_url = ${START_URL}\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n`;
const USER_TEXT = `# my own settings, hands off
[default]
region = eu-west-1
output = json

${SESSION}
; a profile I wrote myself
[profile mine]
role_arn = arn:aws:iam::999999999999:role/Mine
source_profile = default
s3 =
  max_concurrent_requests = 20
`;

let portal: PortalStandin;

beforeAll(async () => {
  portal = await startPortal({
    accounts: [{ accountName: 'Shared Services' }, { accountName: 'apps-prd' }, { accountName: 'apps-devstg' }, { accountName: 'security' }],
    rolesPerAccount: 2,
  });
});
afterAll(async () => {
  await portal?.stop();
});

/** A temp HOME with a config file and a token cache file as `tempkey login` / `aws sso login` writes it. */
function home(config: string, token = portal.issueToken()): { env: NodeJS.ProcessEnv; configPath: string; token: string } {
  const dir = tempHome('tk-sync-');
  mkdirSync(join(dir, '.aws', 'sso', 'cache'), { recursive: true });
  const configPath = join(dir, '.aws', 'config');
  writeFileSync(configPath, config);
  const key = createHash('sha1').update('acme').digest('hex');
  writeFileSync(
    join(dir, '.aws', 'sso', 'cache', `${key}.json`),
    JSON.stringify({ startUrl: START_URL, region: 'us-east-1', accessToken: token, expiresAt: new Date(Date.now() + 3600_000).toISOString().replace(/\.\d+Z$/, 'Z') }),
  );
  return { env: { HOME: dir, PATH: process.env.PATH, AWS_ENDPOINT_URL: portal.url }, configPath, token };
}

async function cli(env: NodeJS.ProcessEnv, args: string[]) {
  const io: CliIo & { out: string; err: string } = {
    argv0: 'tempkey',
    env,
    cwd: env.HOME!,
    out: '',
    err: '',
    stdout: (t) => void (io.out += t),
    stderr: (t) => void (io.err += t),
    stdinIsTTY: false,
    stdoutIsTTY: false,
  };
  const code = await command.run(args, io);
  return { code, out: io.out, err: io.err };
}

const generatedHeaders = (text: string) => [...text.matchAll(/^\[profile ([^\]]+)\]$/gm)].map((m) => m[1]).filter((n) => n !== 'mine');

describe('tempkey profiles sync against the portal', () => {
  it('writes one marked profile per account and role, keeps every other byte, and a re-run changes nothing', async () => {
    const h = home(USER_TEXT);
    const r = await cli(h.env, []);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('4 accounts, 8 roles');
    const text = readFileSync(h.configPath, 'utf8');
    expect(text.startsWith(USER_TEXT)).toBe(true);
    expect(generatedHeaders(text).sort()).toEqual(
      [
        'apps-devstg-administratoraccess',
        'apps-devstg-readonlyaccess',
        'apps-prd-administratoraccess',
        'apps-prd-readonlyaccess',
        'security-administratoraccess',
        'security-readonlyaccess',
        'shared-services-administratoraccess',
        'shared-services-readonlyaccess',
      ].sort(),
    );
    const prd = [...portal.accounts.values()].find((a) => a.accountName === 'apps-prd')!;
    expect(text).toContain(
      `# tempkey:generated sso-session:acme account:${prd.accountId} role:ReadOnlyAccess\n[profile apps-prd-readonlyaccess]\nsso_session = acme\nsso_account_id = ${prd.accountId}\nsso_role_name = ReadOnlyAccess\nregion = us-east-1\n`,
    );

    const again = await cli(h.env, []);
    expect(again.code).toBe(0);
    expect(again.out).toContain('add 0, update 0, remove 0, unchanged 8');
    expect(readFileSync(h.configPath, 'utf8')).toBe(text);
  });

  it('keeps what the user edited inside generated profiles', async () => {
    const h = home(SESSION);
    expect((await cli(h.env, ['--region', 'eu-central-1'])).code).toBe(0);
    const edited = readFileSync(h.configPath, 'utf8').replace(
      '[profile security-administratoraccess]\nsso_session = acme\n',
      '[profile security-administratoraccess]\n# break-glass only\nsso_session = acme\ncli_pager =\n',
    );
    writeFileSync(h.configPath, edited.replace(/region = eu-central-1\n$/, 'region = ap-southeast-2\n'));
    const before = readFileSync(h.configPath, 'utf8');
    const r = await cli(h.env, []);
    expect(r.code).toBe(0);
    expect(readFileSync(h.configPath, 'utf8')).toBe(before);
    expect(before).toContain('# break-glass only\nsso_session = acme\ncli_pager =\n');
  });

  it('--dry-run prints the diff and writes nothing', async () => {
    const h = home(USER_TEXT);
    const r = await cli(h.env, ['--dry-run']);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`--- ${h.configPath}`);
    expect(r.out).toContain('@@ add [profile apps-prd-administratoraccess] @@');
    expect(r.out).toContain('+sso_role_name = AdministratorAccess');
    expect(r.out).toContain('Dry run: nothing written');
    expect(readFileSync(h.configPath, 'utf8')).toBe(USER_TEXT);
  });

  it('--prune removes only generated profiles whose role is gone', async () => {
    const h = home(USER_TEXT);
    await cli(h.env, []);
    const sec = [...portal.accounts.values()].find((a) => a.accountName === 'security')!;
    const saved = sec.roles;
    sec.roles = ['AdministratorAccess'];
    try {
      const kept = await cli(h.env, []);
      expect(kept.out).toContain('1 generated profile(s) no longer assigned (kept): security-readonlyaccess');
      expect(readFileSync(h.configPath, 'utf8')).toContain('[profile security-readonlyaccess]');
      const pruned = await cli(h.env, ['--prune']);
      expect(pruned.code).toBe(0);
      const text = readFileSync(h.configPath, 'utf8');
      expect(text).not.toContain('security-readonlyaccess');
      expect(text).toContain('[profile security-administratoraccess]');
      expect(text.startsWith(USER_TEXT)).toBe(true);
    } finally {
      sec.roles = saved;
    }
  });

  it('names that collide get the account id, the same on every run; --json summarizes', async () => {
    const twins = await startPortal({ accounts: [{ accountName: 'Prod' }, { accountName: 'prod' }, { accountName: 'dev' }], rolesPerAccount: 1 });
    try {
      const h = home(SESSION + '\n[profile dev-admin]\nregion = us-west-2\n', twins.issueToken());
      h.env.AWS_ENDPOINT_URL = twins.url;
      const r = await cli(h.env, ['--template', '{{account_name}}-admin', '--json']);
      expect(r.code).toBe(0);
      const summary = JSON.parse(r.out);
      expect(summary.added.sort()).toEqual(['dev-admin-100000000003', 'prod-admin-100000000001', 'prod-admin-100000000002']);
      expect(summary.failures).toEqual([]);
      const first = readFileSync(h.configPath, 'utf8');
      await cli(h.env, ['--template', '{{account_name}}-admin']);
      expect(readFileSync(h.configPath, 'utf8')).toBe(first);
    } finally {
      await twins.stop();
    }
  });

  it('an account whose roles cannot be listed keeps its profiles (even with --prune), and the run says so', async () => {
    const h = home(USER_TEXT);
    await cli(h.env, []);
    const before = readFileSync(h.configPath, 'utf8');
    const sec = [...portal.accounts.values()].find((a) => a.accountName === 'security')!;
    portal.breakAccount(sec.accountId);
    try {
      const r = await syncProfiles({ env: h.env, prune: true, rateLimit: { initialRate: 200 }, retry: { maxAttempts: 2, backoffBaseMs: 1 } });
      expect(r.failures).toEqual([expect.objectContaining({ accountId: sec.accountId, code: 'SSO_ERROR' })]);
      expect(r.removed).toEqual([]);
      expect(readFileSync(h.configPath, 'utf8')).toBe(before);
    } finally {
      portal.breakAccount(sec.accountId, false);
    }
  });

  it('a token the portal rejects though not expired is reported once for recovery, then the sync succeeds', async () => {
    const h = home(SESSION);
    const stale = portal.issueToken();
    portal.revoke(stale);
    let current = stale;
    const reported: string[] = [];
    const tokens: SsoTokenProvider = {
      get: async () => ({ accessToken: current, expiresAt: new Date(Date.now() + 3600_000) }),
      reportRejected: async (ref) => {
        reported.push(ref.sessionName ?? '');
        current = portal.issueToken();
      },
    };
    const r = await syncProfiles({ env: h.env, tokens });
    expect(reported).toEqual(['acme']);
    expect(r.added).toHaveLength(8);
    expect(r.failures).toEqual([]);
  });

  it('a rejected token with no way to recover says to log in again', async () => {
    const h = home(SESSION);
    portal.revoke(h.token);
    const r = await cli(h.env, []).catch((e) => e);
    expect(r.code).toBe('SSO_TOKEN_REJECTED');
    expect(r.fix).toContain('tempkey login --sso-session acme');
  });
});

describe('profiles sync under the portal rate limit', () => {
  it('throttled to 10 rps with latency: every account listed, zero failures', async () => {
    const big = await startPortal({ accounts: 60, rolesPerAccount: 3, latencyMs: 30, rps: 10, burst: 1, pageSize: 20 });
    try {
      const h = home(SESSION, big.issueToken());
      h.env.AWS_ENDPOINT_URL = big.url;
      // Start above the limit on purpose, so the pacer must find it.
      const r = await syncProfiles({ env: h.env, rateLimit: { initialRate: 25, maxRate: 25 } });
      const log = big.log();
      expect(r.failures).toEqual([]);
      expect(r.added).toHaveLength(180);
      expect(log.filter((l) => l.status === 429).length).toBeGreaterThan(0);
      expect(log.filter((l) => l.status === 200)).toHaveLength(3 + 60);
      expect(r.throttles).toBe(log.filter((l) => l.status === 429).length);
    } finally {
      await big.stop();
    }
  });

  it('--rps sets the limit: requests never closer than 1/rps, by the portal\'s clock', async () => {
    const slow = await startPortal({ accounts: 6, rolesPerAccount: 1 });
    try {
      const h = home(SESSION, slow.issueToken());
      h.env.AWS_ENDPOINT_URL = slow.url;
      const r = await cli(h.env, ['--rps', '5']);
      expect(r.code).toBe(0);
      const at = slow.log().map((l) => l.at);
      expect(at).toHaveLength(1 + 6);
      // 7 requests at 5/s span at least 6 × 200 ms (the portal's clock counts whole ms).
      expect(at.at(-1)! - at[0]!).toBeGreaterThanOrEqual(6 * 200 - 6);
    } finally {
      await slow.stop();
    }
  });
});

describe('generated profiles work in other tools', () => {
  it('botocore reads the synced config and boto3 gets role credentials through a generated profile', async () => {
    const world = await startPortal({ accounts: [{ accountName: 'apps-prd' }], rolesPerAccount: 1, withMoto: true });
    try {
      const h = home(USER_TEXT, world.issueToken());
      h.env.AWS_ENDPOINT_URL = world.url;
      expect((await cli(h.env, [])).code).toBe(0);
      const acct = [...world.accounts.values()][0]!.accountId;
      const py = `
import boto3, json
s = boto3.Session(profile_name='apps-prd-administratoraccess')
print(json.dumps({"arn": s.client('sts').get_caller_identity()["Arn"], "profiles": sorted(s.available_profiles)}))
`;
      // Async: the portal stand-in runs in this process and must keep answering.
      const { stdout } = await execFileAsync('python3', ['-c', py], { env: { ...h.env, AWS_CONFIG_FILE: h.configPath }, encoding: 'utf8', timeout: 30_000 });
      const r = JSON.parse(stdout);
      expect(r.arn).toMatch(new RegExp(`^arn:aws:sts::${acct}:assumed-role/AdministratorAccess/`));
      expect(r.profiles).toEqual(['apps-prd-administratoraccess', 'default', 'mine']);
    } finally {
      await world.stop();
    }
  });
});

describe('the built CLI', () => {
  it('node bin/tempkey.js profiles sync: summary on stdout, nothing on stderr when it is not a terminal', async () => {
    const h = home(SESSION);
    const { stdout, stderr } = await execFileAsync(process.execPath, ['bin/tempkey.js', 'profiles', 'sync', '--template', '{{account_id}}.{{role_name}}'], {
      env: h.env,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(stderr).toBe('');
    expect(stdout).toContain("sso-session 'acme': 4 accounts, 8 roles");
    const id = [...portal.accounts.values()][0]!.accountId;
    expect(readFileSync(h.configPath, 'utf8')).toContain(`[profile ${id}.administratoraccess]`);
  });
});
