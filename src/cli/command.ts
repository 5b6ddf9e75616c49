import { parseArgs } from 'node:util';
import type { CliIo, CommandModule } from './io.js';
import { TempkeyError } from '../lib/errors.js';
import { checkRegion } from '../lib/regions.js';
import { closestNames } from '../lib/suggest.js';
import { parseSimpleFlags } from './simple-flags.js';

/**
 * The command-definition helper: a command is its flags, its positional
 * arguments and one call into core/. Everything every command must do the
 * same way lives here: --help, unknown flags (with the closest flag
 * suggested), values checked by kind (integers, choices, regions), a profile
 * given as PROFILE or --profile (not two different ones), extra arguments
 * refused, and --json either honoured or refused.
 */
export type FlagSpec =
  | { type: 'boolean'; short?: string }
  | {
      type: 'string';
      short?: string;
      multiple?: boolean;
      /** The value must be one of these. */
      choices?: readonly string[];
      /** The value must be a whole number in this range. */
      integer?: { min?: number; max?: number };
      /** The value must be a region of a known AWS partition. */
      region?: boolean;
    };

export type FlagSpecs = Record<string, FlagSpec>;

type ValueOf<S extends FlagSpec> = S extends { type: 'boolean' } ? boolean : S extends { multiple: true } ? string[] : string;
export type FlagValues<F extends FlagSpecs> = { [K in keyof F]?: ValueOf<F[K]> } & { help?: boolean; verbose?: boolean; json?: boolean };

/** Flags every command accepts. */
export const COMMON_FLAGS = {
  help: { type: 'boolean', short: 'h' },
  verbose: { type: 'boolean', short: 'v' },
  json: { type: 'boolean' },
} as const satisfies FlagSpecs;

export interface Invocation<F extends FlagSpecs> {
  values: FlagValues<F>;
  /** Positional arguments by name (PROFILE excluded: see `profile`). */
  args: Record<string, string | undefined>;
  /** Extra positional words, for commands with `rest` (exec's program without `--`). */
  rest: string[];
  /** The profile, from PROFILE or --profile. */
  profile?: string;
  /** After `--`, for commands with `program`. */
  program: string[];
  io: CliIo;
  /** The arguments as given (after the command name). */
  argv: string[];
}

export interface CommandSpec<F extends FlagSpecs> {
  /** As typed: 'config set'. */
  name: string;
  summary: string;
  help: string;
  flags: F;
  /**
   * Positional arguments in order. 'PROFILE' is optional and merges with
   * --profile; a name ending in '?' is optional.
   */
  args?: readonly string[];
  /** More positional words are allowed and handed over in `rest`. */
  rest?: boolean;
  /** Words after `--` are a program to run (not our flags). */
  program?: boolean;
  /** --json prints machine-readable output; otherwise --json is refused. */
  json: boolean;
  run(c: Invocation<F>): Promise<number>;
}

export interface DefinedCommand extends CommandModule {
  spec: CommandSpec<FlagSpecs>;
}

export function defineCommand<F extends FlagSpecs>(spec: CommandSpec<F>): DefinedCommand {
  return {
    summary: spec.summary,
    spec: spec as unknown as CommandSpec<FlagSpecs>,
    async run(argv, io) {
      const dash = spec.program ? argv.indexOf('--') : -1;
      const own = dash >= 0 ? argv.slice(0, dash) : argv;
      const program = dash >= 0 ? argv.slice(dash + 1) : [];
      const { values, positionals } = parseCommandLine(spec, own);
      if (values.help) {
        io.stdout(spec.help.endsWith('\n') ? spec.help : `${spec.help}\n`);
        return 0;
      }
      if (values.json && !spec.json) {
        throw new TempkeyError('BAD_FLAG', `tempkey ${spec.name} has no JSON output; --json is not accepted here.`, {
          fix: `Run it without --json (see 'tempkey ${spec.name} --help').`,
          location: { flag: '--json' },
          exitCode: 2,
        });
      }
      checkValues(spec, values);
      const { args, rest, profile } = assignPositionals(spec, positionals, values as Record<string, unknown>);
      return spec.run({ values: values as FlagValues<F>, args, rest, profile, program, io, argv });
    },
  };
}

export function parseCommandLine(spec: CommandSpec<FlagSpecs>, argv: string[]) {
  const flags: FlagSpecs = { ...COMMON_FLAGS, ...spec.flags };
  // The usual lines are read without loading parseArgs (`tempkey profiles list --json`,
  // `tempkey explain PROFILE` run many times from scripts); anything else goes to it.
  const simple = parseSimpleFlags(argv, flags);
  if (simple) return { values: simple.values as FlagValues<FlagSpecs>, positionals: simple.positionals };
  const options: Record<string, { type: 'boolean' | 'string'; short?: string; multiple?: boolean }> = {};
  for (const [name, f] of Object.entries<FlagSpec>(flags)) options[name] = { type: f.type, ...(f.short ? { short: f.short } : {}), ...('multiple' in f && f.multiple ? { multiple: true } : {}) };
  try {
    const r = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: r.values as FlagValues<FlagSpecs>, positionals: r.positionals };
  } catch (e) {
    throw flagError(spec, (e as Error).message);
  }
}

