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
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    stdinIsTTY: Boolean(process.stdin.isTTY),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
  };
}

/** A command module: `run` returns the exit code. */
export interface CommandModule {
  summary: string;
  run(args: string[], io: CliIo): Promise<number>;
}
