import { createHmac } from 'node:crypto';

/**
 * RFC 6238 TOTP (HMAC-SHA1, 30-second steps, 6 digits) over a base32 secret,
 * as IAM virtual MFA devices and authenticator apps use. node:crypto only, so
 * the installed `tempkey sandbox` needs no extra package.
 */
const STEP_MS = 30_000;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Decode(text: string): Buffer {
  const clean = text.toUpperCase().replace(/=+$/, '').replace(/\s+/g, '');
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const v = BASE32.indexOf(ch);
    if (v < 0) throw new Error(`not a base32 secret: character '${ch}'`);
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

function hotp(key: Buffer, counter: number): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(msg).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const n = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(n % 1_000_000).padStart(6, '0');
}

export function totpCode(secret: string, at = Date.now()): string {
  return hotp(base32Decode(secret), Math.floor(at / STEP_MS));
}

/** True when `code` is the code of the step at `at`, or of `window` steps either side. */
export function totpValid(code: string, secret: string, at = Date.now(), window = 1): boolean {
  const key = base32Decode(secret);
  const step = Math.floor(at / STEP_MS);
  for (let d = -window; d <= window; d++) if (hotp(key, step + d) === code) return true;
  return false;
}
