import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, tempkey } from './helpers/run.js';
import { commandLine } from '../src/lib/command-line.js';

/**
 * After the console's access key CSV is imported into the vault, the CSV still
 * holds the secret key in plain text: tempkey says so, offers to delete it on a
 * terminal, and prints the command to do it elsewhere.
 */
const homes: string[] = [];
afterAll(() => {
  for (const h of homes) rmSync(h, { recursive: true, force: true });
});

function newHome() {
  const home = mkdtempSync(join(tmpdir(), 'tempkey-csv-'));
  homes.push(home);
  const csv = join(home, 'alice_accessKeys.csv');
  writeFileSync(csv, 'Access key ID,Secret access key\nAKIACSVCSVCSVCSVCSV1,csvsecretcsvsecretcsvsecretcsvsecret0000\n');
  const env = { PATH: process.env.PATH, HOME: home, TEMPKEY_VAULT_BACKEND: 'file', TEMPKEY_FILE_PASSPHRASE: 'csv-test-passphrase' };
  return { home, csv, env };
}
const args = (csv: string) => ['credentials', 'configure', '--profile', 'alice', '--credentials-file', csv, '--skip-verify', '--no-mfa', '--region', 'us-east-1'];

describe('importing an access key CSV', () => {
  it('without a terminal: says the CSV still holds the key and prints the command that deletes it', async () => {
    const { csv, env } = newHome();
    const r = await tempkey(args(csv), env);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`${csv} still holds the secret access key in plain text.`);
    expect(r.stderr).toContain(`rm ${commandLine([csv])}`);
    expect(existsSync(csv)).toBe(true);
  });

  it('on a terminal: asks, and deletes the CSV when told yes', async () => {
    const { csv, env } = newHome();
    const question = `Delete ${csv} now? [y/N] `;
    const spec = JSON.stringify({ argv: [process.execPath, join(repoRoot, 'bin/tempkey.js'), ...args(csv)], answers: { [question]: 'y' }, timeout: 30 });
    const report = await new Promise<{ output: string; answered: string[]; status: number }>((res) => {
      const child = spawn('python3', [join(repoRoot, 'test/helpers/pty-run.py'), spec], { env, stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.on('close', () => res(JSON.parse(out)));
    });
    expect(report.answered).toEqual([question]);
    expect(report.status).toBe(0);
    expect(report.output).toContain(`Deleted ${csv}.`);
    expect(existsSync(csv)).toBe(false);
  });
});
