import { accessSync, constants, readFileSync, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { commandLine } from '../lib/command-line.js';

/**
 * How other tools should start this tempkey, for the `credential_process =`
 * lines tempkey writes:
 * - TEMPKEY_CREDENTIAL_PROCESS_COMMAND, verbatim, when set (the documented override);
 * - `tempkey` when the `tempkey` on PATH is this very program, so the line
 *   survives an nvm switch or a reinstall elsewhere;
 * - else the absolute path of the running script (with node in front when the
 *   script cannot run by itself), escaped by the one command-line function.
 */
export function selfCommand(env: NodeJS.ProcessEnv, argv1: string | undefined = process.argv[1]): string {
  const override = env.TEMPKEY_CREDENTIAL_PROCESS_COMMAND ?? env.TEMPKEY_SELF;
  if (override) return override;
  if (!argv1) return 'tempkey';
  const script = safeRealpath(argv1);
  const onPath = findOnPath('tempkey', env);
  if (onPath && safeRealpath(onPath) === script) return 'tempkey';
  return commandLine(runsByItself(script) ? [script] : [process.execPath, script]);
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
