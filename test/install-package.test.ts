import { spawn, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, run } from './helpers/run.js';

// tempkey as a user installs it: `npm pack` from a copy of the working tree (so
// the suite's dist/ is not touched), `npm install -g` of the tarball into a
// temporary prefix with no dev dependencies and no scripts, then a real flow
// from the installed binary against the installed `tempkey sandbox`.
const work = mkdtempSync(join(tmpdir(), 'tempkey-install-test-'));
const prefix = join(work, 'prefix');
const bin = join(prefix, 'bin');
const nodeDir = dirname(process.execPath);
let tarball = '';

afterAll(() => rmSync(work, { recursive: true, force: true }));

beforeAll(() => {
  const clone = join(work, 'clone');
  const tracked = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: repoRoot, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of tracked) {
    if (!existsSync(join(repoRoot, file))) continue; // deleted in the work tree
    mkdirSync(dirname(join(clone, file)), { recursive: true });
    cpSync(join(repoRoot, file), join(clone, file));
  }
  symlinkSync(join(repoRoot, 'node_modules'), join(clone, 'node_modules'));
  const packOut = execFileSync('npm', ['pack', '--pack-destination', work, '--loglevel=error'], { cwd: clone, encoding: 'utf8' });
  tarball = join(work, packOut.trim().split('\n').at(-1)!);
  // --prefer-offline: the npm cache usually has every runtime dependency; the registry is asked otherwise.
  execFileSync('npm', ['install', '-g', '--prefix', prefix, tarball, '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd: work, stdio: 'pipe' });
}, 180_000);

function installedEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  // No repository, no dev dependencies: PATH has the installed bin, node, and the system tools.
  return { PATH: [bin, nodeDir, ...(process.env.PATH ?? '').split(delimiter)].join(delimiter), HOME: join(work, 'home'), ...extra };
}

describe('the packed tarball', () => {
  it('holds the built CLI, no source maps, no sources, and no install scripts', () => {
    const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(files).toContain('package/bin/tempkey.js');
    expect(files).toContain('package/dist/cli.cjs');
    expect(files).toContain('package/dist/fast.cjs');
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.filter((f) => f.startsWith('package/src/') || f.startsWith('package/test/'))).toEqual([]);
    const pkg = JSON.parse(execFileSync('tar', ['xzOf', tarball, 'package/package.json'], { encoding: 'utf8' })) as { scripts?: Record<string, string>; dependencies: Record<string, string> };
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) expect(pkg.scripts?.[hook]).toBeUndefined();
    // Everything the built code imports from npm is a runtime dependency.
    const installed = readdirSync(join(prefix, 'lib/node_modules/tempkey/node_modules'));
    expect(installed).not.toContain('esbuild');
    expect(installed).not.toContain('vitest');
  });

  it('installs a tempkey that runs a real flow from the installed sandbox', async () => {
    const home = join(work, 'sandbox');
    const sandbox = spawn(join(bin, 'tempkey'), ['sandbox', '--auto-approve', '--dir', home], { cwd: work, env: installedEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    sandbox.stdout.on('data', (d) => (out += d));
    sandbox.stderr.on('data', (d) => (err += d));
    const exited = new Promise<number | null>((r) => sandbox.on('exit', (code) => r(code)));
    try {
      await expect.poll(() => out + err, { timeout: 60_000, interval: 200 }).toContain('Ctrl-C stops the sandbox');
      const env: NodeJS.ProcessEnv = installedEnv();
      for (const m of readFileSync(join(home, 'sandbox.env'), 'utf8').matchAll(/^export (\w+)='((?:[^']|'\\'')*)'$/gm)) env[m[1]!] = m[2]!.replace(/'\\''/g, "'");
      const tk = (...args: string[]) => run(join(bin, 'tempkey'), args, env, { cwd: work });

      expect((await tk('--version')).stdout.trim()).toBe(JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version);
      const login = await tk('login', '--sso-session', 'sandbox');
      expect(login.stderr).toContain("Signed in to sso-session 'sandbox'");
      expect((await tk('profiles', 'sync')).status).toBe(0);
      const who = await tk('whoami', 'apps-prd-devops', '--json');
      expect(who.stderr).toBe('');
      expect(JSON.parse(who.stdout).arn).toMatch(/^arn:aws:sts::\d{12}:assumed-role\/DevOps\/alice$/);
      // The IAM path too: keys into the vault, one MFA code (the sandbox's mfa_process) for a role.
      expect((await tk('credentials', 'configure', '--profile', 'acme-security', '--credentials-file', join(home, 'alice_accessKeys.csv'))).status).toBe(0);
      const role = await tk('whoami', 'acme-shared-devops', '--json');
      expect(JSON.parse(role.stdout).arn).toMatch(/:assumed-role\/DevOps\//);
      // The credential_process line it wrote starts the installed tempkey by name: it is on PATH.
      expect(readFileSync(join(home, '.aws/config'), 'utf8')).toMatch(/^credential_process = tempkey credential-process /m);
    } finally {
      sandbox.kill('SIGINT');
      expect(await exited).toBe(0);
    }
  }, 120_000);

  it('sandbox without moto_server fails at once and says how to install it', async () => {
    const r = await run(join(bin, 'tempkey'), ['sandbox', '--dir', join(work, 'no-moto')], { PATH: [bin, nodeDir].join(delimiter), HOME: join(work, 'home') }, { cwd: work, timeoutMs: 15_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('moto_server');
    expect(r.stderr).toContain("fix: pip install 'moto[server]'");
  });
});
