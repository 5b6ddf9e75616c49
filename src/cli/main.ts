import { COMMANDS } from './commands.js';
import { processIo, type CliIo } from './io.js';
import { reportError, wantsJson } from './report-error.js';

export { reportError };
import { TempkeyError } from '../lib/errors.js';
import { closestNames } from '../lib/suggest.js';

const VERSION = '0.1.0';

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `tempkey ${VERSION}: short-lived AWS credentials for IAM users and IAM Identity Center\n\nUsage: tempkey <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun 'tempkey <command> --help' for a command's options.\n`;
}

/** Finds the longest command name that prefixes argv ("profiles sync" before "profiles"). */
export function findCommand(argv: string[]): { name: string; rest: string[] } | undefined {
  for (let n = Math.min(3, argv.length); n >= 1; n--) {
    const name = argv.slice(0, n).join(' ');
    if (COMMANDS[name]) return { name, rest: argv.slice(n) };
  }
  return undefined;
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.stdout(usage());
    return 0;
  }
  if (argv[0] === '--version' || argv[0] === '-V') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  // The completion scripts' question (not a command a person types; not in --help).
  if (argv[0] === '__complete') return (await import('./complete.js')).complete(argv.slice(1), io);
  const found = findCommand(argv);
  if (!found) return reportError(unknownCommand(argv), io, wantsJson(argv));
  try {
    const mod = await COMMANDS[found.name]!.load();
    return await mod.run(found.rest, io);
  } catch (e) {
    return reportError(e, io, wantsJson(found.rest));
  }
}

/** `tempkey exce`: the closest commands (one suggestion function for commands, flags and profiles). */
function unknownCommand(argv: string[]): TempkeyError {
  const names = Object.keys(COMMANDS);
  const group = names.filter((c) => c.startsWith(`${argv[0]} `));
  let near = group.length ? closestNames(argv.slice(0, 2).join(' '), group) : [];
  if (!near.length) near = group;
  if (!near.length) {
    const byWords = (k: number) => closestNames(argv.slice(0, k).join(' '), names.filter((n) => n.split(' ').length === k));
    near = [...byWords(2), ...byWords(1)].slice(0, 3);
  }
  return new TempkeyError('BAD_COMMAND_LINE', `unknown command '${argv.filter((a) => !a.startsWith('-')).slice(0, 2).join(' ')}'.${near.length ? ` Did you mean: ${near.map((g) => `tempkey ${g}`).join(', ')}?` : ''}`, {
    fix: "Run 'tempkey --help' for the list of commands.",
    exitCode: 2,
  });
}

// Run when loaded as the CLI entry (bin/tempkey.js requires dist/cli.cjs).
if (!process.env.TEMPKEY_NO_AUTORUN) {
  main(process.argv.slice(2), processIo()).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.exitCode = reportError(e, processIo());
    },
  );
}
