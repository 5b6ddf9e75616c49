/**
 * A short file name for a text: 64 bits of two 32-bit FNV-1a hashes, hex.
 * A name, not a proof: every cache named this way keeps the whole text in the
 * entry and compares it on read. Why not SHA-1: in JavaScript (node:crypto
 * costs ~2 ms to load) it took ~0.35 ms of a cached call, a tenth of it.
 */
export function fnvName(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x811c9dc5) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}
