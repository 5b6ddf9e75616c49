/**
 * Asks a secret and then a plain question on this process's terminal with
 * the real console operations, for test/prompt-terminal.test.ts (run on a
 * pseudo-terminal by pty-run.py). `windows` maps Windows' console devices,
 * CONIN$ and CONOUT$, onto /dev/tty, so the Windows path (raw mode through a
 * tty.ReadStream on a handle of its own, keys read one by one) runs on a
 * real terminal; `unix` is the /dev/tty + stty path as it ships.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { terminalPrompter, type ConsoleDeps } from '../../src/lib/prompt.js';
import { nodeConsole } from '../../src/lib/node-console.js';
import { LINUX, WINDOWS } from '../../src/lib/platform.js';

const mode = process.argv[2];
const onTty = (device: string) => (device === 'CONIN$' || device === 'CONOUT$' ? '/dev/tty' : device);
const console: ConsoleDeps = mode === 'windows' ? { ...nodeConsole, open: (p, f) => nodeConsole.open(onTty(p), f), rawModeSwitch: (d) => nodeConsole.rawModeSwitch(onTty(d)) } : nodeConsole;
const prompter = terminalPrompter('x', { platform: mode === 'windows' ? WINDOWS : LINUX, console });

/** The terminal's settings, to compare before and after. */
const sttyState = () => {
  const fd = openSync('/dev/tty', 'r');
  try {
    return execFileSync('stty', ['-g'], { stdio: [fd, 'pipe', 'ignore'], encoding: 'utf8' }).trim();
  } finally {
    closeSync(fd);
  }
};

void (async () => {
  const before = sttyState();
  const secret = await prompter.ask('Passphrase: ', { secret: true });
  const code = await prompter.ask('Code: ');
  process.stdout.write(`ANSWERS=${JSON.stringify({ secret, code, restored: sttyState() === before })}\n`);
})();
