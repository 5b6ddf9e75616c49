import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSimpleFlags } from './simple-flags.js';
import { FAST_PATH_OPTIONS } from './fast-path.js';

const WORDS = ['--profile', '-p', '--region', '-r', '--json', '--json=1', '-h', '--help', '-v', '--verbose', '--format', '-f', '--format=sh', '--export-marker', '--mfa-token', '--mfa-token=123456', '--refresh', '--project', '--config-file', '--credentials-file=c', '--nope', '-x', '-pv', '-pdev', '--', '-', '', 'dev', 'us-east-1', '123456', 'a b', '--profile=', '--profile=dev', '--Profile', '-P', '--__proto__', '--constructor'];

/** parseArgs as the full commands call it (strict, positionals), or 'throws'. */
function reference(args: string[], options: (typeof FAST_PATH_OPTIONS)[string]) {
  try {
    const r = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values: { ...r.values }, positionals: r.positionals };
  } catch {
    return 'throws';
  }
}

describe('parseSimpleFlags answers only what parseArgs would', () => {
  for (const [command, options] of Object.entries(FAST_PATH_OPTIONS)) {
    it(`${command}: every line it parses, parseArgs parses the same way`, () => {
      let answered = 0;
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...WORDS), { maxLength: 6 }), (args) => {
          const mine = parseSimpleFlags(args, options);
          if (mine === undefined) return;
          answered++;
          expect({ values: { ...mine.values }, positionals: mine.positionals }).toEqual(reference(args, options));
        }),
        { numRuns: 3000, seed: 16 },
      );
      expect(answered).toBeGreaterThan(300); // it does answer the usual lines, not only decline
    });
  }

  it('answers the lines people and tools actually write', () => {
    const o = FAST_PATH_OPTIONS['credential-process']!;
    for (const args of [['--profile', 'dev'], ['dev'], ['-p', 'dev', '--region', 'eu-west-1'], ['--profile=dev', '--json'], []]) {
      expect(parseSimpleFlags(args, o), args.join(' ')).toBeDefined();
      expect(parseSimpleFlags(args, o)).toEqual(reference(args, o));
    }
    expect(parseSimpleFlags(['--duration', '900'], o)).toBeUndefined(); // not a flag of this path: the full command decides
    // A repeatable flag is an array to parseArgs: left to it.
    expect(parseSimpleFlags(['--tag', 'a'], { tag: { type: 'string', multiple: true } })).toBeUndefined();
  });
});
