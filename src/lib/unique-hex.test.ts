import { describe, expect, it } from 'vitest';
import { uniqueHex } from './unique-hex.js';

describe('uniqueHex', () => {
  it('is hex of the asked length plus a 6-digit counter, and never repeats in a process', () => {
    expect(uniqueHex()).toMatch(/^[0-9a-f]{12}$/);
    expect(uniqueHex(18)).toMatch(/^[0-9a-f]{24}$/);
    const seen = new Set(Array.from({ length: 50_000 }, () => uniqueHex()));
    expect(seen.size).toBe(50_000);
  });
});
