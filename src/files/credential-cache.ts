import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AssumeRoleResponse, AwsCredentials } from '../lib/domain.js';
import { cliCacheDir, tempkeyCacheDir } from './paths.js';
// Writers import ./atomic-write.js when they write: it loads node:crypto, which readers never need.
import { pythonJsonDumps as sortedPythonJson, sha1Hex } from './cache-keys.js';
import { pythonJson } from '../lib/python-json.js';
import { botocoreUtcTime, isoSecondsZ } from '../lib/time.js';

export { assumeRoleCacheKey, ssoRoleCacheKey, webIdentityCacheKey } from './cache-keys.js';

/**
 * Credential caches on disk.
 *
 * `~/.aws/cli/cache/<key>.json` is shared with the AWS CLI v2 (botocore's
 * JSONFileCache + CachedCredentialFetcher), so each tool reuses what the other
 * fetched: the same key derivation (sha1 of sorted JSON arguments) and the
 * same JSON shape (Python's json.dumps separators, Expiration like
 * `2025-01-01T13:00:00UTC` for assume-role and `...Z` for SSO).
 *
 * `~/.aws/tempkey/cache/<key>.json` is tempkey's own (MFA sessions from
 * GetSessionToken, credential_process results): nobody else reads it.
 *
 * Reading never throws: a missing, unreadable or corrupt entry is "no entry",
 * and the next successful fetch overwrites it.
 */


export function cliCachePath(env: NodeJS.ProcessEnv, key: string): string {
  return join(cliCacheDir(env), `${key}.json`);
}

export function tempkeyCachePath(env: NodeJS.ProcessEnv, key: string): string {
  return join(tempkeyCacheDir(env), `${key}.json`);
}

/** Key for tempkey's own entries: sha1 of compact sorted JSON of what identifies the session. */
export function tempkeyCacheKey(parts: Record<string, string | number | undefined>): string {
  const clean: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(parts)) if (v !== undefined && v !== '') clean[k] = v;
  return sha1Hex(sortedPythonJson(clean as never, [',', ':']));
}

/** Parses the expiration forms found in caches: `...UTC` (botocore), `...Z`, `+00:00`, epoch ms. */
export function parseCacheTime(value: unknown): Date | undefined {
  if (typeof value === 'number') return new Date(value);
  if (typeof value !== 'string' || !value) return undefined;
  const s = value.trim().replace(/\s*UTC$/, 'Z').replace(/\s*GMT$/, 'Z');
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? undefined : d;
}


function readJson(path: string): Record<string, unknown> | undefined {
  try {
    // Sync on purpose: one small file, and node:fs is already loaded at startup (fs/promises is not).
    const v = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads a `{"Credentials": {...}}` entry (assume-role, SSO role or tempkey's
 * own). Undefined when absent, corrupt, or missing a field readers require.
 */
export async function readCredentialCache(path: string): Promise<AwsCredentials | undefined> {
  return readCredentialCacheSync(path);
}

/** The same, synchronously (the credential-process hot path). */
export function readCredentialCacheSync(path: string): AwsCredentials | undefined {
  const doc = readJson(path);
  const c = doc?.Credentials as Record<string, unknown> | undefined;
  if (!c || typeof c !== 'object') return undefined;
  if (typeof c.AccessKeyId !== 'string' || typeof c.SecretAccessKey !== 'string' || !c.AccessKeyId || !c.SecretAccessKey) return undefined;
  const expiration = parseCacheTime(c.Expiration);
  if (c.Expiration !== undefined && !expiration) return undefined;
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    sessionToken: typeof c.SessionToken === 'string' ? c.SessionToken : undefined,
    expiration,
    accountId: typeof c.AccountId === 'string' ? c.AccountId : undefined,
  };
}

/** True when the credentials are still good for at least `marginSeconds`. No expiration = fresh. */
export function isFresh(c: { expiration?: Date } | undefined, now: Date, marginSeconds: number): boolean {
  if (!c) return false;
  if (!c.expiration) return true;
  return c.expiration.getTime() - now.getTime() >= marginSeconds * 1000;
}


/** The `Credentials` member every cache entry has, with the entry's time format. */
function credentialsMember(c: AwsCredentials, time: (d: Date) => string): Record<string, string | undefined> {
  return { AccessKeyId: c.accessKeyId, SecretAccessKey: c.secretAccessKey, SessionToken: c.sessionToken, Expiration: c.expiration ? time(c.expiration) : undefined, AccountId: c.accountId };
}

/** The JSON the AWS CLI v2 writes for an AssumeRole (or web identity) entry: the parsed response + ResponseMetadata. */
export function assumeRoleCacheJson(r: AssumeRoleResponse): string {
  const c = r.credentials;
  const doc: Record<string, unknown> = { Credentials: credentialsMember(c, botocoreUtcTime) };
  if (r.assumedRoleArn || r.assumedRoleId) doc.AssumedRoleUser = { AssumedRoleId: r.assumedRoleId, Arn: r.assumedRoleArn };
  if (r.packedPolicySize !== undefined) doc.PackedPolicySize = r.packedPolicySize;
  if (r.sourceIdentity !== undefined) doc.SourceIdentity = r.sourceIdentity;
  doc.ResponseMetadata = { RequestId: r.requestId ?? '', HTTPStatusCode: r.httpStatusCode ?? 200, HTTPHeaders: {}, RetryAttempts: 0 };
  return pythonJson(doc);
}

export async function writeAssumeRoleCache(path: string, r: AssumeRoleResponse): Promise<void> {
  await (await import('./atomic-write.js')).writeFileAtomic(path, assumeRoleCacheJson(r), 0o600);
}

/** The JSON the AWS CLI v2 writes for SSO role credentials (`aws sso logout` deletes ProviderType sso). */
export function ssoRoleCacheJson(c: AwsCredentials & { accountId: string }): string {
  return pythonJson({ ProviderType: 'sso', Credentials: credentialsMember(c, isoSecondsZ) });
}

export async function writeSsoRoleCache(path: string, c: AwsCredentials & { accountId: string }): Promise<void> {
  await (await import('./atomic-write.js')).writeFileAtomic(path, ssoRoleCacheJson(c), 0o600);
}

/** tempkey's own entries (session tokens, credential_process results): same Credentials shape, ISO times. */
export function tempkeyCacheJson(c: AwsCredentials, meta: Record<string, string | undefined> = {}): string {
  return `${JSON.stringify({ ProviderType: 'tempkey', ...meta, Credentials: credentialsMember(c, isoSecondsZ) }, null, 2)}\n`;
}

export async function writeTempkeyCache(path: string, c: AwsCredentials, meta: Record<string, string | undefined> = {}): Promise<void> {
  await (await import('./atomic-write.js')).writeFileAtomic(path, tempkeyCacheJson(c, meta), 0o600);
}
