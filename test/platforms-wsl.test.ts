import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPortal, type PortalStandin } from './helpers/sso-portal-standin.mjs';
import { tempkey, run } from './helpers/run.js';

// WSL-like conditions on this Linux box: ~/.aws shared with Windows tools (CRLF
// line ends, a BOM from Notepad), a home under a path with spaces and non-ASCII
// letters, and USERPROFILE without HOME (Windows, through TEMPKEY_PLATFORM=win32).
// Every edit tempkey makes must keep the CRLF file CRLF, byte for byte outside
// the change, and botocore must read the result as tempkey does.
const root = mkdtempSync(join(tmpdir(), 'tempkey wsl Zoë Öz 日本 '));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// The real interpreter (a pyenv shim would look for its root under HOME, which each test replaces).
const python = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();

const START_URL = 'https://d-1234567890.awsapps.com/start';
/** What a Windows editor leaves: CRLF, comments of both kinds, a nested s3 block, a key tempkey does not know. */
const WINDOWS_CONFIG = [
  '# edited with Notepad on Windows',
  '[default]',
  'region = eu-west-1',
  'output = json',
  '',
  '[sso-session acme]',
  `sso_start_url = ${START_URL}`,
  'sso_region = us-east-1',
  'sso_registration_scopes = sso:account:access',
  '',
  '; keys for the old account',
  '[profile legacy]',
  'role_arn = arn:aws:iam::111122223333:role/Legacy',
  'source_profile = default',
  'my_own_key = kept as is',
  's3 =',
  '  max_concurrent_requests = 20',
  '',
].join('\r\n');
const WINDOWS_CREDENTIALS = '[default]\r\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\r\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\r\n';

let n = 0;
function newHome(): { home: string; config: string; credentials: string; env: NodeJS.ProcessEnv } {
  const home = join(root, `home ${n++} Ünïcødé`);
  mkdirSync(join(home, '.aws'), { recursive: true });
  const config = join(home, '.aws', 'config');
  const credentials = join(home, '.aws', 'credentials');
  writeFileSync(config, WINDOWS_CONFIG);
  writeFileSync(credentials, WINDOWS_CREDENTIALS, { mode: 0o600 });
  const path = (process.env.PATH ?? '').split(delimiter).filter((d) => !d.includes('tempkey'));
  return { home, config, credentials, env: { HOME: home, PATH: [dirname(process.execPath), ...path].join(delimiter), AWS_EC2_METADATA_DISABLED: 'true', TEMPKEY_NO_PICKER: '1' } };
}

/** `credentials configure` from a console CSV saved in the home as `csvName` (no verify, no MFA, region eu-west-1). */
function configureFromCsv(h: { home: string }, env: NodeJS.ProcessEnv, profile: string, csvName: string, csvText: string) {
  const csv = join(h.home, csvName);
  writeFileSync(csv, csvText);
  return tempkey(['credentials', 'configure', '--profile', profile, '--credentials-file', csv, '--skip-verify', '--no-mfa', '--region', 'eu-west-1'], env);
}

/** Every line break of the text is CRLF (no bare LF slipped in). */
function expectAllCrlf(text: string): void {
  expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
}

