import { writeAll } from './write-all.js';

/** What a command may touch of the outside world; tests pass their own. */
export interface CliIo {
  argv0: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdout: (text: string) => void;
  /** Bytes as they are (a kept answer of 1 MB is not decoded to be encoded again); absent: decode and call stdout. */
  stdoutBytes?: (bytes: Uint8Array) => void;
  stderr: (text: string) => void;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
}

/**
 * isatty(fd), asked only when a command wants to know: node:tty loads node:net
 * and the streams (~3 ms), which explain, profiles list and the credential
 * commands never need. process.getBuiltinModule (node >= 20.16) loads it
 * synchronously in CommonJS and ESM alike; older nodes read process.stdin/stdout.
 */
function isTTY(fd: 0 | 1): boolean {
  const tty = process.getBuiltinModule?.('node:tty') as typeof import('node:tty') | undefined;
  return tty ? tty.isatty(fd) : Boolean((fd === 0 ? process.stdin : process.stdout).isTTY);
}

export function processIo(): CliIo {
  let stdinIsTTY: boolean | undefined;
  let stdoutIsTTY: boolean | undefined;
  return {
    argv0: 'tempkey',
    // A copy taken at start: the AWS SDK modules set a variable in process.env when they
    // load, which must reach neither a child's environment nor the hot-path index.
    env: { ...process.env },
    cwd: process.cwd(),
    stdout: (t) => writeAll(1, t),
    stdoutBytes: (b) => writeAll(1, b),
    stderr: (t) => writeAll(2, t),
    // Not process.stdin.isTTY: touching process.stdin builds a stream (~10 ms of modules) to read one flag.
    get stdinIsTTY() {
      return (stdinIsTTY ??= isTTY(0));
    },
    get stdoutIsTTY() {
      return (stdoutIsTTY ??= isTTY(1));
    },
  };
}

export { writeAll } from './write-all.js';

/** A command module: `run` returns the exit code. */
export interface CommandModule {
  summary: string;
  run(args: string[], io: CliIo): Promise<number>;
}
