import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, run } from './helpers/run.js';

// The `credential_process =` line `credentials configure` writes: `tempkey` when
// that is on PATH, else an absolute path escaped without a leading quote (the Go
// SDK cuts a quoted value), and the documented override taken verbatim. botocore
// (shlex, no shell) runs the line it wrote under a path with spaces.
const root = mkdtempSync(join(tmpdir(), 'tempkey cp line-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// A copy of the built tool under a directory whose name has spaces (a real copy: realpath must keep them).
const app = join(root, 'my tools', 'tempkey');
mkdirSync(app, { recursive: true });
for (const part of ['bin', 'dist', 'package.json']) cpSync(join(repoRoot, part), join(app, part), { recursive: true });
symlinkSync(join(repoRoot, 'node_modules'), join(app, 'node_modules'));
const script = join(app, 'bin/tempkey.js');

// The real interpreter (a pyenv shim finds it through HOME, which each test replaces).
const python = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();

let n = 0;
function home(): { env: NodeJS.ProcessEnv; dir: string; csv: string } {
  const dir = join(root, `home-${n++}`);
  mkdirSync(dir);
  const csv = join(dir, 'keys.csv');
  writeFileSync(csv, 'User name,Password,Access key ID,Secret access key,Console login link\nalice,,AKIAIOSFODNN7EXAMPLE,wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY,\n');
  // PATH keeps python (botocore) and node, but holds no tempkey unless a test adds one.
  const path = (process.env.PATH ?? '').split(delimiter).filter((d) => !d.includes('tempkey'));
  return { dir, csv, env: { HOME: dir, PATH: [dirname(process.execPath), ...path].join(delimiter), TEMPKEY_FILE_PASSPHRASE: 'line test', AWS_EC2_METADATA_DISABLED: 'true' } };
}

async function configure(env: NodeJS.ProcessEnv, csv: string) {
  const r = await run(process.execPath, [script, 'credentials', 'configure', '--profile', 'p', '--credentials-file', csv, '--skip-verify', '--no-mfa', '--backend', 'file', '--region', 'us-east-1'], env);
  expect(r.stderr).toContain('Wrote [profile p]');
  expect(r.status).toBe(0);
  return /^credential_process = (.*)$/m.exec(readFileSync(join(env.HOME!, '.aws/config'), 'utf8'))![1]!;
}

describe('credential_process lines', () => {
  it('under a path with spaces: no leading quote, and botocore runs it', async () => {
    const { env, csv } = home();
    const line = await configure(env, csv);
    expect(line).toBe(`${script.replace(/ /g, '\\ ')} credential-process --profile p`);
    expect(line.startsWith('"')).toBe(false);
    const py = await run(python, ['-c', "import botocore.session as s; c = s.Session(profile='p').get_credentials(); print(c.method, c.access_key)"], env);
    expect(py.stderr).toBe('');
    expect(py.stdout.trim()).toBe('custom-process AKIAIOSFODNN7EXAMPLE');
  });

  it('is plain `tempkey` when the tempkey on PATH is this one', async () => {
    const { env, csv, dir } = home();
    mkdirSync(join(dir, 'bin'));
    symlinkSync(script, join(dir, 'bin/tempkey'));
    env.PATH = `${join(dir, 'bin')}${delimiter}${env.PATH}`;
    expect(await configure(env, csv)).toBe('tempkey credential-process --profile p');
  });

  it('takes TEMPKEY_CREDENTIAL_PROCESS_COMMAND verbatim', async () => {
    const { env, csv } = home();
    env.TEMPKEY_CREDENTIAL_PROCESS_COMMAND = '/opt/bin/tempkey-wrapper';
    expect(await configure(env, csv)).toBe('/opt/bin/tempkey-wrapper credential-process --profile p');
  });
});
