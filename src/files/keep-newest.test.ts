import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { keepNewest } from './keep-newest.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('keepNewest', () => {
  it('keeps the most recently written matching files and leaves the others alone', () => {
    dir = mkdtempSync(join(tmpdir(), 'tempkey-keep-'));
    for (let i = 0; i < 5; i++) {
      writeFileSync(join(dir, `hotpath-${i}.json`), '{}');
      utimesSync(join(dir, `hotpath-${i}.json`), new Date(1e12 + i * 1000), new Date(1e12 + i * 1000));
    }
    writeFileSync(join(dir, 'other.json'), '{}');
    keepNewest(dir, (n) => n.startsWith('hotpath-'), 2);
    expect(readdirSync(dir).sort()).toEqual(['hotpath-3.json', 'hotpath-4.json', 'other.json']);
    keepNewest(dir, (n) => n.startsWith('hotpath-'), 2);
    expect(readdirSync(dir)).toHaveLength(3);
  });
});
