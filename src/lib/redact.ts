/**
 * The one place secrets are hidden. Everything that prints (verbose logs,
 * errors, explain/doctor output, test snapshots) goes through these.
 */

const SECRET_KEY_NAMES = new Set(
  [
    'aws_secret_access_key',
    'aws_session_token',
    'aws_security_token',
    'secretaccesskey',
    'sessiontoken',
    'secret_access_key',
    'session_token',
    'accesstoken',
    'access_token',
    'refreshtoken',
    'refresh_token',
    'clientsecret',
    'client_secret',
    'idtoken',
    'id_token',
    'devicecode',
    'device_code',
    'code_verifier',
    'codeverifier',
    'tokencode',
    'token_code',
    'passphrase',
    'password',
    'x-amz-sso_bearer_token',
    'authorization',
    'x-amz-security-token',
  ].map((k) => k.toLowerCase()),
);

/** True when a field of this name holds a secret value. */
export function isSecretKeyName(name: string): boolean {
  return SECRET_KEY_NAMES.has(name.toLowerCase().replace(/-/g, '_')) || SECRET_KEY_NAMES.has(name.toLowerCase());
}

/** `AKIA...WXYZ` → `****************WXYZ` (like aws-vault): enough to recognise, not to use. */
export function maskKeyId(value: string): string {
  if (value.length <= 4) return '****';
  return '*'.repeat(Math.max(4, value.length - 4)) + value.slice(-4);
}

/** A secret shows only its length class, never any character of it. */
export function maskSecret(value: string | undefined): string {
  return value ? `<redacted ${value.length} chars>` : '<empty>';
}

/** Deep copy of `value` with every secret field masked. Access key ids are shortened. */
export function redact<T>(value: T): T {
  return redactValue(value, undefined) as T;
}

function redactValue(value: unknown, key: string | undefined): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === 'string') {
    if (key && isSecretKeyName(key)) return maskSecret(value);
    if (key && /^(aws_)?access_?key_?id$/i.test(key)) return maskKeyId(value);
    return redactText(value);
  }
  if (Array.isArray(value)) return value.map((v) => redactValue(v, key));
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = redactValue(v, k);
    return out;
  }
  return value;
}

// Values known to be secret, registered at run time (e.g. keys read from a vault),
// so that free text that happens to contain them is still masked.
const knownSecrets = new Set<string>();

export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 8) knownSecrets.add(value);
}

/** Masks registered secrets and secret-looking `key=value` pairs in free text. */
export function redactText(text: string): string {
  let out = text;
  for (const s of knownSecrets) if (out.includes(s)) out = out.split(s).join(maskSecret(s));
  out = out.replace(
    /\b(aws_secret_access_key|aws_session_token|SecretAccessKey|SessionToken|accessToken|refreshToken|clientSecret|X-Amz-Security-Token|TokenCode)(["']?\s*[:=]\s*["']?)([A-Za-z0-9/+=._-]{6,})/gi,
    (_m, k: string, sep: string, v: string) => `${k}${sep}${maskSecret(v)}`,
  );
  return out;
}
