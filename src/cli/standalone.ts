import type { CommandModule } from './io.js';
import { processIo } from './io.js';
import { reportError, wantsJson } from './report-error.js';

/**
 * The entry of a command bundled on its own (dist/cmd/<name>.cjs, see
 * scripts/build.mjs): the same run + error report as main(), without loading
 * the other commands' code, which costs ~12 ms of compiling on every start.
 */
export function runStandalone(command: CommandModule, words: number): void {
  const io = processIo();
  const args = process.argv.slice(2 + words);
  command.run(args, io).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.exitCode = reportError(e, io, wantsJson(args));
    },
  );
}
