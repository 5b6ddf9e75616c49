/**
 * Hex digits that differ between the calls of one process (the last 6: a
 * counter) and between processes that share a pid (the first ones: random;
 * years apart, or in two containers). For names and tokens that only need to
 * be unique: temp files opened with 'wx' in the user's own folder, a lock's
 * owner token. Not for secrets. Why not node:crypto: it costs ~3 ms to load,
 * on every write and every lock.
 */
let calls = 0;
export function uniqueHex(randomDigits = 6): string {
  let out = '';
  for (let n = 0; n < randomDigits; n += 6) out += hex6(Math.random() * 0x1000000);
  return out.slice(0, randomDigits) + hex6(++calls);
}

const hex6 = (n: number) => (n & 0xffffff).toString(16).padStart(6, '0');
