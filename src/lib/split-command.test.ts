import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitCommandLine } from './split-command.js';

describe('splitCommandLine', () => {
  it('splits like Python shlex.split', () => {
    const lines = [`node /a/b.js credential-process --profile "my prof"`, `a 'b c' d\\ e "f\\"g" ''`, `x"y"'z'  w`, `"a\\$b" "c\\\\d" "e\\\`f" '\\n'`];
    for (const line of lines) {
      const py = JSON.parse(execFileSync('python3', ['-c', 'import json,shlex,sys;print(json.dumps(shlex.split(sys.argv[1])))', line], { encoding: 'utf8' }));
      expect(splitCommandLine(line)).toEqual(py);
    }
  });
  it('never throws on balanced input of plain words', () => {
    fc.assert(fc.property(fc.array(fc.stringMatching(/^[a-z0-9/._-]+$/), { maxLength: 6 }), (words) => {
      expect(splitCommandLine(words.join(' '))).toEqual(words.filter((w) => w.length));
    }));
  });
});
