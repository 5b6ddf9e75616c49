/**
 * Python's json.dumps, for the files and cache keys shared with botocore and
 * the AWS CLI: the one encoder (cache keys are sha1 of its sorted output;
 * cache files are its insertion-order output).
 */

export type PyJson = string | number | boolean | null | PyJson[] | { [key: string]: PyJson | undefined };

/** Python sorts str keys by code point; JS sort compares UTF-16 units, which differs above U+FFFF. */
function compareCodePoints(a: string, b: string): number {
  const ca = Array.from(a);
  const cb = Array.from(b);
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    const d = ca[i]!.codePointAt(0)! - cb[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return ca.length - cb.length;
}

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/** Python's `json.dumps` string encoding with ensure_ascii=True (lowercase hex, UTF-16 units). */
function pyString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const code = s.charCodeAt(i);
    const short = SHORT_ESCAPES[ch];
    if (short) out += short;
    // Python escapes everything outside ' '..'~' (DEL included).
    else if (code < 0x20 || code > 0x7e) out += '\\u' + code.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

function pyNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error('non-finite numbers have no JSON form');
  if (Number.isInteger(n)) return String(n);
  // Python's float repr; equal to JS for ordinary values, with exponent differences ignored here.
  return String(n);
}

/**
 * `json.dumps(value, sort_keys=..., separators=...)` exactly as Python writes
 * it (ensure_ascii, ints without a decimal point, code-point key order).
 * Undefined members are dropped. Default: insertion order, `, ` and `: `.
 */
export function pythonJson(value: PyJson | Record<string, unknown>, opts: { sortKeys?: boolean; separators?: [string, string] } = {}): string {
  const [item, kv] = opts.separators ?? [', ', ': '];
  const enc = (v: PyJson): string => {
    if (v === null) return 'null';
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'number') return pyNumber(v);
    if (typeof v === 'string') return pyString(v);
    if (Array.isArray(v)) return '[' + v.map(enc).join(item) + ']';
    const keys = Object.keys(v).filter((k) => v[k] !== undefined);
    if (opts.sortKeys) keys.sort(compareCodePoints);
    return '{' + keys.map((k) => pyString(k) + kv + enc(v[k] as PyJson)).join(item) + '}';
  };
  return enc(value as PyJson);
}
