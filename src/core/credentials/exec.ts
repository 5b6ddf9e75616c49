import { TempkeyError } from '../../lib/errors.js';
import { signalNumber, spawnInherited, type InheritedChild } from '../../lib/spawn-inherited.js';
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
  let child: InheritedChild | undefined;
  const early: NodeJS.Signals[] = [];
  const handlers = new Map<NodeJS.Signals, () => void>();
  const signals = childSignalPolicy(platform);
  for (const sig of signals.forward) {
    const h = () => {
      if (!child) early.push(sig);
      else child.kill(sig);
    };
    handlers.set(sig, h);
    process.on(sig, h);
  }
  for (const sig of signals.ignore) {
    const h = () => {};
    handlers.set(sig, h);
    process.on(sig, h);
  }
  try {
    child = await spawnInherited(launch.file, launch.args, { env, cwd, windowsVerbatimArguments: launch.windowsVerbatimArguments });
    for (const sig of early) child.kill(sig);
    const { code, signal } = await child.exited.catch((e: NodeJS.ErrnoException) => {
      const notFound = e.code === 'ENOENT';
      throw new TempkeyError(notFound ? 'COMMAND_NOT_FOUND' : 'COMMAND_FAILED', notFound ? `Command not found: ${cmd}` : `Could not run ${cmd}: ${e.message}`, {
        fix: notFound ? 'Check the command name and PATH.' : undefined,
        exitCode: notFound ? 127 : 126,
      });
    });
    if (signal) return 128 + (signalNumber(signal) ?? 1);
    return code ?? 1;
  } finally {
    for (const [sig, h] of handlers) process.off(sig, h);
  }
}
