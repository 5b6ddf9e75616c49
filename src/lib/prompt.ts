import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { TempkeyError } from './errors.js';
import type { Prompter } from './domain.js';

/**
 * Asks on the controlling terminal (/dev/tty), never on stdout, which a tool
 * calling credential-process captures. Secrets are read with echo off. With no
 * terminal (CI, a daemon), a clear error naming the flag or variable to use.
 */
export function terminalPrompter(noTerminalFix = 'Pass the value with a flag or environment variable instead.'): Prompter {
  return {
    async ask(question: string, opts: { secret?: boolean } = {}): Promise<string> {
      let fd: number;
      try {
        fd = openSync('/dev/tty', 'r+');
      } catch {
        throw new TempkeyError('NO_TERMINAL', `${question.trim().replace(/:$/, '')}: but there is no terminal to ask on.`, {
          fix: noTerminalFix,
          exitCode: 2,
        });
      }
      const echo = (on: boolean) => spawnSync('stty', [on ? 'echo' : '-echo'], { stdio: [fd, 'ignore', 'ignore'] });
      try {
        writeSync(fd, question);
        if (opts.secret) echo(false);
        // Blocking reads on purpose: an async stream would leave a read pending
        // on the terminal that keeps node alive after the answer.
        const buf = Buffer.alloc(256);
        let line = '';
        for (;;) {
          const n = readSync(fd, buf, 0, buf.length, null);
          if (n <= 0) break;
          line += buf.toString('utf8', 0, n);
          if (line.includes('\n')) break;
        }
        return line.split(/\r?\n/)[0]!;
      } finally {
        if (opts.secret) {
          echo(true);
          writeSync(fd, '\n');
        }
        closeSync(fd);
      }
    },
  };
}
