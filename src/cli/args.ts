import { parseArgs, type ParseArgsConfig } from 'node:util';
import { TempkeyError } from '../lib/errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Flags every command accepts. */
export const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  verbose: { type: 'boolean', short: 'v' },
  json: { type: 'boolean' },
} as const satisfies Options;

/**
 * node:util parseArgs with errors a person can act on: an unknown or
 * malformed flag names itself and the command's --help.
 */
export function parseFlags<O extends Options>(
  command: string,
  args: string[],
  options: O,
  opts: { allowPositionals?: boolean } = {},
) {
  try {
    return parseArgs({
      args,
      options: { ...COMMON_OPTIONS, ...options },
      allowPositionals: opts.allowPositionals ?? true,
      strict: true,
    });
  } catch (e) {
    const msg = (e as Error).message.replace(/^.*?: /, '');
    throw new TempkeyError('BAD_FLAG', `tempkey ${command}: ${msg}`, {
      fix: `Run 'tempkey ${command} --help' for the options it accepts.`,
      exitCode: 2,
    });
  }
}

/** `tempkey exec P -- cmd args`: our flags before `--`, the program after (its flags are not ours). */
export function splitAtDoubleDash(args: string[]): { own: string[]; program: string[] } {
  const dash = args.indexOf('--');
  return dash >= 0 ? { own: args.slice(0, dash), program: args.slice(dash + 1) } : { own: args, program: [] };
}