/** botocore's view of a profile (the same loader the AWS CLI uses). */
function botocoreProfile(env: NodeJS.ProcessEnv, profile: string): Record<string, unknown> {
  const py = `import json,sys,botocore.session as s\nprint(json.dumps(s.Session(profile=sys.argv[1]).get_scoped_config()))`;
  return JSON.parse(execFileSync(python, ['-c', py, profile], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
}

let portal: PortalStandin;
beforeAll(async () => {
  portal = await startPortal({ accounts: [{ accountName: 'apps-prd' }, { accountName: 'security' }], rolesPerAccount: 1 });
});
afterAll(async () => {
  await portal?.stop();
});

describe('a CRLF ~/.aws shared with Windows, under a home with spaces and non-ASCII letters', () => {
  it('config set changes one line, keeps CRLF, and botocore reads the result', async () => {
    const h = newHome();
    const r = await tempkey(['config', 'set', '--profile', 'legacy', 'region', 'ap-south-1'], h.env);
    expect(r.stderr).toContain('Updated [profile legacy]');
    expect(r.status).toBe(0);
    const after = readFileSync(h.config, 'utf8');
    expect(after).toBe(WINDOWS_CONFIG.replace('  max_concurrent_requests = 20\r\n', '  max_concurrent_requests = 20\r\nregion = ap-south-1\r\n'));
    expectAllCrlf(after);
    const r2 = await tempkey(['config', 'set', '--profile', 'default', 'region', 'eu-north-1'], h.env);
    expect(r2.status).toBe(0);
    expect(readFileSync(h.config, 'utf8')).toBe(after.replace('region = eu-west-1\r\n', 'region = eu-north-1\r\n'));
    expect(botocoreProfile(h.env, 'legacy')).toMatchObject({ region: 'ap-south-1', my_own_key: 'kept as is', s3: { max_concurrent_requests: '20' }, source_profile: 'default' });
    expect(botocoreProfile(h.env, 'default')).toMatchObject({ region: 'eu-north-1', output: 'json' });
    const unset = await tempkey(['config', 'unset', '--profile', 'legacy', 'region'], h.env);
    expect(unset.status).toBe(0);
    expect(readFileSync(h.config, 'utf8')).toBe(WINDOWS_CONFIG.replace('region = eu-west-1\r\n', 'region = eu-north-1\r\n'));
  });

  it('profiles sync adds CRLF profiles, keeps every user byte, and a re-run changes nothing; botocore and tempkey agree on them', async () => {
    const h = newHome();
    const key = createHash('sha1').update('acme').digest('hex');
    mkdirSync(join(h.home, '.aws', 'sso', 'cache'), { recursive: true });
    const expiresAt = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');
    writeFileSync(join(h.home, '.aws', 'sso', 'cache', `${key}.json`), JSON.stringify({ startUrl: START_URL, region: 'us-east-1', accessToken: portal.issueToken(), expiresAt }));
    const env = { ...h.env, AWS_ENDPOINT_URL: portal.url };
    const r = await tempkey(['profiles', 'sync'], env);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const after = readFileSync(h.config, 'utf8');
    expect(after.startsWith(WINDOWS_CONFIG)).toBe(true);
    expectAllCrlf(after);
    expect(after).toMatch(/\r\n\[profile apps-prd-[a-z]+\]\r\nsso_session = acme\r\n/);
    const again = await tempkey(['profiles', 'sync'], env);
    expect(again.status).toBe(0);
    expect(readFileSync(h.config, 'utf8')).toBe(after);
    const name = /\[profile (apps-prd-[a-z]+)\]/.exec(after)![1]!;
    const prd = [...portal.accounts.values()].find((a) => a.accountName === 'apps-prd')!;
    expect(botocoreProfile(env, name)).toMatchObject({ sso_session: 'acme', sso_account_id: prd.accountId, region: 'us-east-1' });
    const list = await tempkey(['profiles', 'list', '--json'], env);
    expect(list.status).toBe(0);
    expect(list.stdout).toContain(name);
  });

  it('credentials configure writes a CRLF profile whose credential_process botocore runs from the odd path', async () => {
    const h = newHome();
    const env = { ...h.env, TEMPKEY_FILE_PASSPHRASE: 'wsl pass', TEMPKEY_VAULT_BACKEND: 'file' };
    const r = await configureFromCsv(h, env, 'zoe-dev', 'alice accessKeys (1).csv', '\ufeffAccess key ID,Secret access key\r\nAKIAI44QH8DHBEXAMPLE,je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\r\n');
    expect(r.stderr).toContain('Wrote [profile zoe-dev]');
    expect(r.status).toBe(0);
    const after = readFileSync(h.config, 'utf8');
    expect(after.startsWith(WINDOWS_CONFIG)).toBe(true);
    expectAllCrlf(after);
    expect(readFileSync(h.credentials, 'utf8')).toBe(WINDOWS_CREDENTIALS);
    const py = `import botocore.session as s\nc = s.Session(profile='zoe-dev').get_credentials()\nprint(c.method, c.access_key)`;
    const got = await run(python, ['-c', py], env);
    expect(got.stderr).toBe('');
    expect(got.stdout.trim()).toBe('custom-process AKIAI44QH8DHBEXAMPLE');
  });

  it('credentials configure --import-plaintext edits the CRLF credentials file losslessly', async () => {
    const h = newHome();
    const extra = '[other]\r\n# keep me\r\naws_access_key_id = AKIAOTHEREXAMPLE0000\r\naws_secret_access_key = other/secret/EXAMPLEKEY0000000000000\r\n';
    writeFileSync(h.credentials, WINDOWS_CREDENTIALS + '\r\n' + extra, { mode: 0o600 });
    const env = { ...h.env, TEMPKEY_FILE_PASSPHRASE: 'wsl pass', TEMPKEY_VAULT_BACKEND: 'file' };
    const r = await tempkey(['credentials', 'configure', '--profile', 'other', '--import-plaintext', '--skip-verify', '--no-mfa', '--region', 'eu-west-1'], env);
    expect(r.status, r.stderr).toBe(0);
    const creds = readFileSync(h.credentials, 'utf8');
    expect(creds.startsWith(WINDOWS_CREDENTIALS + '\r\n')).toBe(true);
    expect(creds).not.toContain('AKIAOTHEREXAMPLE0000');
    expectAllCrlf(creds);
    expectAllCrlf(readFileSync(h.config, 'utf8'));
    expect(botocoreProfile(env, 'default')).toMatchObject({ region: 'eu-west-1' });
  });

  it('a BOM from a Windows editor: tempkey edits keep it (lossless), and doctor says the AWS CLI cannot read the file', async () => {
    const h = newHome();
    writeFileSync(h.config, '\ufeff' + WINDOWS_CONFIG);
    expect(() => botocoreProfile(h.env, 'default')).toThrow(/Unable to parse config file/);
    const r = await tempkey(['config', 'set', '--profile', 'default', 'output', 'text'], h.env);
    expect(r.status).toBe(0);
    expect(readFileSync(h.config, 'utf8')).toBe('\ufeff' + WINDOWS_CONFIG.replace('output = json\r\n', 'output = text\r\n'));
    const doc = JSON.parse((await tempkey(['doctor', 'default', '--offline', '--json'], h.env)).stdout);
    const bom = doc.checks.find((c: { id: string }) => c.id === 'files.encoding.config');
    expect(bom).toMatchObject({ status: 'fail', location: { file: h.config } });
    expect(bom.found).toMatch(/byte order mark.*AWS CLI/);
    writeFileSync(h.config, WINDOWS_CONFIG);
    const clean = JSON.parse((await tempkey(['doctor', 'default', '--offline', '--json'], h.env)).stdout);
    expect(clean.checks.find((c: { id: string }) => c.id.startsWith('files.encoding'))).toBeUndefined();
  });
});

describe('no OS keyring reachable (WSL without a Secret Service)', () => {
  it('says which keyring was looked for, keeps the keys in the encrypted file, and records that in the profile', async () => {
    const h = newHome();
    // No D-Bus session and no TEMPKEY_VAULT_BACKEND: the default has to fall back.
    const env = { ...h.env, TEMPKEY_PLATFORM: 'wsl', TEMPKEY_FILE_PASSPHRASE: 'wsl pass' };
    const r = await configureFromCsv(h, env, 'fallback', 'keys.csv', 'Access key ID,Secret access key\nAKIAI44QH8DHBEXAMPLE,je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\n');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('No OS keyring is reachable here (the Secret Service (D-Bus)), so the keys go to the encrypted file.');
    expect(r.stderr).toMatch(/WSL has no Secret Service by default/);
    expect(readFileSync(h.config, 'utf8')).toMatch(/\[profile fallback\]\r\n(.*\r\n)*tempkey_vault_backend = file\r\n/);
    // A D-Bus session later (a keyring installed) moves the default, not these keys: they still resolve from the file.
    const got = await tempkey(['env', 'fallback', '--format', 'json'], { ...env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' });
    expect(got.stderr).toBe('');
    expect(JSON.parse(got.stdout).AWS_ACCESS_KEY_ID).toBe('AKIAI44QH8DHBEXAMPLE');
  });
});

describe('Windows conditions on Linux (TEMPKEY_PLATFORM=win32): USERPROFILE without HOME', () => {
  function windowsEnv(h: ReturnType<typeof newHome>): NodeJS.ProcessEnv {
    const { HOME: _home, ...rest } = h.env;
    return { ...rest, USERPROFILE: h.home, TEMPKEY_PLATFORM: 'win32' };
  }

  it('finds ~/.aws under USERPROFILE, edits it there, and does not fall back to the account home', async () => {
    const h = newHome();
    const env = windowsEnv(h);
    const r = await tempkey(['config', 'set', '--profile', 'legacy', 'region', 'ap-south-1'], env);
    expect(r.stderr).toBe(`Updated [profile legacy] in ${h.config}.\n`);
    expect(r.status).toBe(0);
    expect(readFileSync(h.config, 'utf8')).toContain('region = ap-south-1\r\n');
    const list = await tempkey(['profiles', 'list', '--names'], env);
    expect(list.stdout.split('\n')).toEqual(expect.arrayContaining(['default', 'legacy']));
    const explain = await tempkey(['explain', 'legacy'], env);
    expect(explain.stdout + explain.stderr).toContain(h.config);
  });

  it('doctor names the ACLs that protect the files, not a mode, where Unix would fail the same file', async () => {
    const h = newHome();
    const env = windowsEnv(h);
    writeFileSync(h.credentials, WINDOWS_CREDENTIALS, { mode: 0o644 });
    execFileSync('chmod', ['644', h.credentials]);
    expect(statSync(h.credentials).mode & 0o077).not.toBe(0);
    const win = JSON.parse((await tempkey(['doctor', 'legacy', '--offline', '--json'], env)).stdout);
    const winCheck = win.checks.find((c: { id: string }) => c.id === 'files.permissions.credentials');
    expect(winCheck.status).toBe('ok');
    expect(winCheck.found).toMatch(/access control lists/);
    expect(winCheck.found).not.toMatch(/mode \d|chmod/);
    expect(win.checks.find((c: { id: string }) => c.id === 'files.home')).toBeUndefined();
    // Git Bash's HOME beside USERPROFILE: two ~/.aws for two kinds of tools, said by doctor.
    const gitBash = JSON.parse((await tempkey(['doctor', 'legacy', '--offline', '--json'], { ...env, HOME: join(root, 'msys home') })).stdout);
    expect(gitBash.checks.find((c: { id: string }) => c.id === 'files.home')).toMatchObject({ status: 'warn', found: expect.stringContaining('differ') });
    const unix = JSON.parse((await tempkey(['doctor', 'legacy', '--offline', '--json'], { ...h.env, TEMPKEY_PLATFORM: 'linux' })).stdout);
    const unixCheck = unix.checks.find((c: { id: string }) => c.id === 'files.permissions.credentials');
    expect(unixCheck.status).toBe('fail');
    expect(unixCheck.fix).toContain('chmod 600');
  });

  it('writes a Windows credential_process line (node, then the script) that botocore splits by the Windows rules', async () => {
    const h = newHome();
    const env = { ...windowsEnv(h), TEMPKEY_FILE_PASSPHRASE: 'wsl pass', TEMPKEY_VAULT_BACKEND: 'file' };
    const r = await configureFromCsv(h, env, 'win-dev', 'keys.csv', 'Access key ID,Secret access key\nAKIAI44QH8DHBEXAMPLE,je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\n');
    expect(r.status, r.stderr).toBe(0);
    const line = /^credential_process = (.*)\r$/m.exec(readFileSync(h.config, 'utf8'))![1]!;
    expect(line.startsWith('"')).toBe(false);
    const py = 'import json,sys\nfrom botocore.compat import compat_shell_split\nprint(json.dumps(compat_shell_split(sys.argv[1], "win32")))';
    const words: string[] = JSON.parse(execFileSync(python, ['-c', py, line], { encoding: 'utf8' }));
    expect(words.slice(-3)).toEqual(['credential-process', '--profile', 'win-dev']);
    expect(words[0]).toBe(process.execPath);
    // And tempkey, on "Windows", runs the line it wrote (split by the Windows rules) for a profile that uses it.
    writeFileSync(h.config, readFileSync(h.config, 'utf8') + `\r\n[profile via-line]\r\ncredential_process = ${line}\r\n`);
    const got = await tempkey(['env', 'via-line', '--format', 'json'], env);
    expect(got.stderr).toBe('');
    expect(JSON.parse(got.stdout).AWS_ACCESS_KEY_ID).toBe('AKIAI44QH8DHBEXAMPLE');
  });
});
