import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readIniFile as readFast } from './fast-read.js';
import { readIniFile as readLossless } from '../ini-file.js';

/**
 * The two INI readers (the lossless document for edits, the fast one for the
 * hot path) accept and refuse the same bytes, the way botocore does: invalid
 * UTF-8 is an error naming the line (never `us-�-east-1`), a key before the
 * first section is an error, non-regular files are absent.
 */
const dir = mkdtempSync(join(tmpdir(), 'tempkey-readers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Outcome = { error: string } | { sections: [string, Record<string, string>][] };
async function outcome(read: (p: string) => Promise<unknown>, path: string): Promise<Outcome> {
  try {
    const doc = (await read(path)) as { sections(): { name: string; values: Record<string, { value: string }> }[] } | undefined;
    if (!doc) return { sections: [] };
    return { sections: doc.sections().map((s) => [s.name, Object.fromEntries(Object.entries(s.values).map(([k, v]) => [k, v.value]))]) };
  } catch (e) {
    return { error: (e as { code?: string }).code ?? 'unknown' };
  }
}

const CASES: [string, Buffer][] = [
  ['invalid UTF-8 inside a value', Buffer.concat([Buffer.from('[default]\nregion = us-'), Buffer.from([0xff]), Buffer.from('-east-1\n')])],
  ['invalid UTF-8 in a comment', Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from('\n[default]\nregion = x\n')])],
  ['a truncated multi-byte character', Buffer.concat([Buffer.from('[default]\nname = '), Buffer.from([0xe2, 0x82])])],
  ['a key before the first section', Buffer.from('region = us-east-1\n[default]\noutput = json\n')],
  ['a key before the first section after a comment', Buffer.from('# hi\nregion = us-east-1\n[default]\n')],
  ['valid UTF-8 outside ASCII', Buffer.from('[profile café]\nregion = eu-west-3\n')],
];

describe('the fast and the lossless reader meet the same contract', () => {
  for (const [name, bytes] of CASES) {
    it(name, async () => {
      const file = join(dir, name.replace(/\W+/g, '-'));
      writeFileSync(file, bytes);
      const fast = await outcome(readFast, file);
      const lossless = await outcome(readLossless, file);
      expect(fast).toEqual(lossless);
      if (!name.startsWith('valid')) expect(fast).toEqual({ error: 'INI_PARSE' });
    });
  }
  it('a path that is not a regular file is absent for both', async () => {
    for (const p of ['/dev/zero', dir]) {
      expect(await readFast(p)).toBeUndefined();
      expect(await readLossless(p)).toBeUndefined();
    }
  });
});
