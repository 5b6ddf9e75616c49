import { describe, expect, it } from 'vitest';
import { totpCode, totpValid } from '../totp.js';

// RFC 6238 appendix B (SHA-1 key "12345678901234567890"), last six digits.
const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP (node:crypto)', () => {
  it.each([
    [59, '287082'],
    [1111111109, '081804'],
    [1234567890, '005924'],
    [2000000000, '279037'],
  ])('at %i s the code is %s', (seconds, code) => {
    expect(totpCode(SECRET, seconds * 1000)).toBe(code);
  });

  it('accepts one step of drift either way, not two', () => {
    const at = 1234567890_000;
    const code = totpCode(SECRET, at);
    expect(totpValid(code, SECRET, at + 30_000)).toBe(true);
    expect(totpValid(code, SECRET, at - 30_000)).toBe(true);
    expect(totpValid(code, SECRET, at + 60_000)).toBe(false);
  });
});
