/**
 * The common shapes of a command line, parsed as node:util parseArgs (strict,
 * positionals allowed) parses them: `--name value`, `--name=value`,
 * `-n value`, boolean `--flag` / `-f`, positionals. Anything else (grouped or
 * attached short flags, `--`, a value that looks like a flag, a value given to
 * a boolean, an unknown flag) is undefined: "not sure", and the caller hands
 * the line to the full command, which parses it with parseArgs and reports
 * errors. So whenever this answers, it answers what parseArgs would
 * (src/cli/simple-flags.test.ts checks that against parseArgs itself).
 *
 * Why not parseArgs here: the cached credential-process path runs on every
 * AWS call other tools make, and loading plus running parseArgs is ~0.5 ms of
 * its ~4 ms over bare node; every command (cli/command.ts) reads its usual
 * lines this way too.
 */
export interface FlagSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** A flag that may be repeated (parseArgs gives an array): declined here, parseArgs reads it. */
  multiple?: boolean;
}

export function parseSimpleFlags(args: readonly string[], options: Readonly<Record<string, FlagSpec>>): { values: Record<string, string | boolean>; positionals: string[] } | undefined {
  const values: Record<string, string | boolean> = Object.create(null); // as parseArgs: no inherited keys
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg.length < 2 || arg.charCodeAt(0) !== 45 /* - */) {
      positionals.push(arg);
      continue;
    }
    let name: string | undefined;
    let inline: string | undefined;
    if (arg.charCodeAt(1) === 45) {
      if (arg.length === 2) return undefined; // `--`
      const eq = arg.indexOf('=');
      name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      if (eq >= 0) inline = arg.slice(eq + 1);
      if (!Object.hasOwn(options, name)) return undefined;
    } else {
      if (arg.length !== 2) return undefined; // -abc, -pNAME
      for (const n in options) if (options[n]!.short === arg[1]) name = n;
      if (name === undefined) return undefined;
    }
    const spec = options[name]!;
    if (spec.multiple) return undefined;
    if (spec.type === 'boolean') {
      if (inline !== undefined) return undefined;
      values[name] = true;
    } else if (inline !== undefined) {
      values[name] = inline;
    } else {
      const next = args[i + 1];
      if (next === undefined || next.startsWith('-')) return undefined; // missing, or ambiguous to parseArgs
      values[name] = next;
      i++;
    }
  }
  return { values, positionals };
}
