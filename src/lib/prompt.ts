import { TempkeyError } from './errors.js';
import { currentPlatform, sttyEchoArgs, terminalDevices, type Platform } from './platform.js';
import type { Prompter } from './domain.js';

/**
 * Asks on the controlling terminal (/dev/tty on Unix, CONIN$/CONOUT$ on
 * Windows), never on stdout, which a tool calling credential-process
 * captures. Secrets are read with echo off. With no terminal (CI, a daemon),
 * a clear error naming the flag or variable to use.
 */
export function terminalPrompter(noTerminalFix = 'Pass the value with a flag or environment variable instead.', opts: { platform?: Platform; console?: ConsoleDeps } = {}): Prompter {
  return {
    async ask(question: string, askOpts: { secret?: boolean } = {}): Promise<string> {
      const platform = opts.platform ?? currentPlatform();
      // The real OS's side loads only here: node:child_process and node:tty (which loads node:net) cost ~4 ms on every start.
      const deps = opts.console ?? (await import('./node-console.js')).nodeConsole;
      const term = openTerminal(platform, deps);
      if (!term) {
        throw new TempkeyError('NO_TERMINAL', `${question.trim().replace(/:$/, '')}: but there is no terminal to ask on.`, {
          fix: noTerminalFix,
          exitCode: 2,
        });
      }
      try {
        return readAnswer(term, question, Boolean(askOpts.secret));
      } finally {
        term.close();
      }
    },
  };
}

/**
 * The few operations a prompt needs from the OS, injectable so that the
 * Windows console path runs in tests on Linux. `setRawMode` switches a console
 * input device to raw mode (no echo, no line editing); `stty` runs stty with
 * the terminal as its stdin.
 */
export interface ConsoleDeps {
  open(path: string, flags: 'r' | 'w' | 'r+'): number;
  read(fd: number, buf: Buffer): number;
  write(fd: number, text: string): void;
  close(fd: number): void;
  stty(fd: number, args: string[]): void;
  rawModeSwitch(device: string): RawModeSwitch;
}

export interface RawModeSwitch {
  set(on: boolean): void;
  close(): void;
}

interface Terminal {
  write(text: string): void;
  /** One chunk of what was typed; '' at end of input. */
  read(): string;
  echo(on: boolean): void;
  /** True when keys arrive one by one and the prompt must handle Enter, Backspace and Ctrl-C itself. */
  raw: boolean;
  newline: string;
  close(): void;
}

function openTerminal(p: Platform, deps: ConsoleDeps): Terminal | undefined {
  const dev = terminalDevices(p);
  const fds: number[] = [];
  try {
    const input = deps.open(dev.input, dev.input === dev.output ? 'r+' : 'r');
    fds.push(input);
    const output = dev.input === dev.output ? input : deps.open(dev.output, 'w');
    if (output !== input) fds.push(output);
    const buf = Buffer.alloc(256);
    let raw = false;
    let rawSwitch: RawModeSwitch | undefined;
    return {
      newline: dev.echoOff === 'stty' ? '\n' : '\r\n',
      write: (text) => deps.write(output, text),
      read: () => {
        const n = deps.read(input, buf);
        return n > 0 ? buf.toString('utf8', 0, n) : '';
      },
      echo(on) {
        if (dev.echoOff === 'stty') deps.stty(input, sttyEchoArgs(on));
        else {
          rawSwitch ??= deps.rawModeSwitch(dev.input);
          rawSwitch.set(!on);
          raw = !on;
        }
      },
      get raw() {
        return raw;
      },
      close: () => {
        rawSwitch?.close();
        for (const fd of fds.reverse()) deps.close(fd);
      },
    };
  } catch {
    for (const fd of fds) deps.close(fd);
    return undefined;
  }
}

/**
 * Reads one line. Blocking reads on purpose: an async stream would leave a
 * read pending on the terminal that keeps node alive after the answer.
 */
function readAnswer(term: Terminal, question: string, secret: boolean): string {
  // Echo goes off before the question shows, so nothing typed after it is ever echoed.
  if (secret) term.echo(false);
  let line = '';
  try {
    term.write(question);
    for (;;) {
      const chunk = term.read();
      if (!chunk) return line;
      if (!term.raw) {
        line += chunk;
        const end = line.search(/\r?\n/);
        if (end >= 0) return line.slice(0, end);
        continue;
      }
      // Raw console (Windows, echo off): keys one by one.
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return line;
        if (ch === '\x03') throw new TempkeyError('CANCELLED', 'Cancelled at the prompt (Ctrl-C).', { exitCode: 130 });
        if (ch === '\b' || ch === '\x7f') line = [...line].slice(0, -1).join('');
        else if (ch >= ' ') line += ch;
      }
    }
  } finally {
    if (secret) {
      term.echo(true);
      term.write(term.newline);
    }
  }
}
