import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { TempkeyError } from '../../lib/errors.js';
import { currentPlatform, interactiveShell, type Platform } from '../../lib/platform.js';

const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH'];

/**
 * Runs a program with the given environment, stdio inherited, signals passed
 * on, and returns its exit status (128 + signal number when a signal ended
 * it, like a shell). No command: the user's shell ($SHELL on Unix, COMSPEC
 * on Windows; lib/platform decides).
 */
export async function runProgram(command: string[], env: NodeJS.ProcessEnv, platform: Platform = currentPlatform(env), cwd?: string): Promise<number> {
  const argv = command.length ? command : [interactiveShell(env, platform)];
  const [cmd, ...args] = argv as [string, ...string[]];
  // Handlers first: the program may run (and someone signal us) before spawn() returns,
  // and an unhandled SIGTERM would end tempkey and leave the program running.
  let child: ReturnType<typeof spawn> | undefined;
  const early: NodeJS.Signals[] = [];
  const handlers = new Map<NodeJS.Signals, () => void>();
  for (const sig of FORWARDED) {
    const h = () => {
      if (!child) early.push(sig);
      else if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    };
    handlers.set(sig, h);
    process.on(sig, h);
  }
  child = spawn(cmd, args, { env, stdio: 'inherit', cwd });
  for (const sig of early) child.kill(sig);
  try {
    return await new Promise<number>((resolve, reject) => {
      child.on('error', (e: NodeJS.ErrnoException) => {
        const notFound = e.code === 'ENOENT';
        reject(
          new TempkeyError(notFound ? 'COMMAND_NOT_FOUND' : 'COMMAND_FAILED', notFound ? `Command not found: ${cmd}` : `Could not run ${cmd}: ${e.message}`, {
            fix: notFound ? 'Check the command name and PATH.' : undefined,
            exitCode: notFound ? 127 : 126,
          }),
        );
      });
      child.on('exit', (code, signal) => {
        if (signal) resolve(128 + ((constants.signals as Record<string, number>)[signal] ?? 1));
        else resolve(code ?? 1);
      });
    });
  } finally {
    for (const [sig, h] of handlers) process.off(sig, h);
  }
}
