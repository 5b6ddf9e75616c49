import { sha1Hex as pureSha1Hex } from '../lib/sha1.js';

/**
 * Cache file names shared with the AWS CLI v2 / botocore. They are sha1 hashes
 * of Python `json.dumps(..., sort_keys=True)` text, so we reproduce Python's
 * serializer exactly: sorted keys, its separators, ints without a decimal
 * point, and `ensure_ascii` escaping (every non-ASCII character as \uXXXX).
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

/** `json.dumps(value, sort_keys=True, separators=...)` as Python writes it. Undefined members are dropped. */
export function pythonJsonDumps(value: PyJson, separators: [string, string] = [', ', ': ']): string {
  const [item, kv] = separators;
  const enc = (v: PyJson): string => {
    if (v === null) return 'null';
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'number') return pyNumber(v);
    if (typeof v === 'string') return pyString(v);
    if (Array.isArray(v)) return '[' + v.map(enc).join(item) + ']';
    const keys = Object.keys(v)
      .filter((k) => v[k] !== undefined)
      .sort(compareCodePoints);
    return '{' + keys.map((k) => pyString(k) + kv + enc(v[k] as PyJson)).join(item) + '}';
  };
  return enc(value);
}

/** Pure JS (src/lib/sha1.ts): loading node:crypto would cost the credential-process hot path ~4 ms. */
export function sha1Hex(text: string): string {
  return pureSha1Hex(text);
}

export interface AssumeRoleCacheArgs {
  RoleArn: string;
  /** Only when the user set role_session_name: the AWS CLI leaves its generated default out of the key. */
  RoleSessionName?: string;
  ExternalId?: string;
  SerialNumber?: string;
  /** An int, as botocore parses duration_seconds with int(). */
  DurationSeconds?: number;
}

/** ~/.aws/cli/cache/<key>.json for an AssumeRole result (botocore AssumeRoleCredentialFetcher). */
export function assumeRoleCacheKey(args: AssumeRoleCacheArgs): string {
  const obj: Record<string, PyJson | undefined> = {
    RoleArn: args.RoleArn,
    RoleSessionName: args.RoleSessionName,
    ExternalId: args.ExternalId,
    SerialNumber: args.SerialNumber,
    DurationSeconds: args.DurationSeconds,
  };
  return sha1Hex(pythonJsonDumps(obj));
}

/** ~/.aws/cli/cache/<key>.json for AssumeRoleWithWebIdentity (same scheme as AssumeRole). */
export function webIdentityCacheKey(args: { RoleArn: string; RoleSessionName?: string }): string {
  return sha1Hex(pythonJsonDumps({ RoleArn: args.RoleArn, RoleSessionName: args.RoleSessionName }));
}

export interface SsoRoleCacheArgs {
  accountId: string;
  roleName: string;
  /** The sso-session name; legacy profiles (no sso_session) use startUrl instead. */
  sessionName?: string;
  startUrl?: string;
}

/** ~/.aws/cli/cache/<key>.json for SSO role credentials (compact separators, unlike AssumeRole). */
export function ssoRoleCacheKey(args: SsoRoleCacheArgs): string {
  const obj: Record<string, PyJson> = { accountId: args.accountId, roleName: args.roleName };
  if (args.sessionName) obj.sessionName = args.sessionName;
  else obj.startUrl = args.startUrl ?? '';
  return sha1Hex(pythonJsonDumps(obj, [',', ':']));
}

/** ~/.aws/sso/cache/<key>.json access token: sha1 of the sso-session name, or of the start URL (legacy). */
export function ssoTokenCacheKey(sessionNameOrStartUrl: string): string {
  return sha1Hex(sessionNameOrStartUrl);
}

export interface SsoClientRegistrationArgs {
  startUrl: string;
  region: string;
  scopes?: string[] | null;
  session_name?: string | null;
}

/** ~/.aws/sso/cache/<key>.json client registration, as the AWS CLI v2 keys it ("tool": "botocore"; tempkey's own slots name another tool). */
export function ssoClientRegistrationCacheKey(args: SsoClientRegistrationArgs, tool = 'botocore'): string {
  return sha1Hex(
    pythonJsonDumps({
      tool,
      startUrl: args.startUrl,
      region: args.region,
      scopes: args.scopes ?? null,
      session_name: args.session_name ?? null,
    }),
  );
}