/** node's parseArgs messages, made actionable: the closest flag of this command. */
function flagError(spec: CommandSpec<FlagSpecs>, raw: string): TempkeyError {
  const msg = raw.replace(/\. To specify a positional argument starting with a '-'.*$/s, '.');
  const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(msg)?.[1];
  const names = flagNames(spec);
  const near = unknown ? closestNames(unknown.replace(/=.*$/, ''), names) : [];
  return new TempkeyError('BAD_FLAG', `tempkey ${spec.name}: ${msg}${near.length ? ` Did you mean: ${near.join(', ')}?` : ''}`, {
    fix: `Run 'tempkey ${spec.name} --help' for the options it accepts.`,
    location: unknown ? { flag: unknown } : undefined,
    exitCode: 2,
  });
}

/** Every flag of a command as typed (`--profile`), for suggestions and completion. */
export function flagNames(spec: Pick<CommandSpec<FlagSpecs>, 'flags'>): string[] {
  return Object.keys({ ...spec.flags, ...COMMON_FLAGS }).map((n) => `--${n}`);
}

function checkValues(spec: CommandSpec<FlagSpecs>, values: Record<string, unknown>): void {
  for (const [name, f] of Object.entries(spec.flags)) {
    const v = values[name];
    if (f.type !== 'string' || v === undefined) continue;
    for (const one of Array.isArray(v) ? (v as string[]) : [v as string]) {
      const flag = `--${name}`;
      if (f.choices && !f.choices.includes(one)) {
        const near = closestNames(one, f.choices, 1);
        throw new TempkeyError('BAD_FLAG', `tempkey ${spec.name}: unknown ${flag} '${one}' (one of ${f.choices.join(', ')}).${near.length ? ` Did you mean: ${near[0]}?` : ''}`, {
          fix: `e.g. ${flag} ${near[0] ?? f.choices[0]}`,
          location: { flag },
          exitCode: 2,
        });
      }
      if (f.integer) {
        const n = /^\d+$/.test(one) ? Number(one) : NaN;
        const { min = 0, max = Number.MAX_SAFE_INTEGER } = f.integer;
        if (!Number.isSafeInteger(n) || n < min || n > max) {
          throw new TempkeyError('BAD_FLAG', `tempkey ${spec.name}: ${flag} wants a whole number${f.integer.max !== undefined ? ` from ${min} to ${max}` : min ? ` of at least ${min}` : ''}, not '${one}'.`, {
            fix: `e.g. ${flag} ${Math.max(min, Math.min(max, name === 'port' ? 8080 : 90))}`,
            location: { flag },
            exitCode: 2,
          });
        }
      }
      if (f.region) checkRegion(one, flag, process.env);
    }
  }
}

function assignPositionals(spec: CommandSpec<FlagSpecs>, positionals: string[], values: Record<string, unknown>) {
  const names = [...(spec.args ?? [])];
  const words = [...positionals];
  const args: Record<string, string | undefined> = {};
  let profile = typeof values.profile === 'string' ? values.profile : undefined;
  const required = names.filter((n) => n !== 'PROFILE' && !n.endsWith('?')).length;
  const takesProfile = names.includes('PROFILE');
  // PROFILE is optional: it is there when more words came than the other arguments need.
  // With `rest` (exec P cmd ...), --profile P means the words are all the program's.
  const profileGiven = takesProfile && words.length > required && !(spec.rest && profile !== undefined);
  for (const name of names) {
    if (name === 'PROFILE') {
      if (!profileGiven) continue;
      const word = words.shift()!;
      if (profile !== undefined && profile !== word) {
        throw new TempkeyError('BAD_FLAG', `tempkey ${spec.name}: two profiles given, '${word}' and --profile ${profile}; give one.`, {
          fix: `tempkey ${spec.name} ${word} ...`,
          location: { flag: '--profile' },
          exitCode: 2,
        });
      }
      profile = word;
      continue;
    }
    const word = words.shift();
    if (word === undefined && !name.endsWith('?')) {
      throw new TempkeyError('MISSING_FLAG', `tempkey ${spec.name}: ${name} is missing.`, { fix: `Usage: ${usageLine(spec)}`, exitCode: 2 });
    }
    args[name.replace(/\?$/, '')] = word;
  }
  if (words.length && !spec.rest) {
    throw new TempkeyError('BAD_FLAG', `tempkey ${spec.name}: unexpected argument${words.length > 1 ? 's' : ''}: ${words.join(' ')}.`, {
      fix: `Usage: ${usageLine(spec)}${spec.program ? " (a program to run goes after '--')" : ''}`,
      exitCode: 2,
    });
  }
  return { args, rest: spec.rest ? words : [], profile };
}

function usageLine(spec: CommandSpec<FlagSpecs>): string {
  return /^Usage: (.*)$/m.exec(spec.help)?.[1] ?? `tempkey ${spec.name} --help`;
}
