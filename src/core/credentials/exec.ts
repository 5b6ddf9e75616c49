import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { TempkeyError } from '../../lib/errors.js';
import { childSignalPolicy, currentPlatform, interactiveShell, launchCommand, type Platform } from '../../lib/platform.js';

/**
 * Runs a program with the given environment, stdio inherited, signals passed
 * on (Unix; on Windows the console gives Ctrl-C to the program itself), and returns its exit status (128 + signal number when a signal ended
 * it, like a shell). No command: the user's shell ($SHELL on Unix, COMSPEC
 * on Windows; lib/platform decides).
 */
export async function runProgram(command: string[], env: NodeJS.ProcessEnv, platform: Platform = currentPlatform(env), cwd?: string): Promise<number> {
  const argv = command.length ? command : [interactiveShell(env, platform)];
  const cmd = argv[0]!;
  const launch = launchCommand(argv, env, platform);
  // Handlers first: the program may run (and someone signal us) before spawn() returns,
  // and an unhandled SIGTERM would end tempkey and leave the program running.
  let child: ReturnType<typeof spawn> | undefined;
  const early: NodeJS.Signals[] = [];
  const handlers = new Map<NodeJS.Signals, () => void>();
  const signals = childSignalPolicy(platform);
  for (const sig of signals.forward) {
    const h = () => {
      if (!child) early.push(sig);
      else if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    };
    handlers.set(sig, h);
    process.on(sig, h);
  }
  for (const sig of signals.ignore) {
    const h = () => {};
    handlers.set(sig, h);
    process.on(sig, h);
  }
  child = spawn(launch.file, launch.args, { env, stdio: 'inherit', cwd, windowsVerbatimArguments: launch.windowsVerbatimArguments });
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
