import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assumeRoleCacheKey } from '../src/files/cache-keys.js';

// `tempkey exec` with credentials served from a fresh cache entry (no network):
// what the child sees, signals passed on, exit status passed back, the subshell.
const root = resolve(__dirname, '..');
const roleArn = 'arn:aws:iam::123456789012:role/Exec';
let home: string;
let env: NodeJS.ProcessEnv;

function tempkey(args: string[], opts: { onSpawn?: (pid: number) => void; extraEnv?: NodeJS.ProcessEnv } = {}) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((res) => {
    const child = spawn(process.execPath, [join(root, 'bin/tempkey.js'), ...args], { env: { ...env, ...opts.extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      if (stdout.includes('ready') && opts.onSpawn) {
        opts.onSpawn(child.pid!);
        opts.onSpawn = undefined;
      }
    });
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => res({ status, stdout, stderr }));
  });
}

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'tempkey-exec-'));
  mkdirSync(join(home, '.aws/cli/cache'), { recursive: true });
  writeFileSync(join(home, '.aws/config'), `[profile dev]\nrole_arn = ${roleArn}\nsource_profile = base\nregion = eu-central-1\n`);
  writeFileSync(join(home, '.aws/credentials'), `[base]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n`);
  const exp = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, 'UTC');
  writeFileSync(
    join(home, '.aws/cli/cache', `${assumeRoleCacheKey({ RoleArn: roleArn })}.json`),
    JSON.stringify({ Credentials: { AccessKeyId: 'ASIAEXECEXECEXECEXEC', SecretAccessKey: "s3cr'et$", SessionToken: 'tok', Expiration: exp, AccountId: '123456789012' } }),
  );
  env = {
    PATH: process.env.PATH,
    HOME: home,
    AWS_PROFILE: 'other',
    AWS_ACCESS_KEY_ID: 'AKIASTALESTALESTALE0',
    AWS_ROLE_ARN: 'arn:aws:iam::999999999999:role/Stale',
    AWS_ENDPOINT_URL: 'http://127.0.0.1:1',
  };
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('tempkey exec', () => {
  it('gives the command the credentials and region, and removes conflicting variables', async () => {
    const r = await tempkey(['exec', 'dev', '--', 'sh', '-c', 'echo "$AWS_ACCESS_KEY_ID|$AWS_SECRET_ACCESS_KEY|$AWS_SESSION_TOKEN|$AWS_REGION|$AWS_DEFAULT_REGION|${AWS_PROFILE-none}|${AWS_ROLE_ARN-none}|$TEMPKEY_PROFILE"; echo "$AWS_CREDENTIAL_EXPIRATION"']);
    expect(r.stderr).toBe('');
    const [line, exp] = r.stdout.trim().split('\n');
    expect(line).toBe("ASIAEXECEXECEXECEXEC|s3cr'et$|tok|eu-central-1|eu-central-1|none|none|dev");
    expect(exp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('passes the exit status through, and 127 for a missing command', async () => {
    expect((await tempkey(['exec', 'dev', '--', 'sh', '-c', 'exit 3'])).status).toBe(3);
    const missing = await tempkey(['exec', 'dev', '--', 'no-such-command-xyz']);
    expect(missing.status).toBe(127);
    expect(missing.stderr).toMatch(/Command not found: no-such-command-xyz/);
  });

  it('passes SIGTERM on to the command and returns what it exits with', async () => {
    const r = await tempkey(['exec', 'dev', '--', 'sh', '-c', 'trap "exit 42" TERM; echo ready; while :; do sleep 0.05; done'], {
      onSpawn: (pid) => process.kill(pid, 'SIGTERM'),
    });
    expect(r.status).toBe(42);
  });

  it('without a command starts $SHELL', async () => {
    const shell = join(home, 'fake-shell.sh');
    writeFileSync(shell, '#!/bin/sh\necho "subshell for $TEMPKEY_PROFILE with $AWS_ACCESS_KEY_ID"\n');
    chmodSync(shell, 0o755);
    const r = await tempkey(['exec', '--profile', 'dev'], { extraEnv: { SHELL: shell } });
    expect(r.stdout.trim()).toBe('subshell for dev with ASIAEXECEXECEXECEXEC');
  });

  it('env prints the same credentials, quoted for the shell', async () => {
    const r = await tempkey(['env', 'dev']);
    expect(r.stdout).toContain(`export AWS_SECRET_ACCESS_KEY='s3cr'\\''et$'`);
    const bad = await tempkey(['env', 'dev', '--format', 'tcsh']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown --format 'tcsh'/);
  });

  it('--verbose names the profile, files and cache entry, and never a secret', async () => {
    const r = await tempkey(['env', 'dev', '--verbose']);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("profile 'dev' (chosen by flag)");
    expect(r.stderr).toContain(join(home, '.aws/config'));
    expect(r.stderr).toMatch(/fresh cache entry .*\.aws\/cli\/cache\/[0-9a-f]{40}\.json/);
    expect(r.stderr).not.toContain("s3cr'et$");
    expect(r.stderr).not.toContain('ASIAEXECEXECEXECEXEC');
  });
});
