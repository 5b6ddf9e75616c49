import { writeAll } from './write-all.js';
import { isatty } from 'node:tty';

/** What a command may touch of the outside world; tests pass their own. */
export interface CliIo {
  argv0: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
}

export function processIo(): CliIo {
  return {
    argv0: 'tempkey',
    // A copy taken at start: the AWS SDK modules set a variable in process.env when they
    // load, which must reach neither a child's environment nor the hot-path index.
    env: { ...process.env },
    cwd: process.cwd(),
    stdout: (t) => writeAll(1, t),
    stderr: (t) => writeAll(2, t),
    // Not process.stdin.isTTY: touching process.stdin builds a stream (~10 ms of modules) to read one flag.
    stdinIsTTY: isatty(0),
    stdoutIsTTY: isatty(1),
  };
}

export { writeAll } from './write-all.js';

/** A command module: `run` returns the exit code. */
export interface CommandModule {
  summary: string;
  run(args: string[], io: CliIo): Promise<number>;
}
