import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/run.js';

// The prompt's real console operations on a real (pseudo-)terminal: the secret
// is not echoed, Backspace and Enter work, the terminal is back to normal for
// the next question, and nothing keeps node alive afterwards. The Windows
// branch runs with CONIN$/CONOUT$ mapped onto /dev/tty (the nearest thing to a
// Windows console on this machine).
const dir = mkdtempSync(join(tmpdir(), 'tempkey-prompt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const helper = join(dir, 'prompt-on-tty.cjs');
buildSync({ entryPoints: [join(repoRoot, 'test/helpers/prompt-on-tty.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: helper, logLevel: 'error' });

function onTerminal(mode: 'windows' | 'unix', answers: Record<string, string>) {
  return new Promise<{ output: string; answered: string[]; status: number }>((res) => {
    const spec = JSON.stringify({ argv: [process.execPath, helper, mode], answers, timeout: 20 });
    const child = spawn('python3', [join(repoRoot, 'test/helpers/pty-run.py'), spec], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', () => res(JSON.parse(out)));
  });
}

const answersIn = (output: string) => JSON.parse(/ANSWERS=(\{.*\})/.exec(output)![1]!);

describe('prompts on a real terminal', () => {
  for (const mode of ['windows', 'unix'] as const) {
    it(`${mode}: the secret is read without echo (Backspace works), the next question echoes again, and the process exits`, async () => {
      // \x7f is what the Backspace key sends.
      const r = await onTerminal(mode, { 'Passphrase: ': 'hunter3x\x7f2 ü', 'Code: ': '424242' });
      expect(r.answered).toEqual(['Passphrase: ', 'Code: ']);
      expect(r.status).toBe(0);
      expect(answersIn(r.output)).toEqual({ secret: 'hunter32 ü', code: '424242', restored: true });
      const shown = r.output.replace(/ANSWERS=.*/, '');
      expect(shown).not.toContain('hunter');
      expect(shown).toContain('424242'); // echo is back on
    });
  }
});
