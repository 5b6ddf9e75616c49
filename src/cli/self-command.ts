import { accessSync, constants, readFileSync, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { currentPlatform, isWindows, quoteCommandLine, selfArgv } from '../lib/platform.js';

/**
 * How other tools should start this tempkey, for the `credential_process =`
 * lines tempkey writes:
 * - TEMPKEY_CREDENTIAL_PROCESS_COMMAND, verbatim, when set (the documented override);
 * - `tempkey` when the `tempkey` on PATH is this very program, so the line
 *   survives an nvm switch or a reinstall elsewhere;
 * - else the absolute path of the running script (with node in front when the
 *   script cannot run by itself, always on Windows), quoted for the platform
 *   (POSIX, or cmd.exe on Windows) by lib/platform's quoteCommandLine.
 * On Windows a bare `tempkey` would be npm's tempkey.cmd, which botocore
 * cannot start without its extension, so the line names node instead.
 */
export function selfCommand(env: NodeJS.ProcessEnv, argv1: string | undefined = process.argv[1]): string {
  const override = env.TEMPKEY_CREDENTIAL_PROCESS_COMMAND ?? env.TEMPKEY_SELF;
  if (override) return override;
  if (!argv1) return 'tempkey';
  const platform = currentPlatform(env);
  const script = safeRealpath(argv1);
  const windows = isWindows(platform);
  const onPath = windows ? undefined : findOnPath('tempkey', env);
  if (onPath && safeRealpath(onPath) === script) return 'tempkey';
  const nodeOnPath = windows ? findOnPath('node.exe', env) : undefined;
  const argv = selfArgv(script, platform, {
    nodePath: process.execPath,
    runsByItself: !windows && runsByItself(script),
    nodeOnPathIsThis: Boolean(nodeOnPath && safeRealpath(nodeOnPath) === safeRealpath(process.execPath)),
  });
  return quoteCommandLine(argv, platform);
}

function findOnPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      /* not here */
    }
  }
  return undefined;
}

/** An executable file with a `#!` line runs without naming node. */
function runsByItself(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return readFileSync(path, { encoding: 'utf8', flag: 'r' }).startsWith('#!');
  } catch {
    return false;
  }
}

function safeRealpath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}
