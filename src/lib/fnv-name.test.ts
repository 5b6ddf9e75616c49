import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fnvName } from './fnv-name.js';

describe('fnvName', () => {
  it('is 16 hex digits, the same for the same text, and spreads texts apart', () => {
    expect(fnvName('')).toBe('811c9dc501000193');
    expect(fnvName('a')).toMatch(/^[0-9a-f]{16}$/);
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => fnvName(s) === fnvName(s) && /^[0-9a-f]{16}$/.test(fnvName(s))));
    const names = new Set(Array.from({ length: 20_000 }, (_, i) => fnvName(`{"v":3,"request":["profile-${i}",null]}`)));
    expect(names.size).toBe(20_000);
  });
});
