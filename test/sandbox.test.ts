import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, run, tempkey } from './helpers/run.js';

// `tempkey sandbox` as a person uses it: start it, source its environment, use
// both paths from another process, stop it with Ctrl-C.
const dir = mkdtempSync(join(tmpdir(), 'tempkey-sandbox-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const m of text.matchAll(/^export (\w+)='((?:[^']|'\\'')*)'$/gm)) env[m[1]!] = m[2]!.replace(/'\\''/g, "'");
  return env;
}

describe('tempkey sandbox', () => {
  it('serves a demo organization both paths work against, and stops on SIGINT', async () => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin/tempkey.js'), 'sandbox', '--auto-approve', '--dir', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      await expect.poll(() => out, { timeout: 60_000, interval: 200 }).toContain('Ctrl-C stops the sandbox');
      expect(out).toMatch(/local AWS at http:\/\/127\.0\.0\.1:\d+ \(5 accounts/);
      const env: Record<string, string | undefined> = { PATH: process.env.PATH, ...parseEnvFile(readFileSync(join(dir, 'sandbox.env'), 'utf8')) };
      expect(env.HOME).toBe(dir);
      // Every service's own endpoint variable too (terraform's AWS provider reads AWS_ENDPOINT_URL_<SERVICE>).
      for (const s of ['SSO', 'SSO_OIDC', 'STS', 'IAM', 'ORGANIZATIONS', 'S3']) expect(env[`AWS_ENDPOINT_URL_${s}`]).toBe(env.AWS_ENDPOINT_URL);
      expect(out).toContain('AWS_ENDPOINT_URL_SSO, AWS_ENDPOINT_URL_SSO_OIDC, AWS_ENDPOINT_URL_STS');

      expect((await tempkey(['login', '--sso-session', 'sandbox'], env)).status).toBe(0);
      const sync = await tempkey(['profiles', 'sync', '--json'], env);
      expect(JSON.parse(sync.stdout)).toMatchObject({ accounts: 5, roles: 11 });
      const sso = await run('aws', ['sts', 'get-caller-identity', '--output', 'json'], { ...env, AWS_PROFILE: 'apps-prd-devops' });
      expect(sso.stderr).toBe('');
      expect(JSON.parse(sso.stdout).Arn).toMatch(/^arn:aws:sts::\d{12}:assumed-role\/DevOps\/alice$/);

      const configure = await tempkey(['credentials', 'configure', '--profile', 'acme-security', '--credentials-file', join(dir, 'alice_accessKeys.csv')], env);
      expect(configure.status).toBe(0);
      const a = await tempkey(['whoami', 'acme-apps-devstg-devops', '--json'], env);
      const b = await tempkey(['whoami', 'acme-shared-devops', '--json'], env);
      expect(JSON.parse(a.stdout).arn).toMatch(/:assumed-role\/DevOps\//);
      expect(JSON.parse(b.stdout).account).not.toBe(JSON.parse(a.stdout).account);
      // One MFA code for both roles: the sandbox's log shows a single GetSessionToken.
      const log = (await (await fetch(`${env.AWS_ENDPOINT_URL}/_emulator/log`)).json()) as { operation: string }[];
      expect(log.filter((e) => e.operation === 'GetSessionToken')).toHaveLength(1);
    } finally {
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    }
    expect(existsSync(join(dir, '.aws/config'))).toBe(true);
  }, 120_000);
});
