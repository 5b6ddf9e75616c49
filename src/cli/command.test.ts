import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { COMMON_FLAGS, defineCommand, parseCommandLine, type FlagSpec } from './command.js';
import { rng } from '../../test/helpers/seeded-random.js';

/**
 * parseCommandLine answers the plain shapes (positionals, `--flag` of a boolean)
 * without node's parseArgs: it must give exactly what parseArgs gives, or hand
 * the arguments to it.
 */
const spec = defineCommand({
  name: 'x',
  summary: '',
  help: '',
  flags: { profile: { type: 'string', short: 'p' }, names: { type: 'boolean' }, all: { type: 'boolean', short: 'a' }, tag: { type: 'string', multiple: true } },
  args: ['PROFILE'],
  json: true,
  run: async () => 0,
}).spec;

const TOKENS = ['role', '', '-', '--', '--json', '--names', '--all', '-a', '--help', '-h', '--verbose', '--profile', 'dev', '-p', '--tag', 't', '--json=1', '--no-json', '--nope', '--__proto__', '--constructor', '--toString', '---', 'x y', '-pdev', '--profile=dev'];

function viaParseArgs(argv: string[]) {
  const options: Record<string, { type: 'boolean' | 'string'; short?: string; multiple?: boolean }> = {};
  for (const [name, f] of Object.entries<FlagSpec>({ ...COMMON_FLAGS, ...spec.flags })) options[name] = { type: f.type, ...(f.short ? { short: f.short } : {}), ...('multiple' in f && f.multiple ? { multiple: true } : {}) };
  const r = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  return { values: { ...r.values }, positionals: r.positionals };
}

describe('the command line', () => {
  it('reads every argument list as node parseArgs does', () => {
    const r = rng(16);
    let fast = 0;
    for (let i = 0; i < 3000; i++) {
      const argv = Array.from({ length: Math.floor(r() * 5) }, () => TOKENS[Math.floor(r() * TOKENS.length)]!);
      let expected: unknown;
      try {
        expected = viaParseArgs(argv);
      } catch {
        expected = 'refused';
      }
      let got: unknown;
      try {
        const out = parseCommandLine(spec, argv);
        got = { values: { ...out.values }, positionals: out.positionals };
      } catch {
        got = 'refused';
      }
      expect(got, JSON.stringify(argv)).toEqual(expected);
      if (argv.every((a) => !a.startsWith('-') || ['--json', '--names', '--all', '--help', '--verbose'].includes(a))) fast++;
    }
    expect(fast).toBeGreaterThan(300);
  });
});
