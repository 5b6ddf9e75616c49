import { COMMANDS } from './commands.js';
import { processIo, type CliIo } from './io.js';
import { reportError } from './report-error.js';

export { reportError };

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
  const found = findCommand(argv);
  if (!found) {
    const groups = Object.keys(COMMANDS).filter((c) => c.startsWith(`${argv[0]} `));
    const hint = groups.length ? `\n  Did you mean: ${groups.map((g) => `tempkey ${g}`).join(', ')}?` : '';
    io.stderr(`tempkey: unknown command '${argv.join(' ')}'.${hint}\n  Run 'tempkey --help' for the list of commands.\n`);
    return 2;
  }
  try {
    const mod = await COMMANDS[found.name]!.load();
    return await mod.run(found.rest, io);
  } catch (e) {
    return reportError(e, io);
  }
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
