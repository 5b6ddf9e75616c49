import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha1Hex } from './sha1.js';

describe('sha1Hex', () => {
  it('matches node:crypto on the known vectors and on random text (all lengths around block edges)', () => {
    expect(sha1Hex('')).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
    expect(sha1Hex('{"RoleArn": "arn:aws:iam::123456789012:role/Admin"}')).toBe('51e7b105b5040ce662656c8dc6ab4de70c4de7ad');
    for (let n = 0; n < 200; n++) {
      const s = 'x'.repeat(n);
      expect(sha1Hex(s)).toBe(createHash('sha1').update(s).digest('hex'));
    }
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (s) => sha1Hex(s) === createHash('sha1').update(s, 'utf8').digest('hex')));
  });
});
