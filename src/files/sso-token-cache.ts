import { readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { ssoCacheDir } from './paths.js';
import { ssoClientRegistrationCacheKey, ssoTokenCacheKey } from './cache-keys.js';
import { writeFileAtomic } from './atomic-write.js';
import { registerSecret } from '../lib/redact.js';
import type { SsoSessionRef } from '../lib/domain.js';
import { isoSecondsZ } from '../lib/time.js';
import { pythonJson } from '../lib/python-json.js';

/**
 * The AWS CLI v2's SSO cache (~/.aws/sso/cache): one token file per session
 * (sha1 of the sso-session name, or of the start URL for legacy profiles) and
 * one client registration file, with the AWS CLI's field names and time
 * format, so a login by either tool serves both.
 */
export interface SsoTokenFile {
  startUrl: string;
  region: string;
  accessToken: string;
  expiresAt: Date;
  clientId?: string;
  clientSecret?: string;
  registrationExpiresAt?: Date;
  refreshToken?: string;
}

export interface RegistrationFile {
  clientId: string;
  clientSecret: string;
  expiresAt: Date;
  scopes?: string[];
  grantTypes?: string[];
}

export function ssoTokenPath(env: NodeJS.ProcessEnv, ref: SsoSessionRef): string {
  return join(ssoCacheDir(env), `${ssoTokenCacheKey(ref.sessionName ?? ref.startUrl)}.json`);
}

/**
 * Which registration file: `shared` is the AWS CLI's own slot (its key, "tool":
 * "botocore"); `tempkey-pkce` is tempkey's slot for authorization-code
 * registrations, which must not sit in the shared slot: the AWS CLI v2 before
 * 2.22 reuses whatever registration it finds there for its device-code login,
 * and fails with UnauthorizedClientException on an authorization-code one.
 */
export type RegistrationSlot = 'shared' | 'tempkey-pkce';

export function registrationPath(env: NodeJS.ProcessEnv, ref: SsoSessionRef, slot: RegistrationSlot = 'shared'): string {
  const key = ssoClientRegistrationCacheKey({ startUrl: ref.startUrl, region: ref.region, scopes: ref.scopes ?? null, session_name: ref.sessionName ?? null }, slot === 'shared' ? 'botocore' : slot);
  return join(ssoCacheDir(env), `${key}.json`);
}

/** botocore writes `%Y-%m-%dT%H:%M:%SZ`; the JS SDK adds milliseconds; some write `+00:00`. */
export function parseTokenTime(v: unknown): Date | undefined {
  if (typeof v !== 'string' || !v) return undefined;
  const d = new Date(v.replace(/UTC$/, 'Z'));
  return Number.isNaN(d.getTime()) ? undefined : d;
}

export function formatTokenTime(d: Date): string {
  return isoSecondsZ(d);
}

async function readJson(path: string): Promise<Record<string, unknown> | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The cached token, or undefined when absent or unusable (readers need accessToken and expiresAt). */
export async function readSsoToken(env: NodeJS.ProcessEnv, ref: SsoSessionRef): Promise<SsoTokenFile | undefined> {
  const j = await readJson(ssoTokenPath(env, ref));
  const expiresAt = parseTokenTime(j?.expiresAt);
  if (!j || typeof j.accessToken !== 'string' || !expiresAt) return undefined;
  const str = (k: string) => (typeof j[k] === 'string' ? (j[k] as string) : undefined);
  registerSecret(j.accessToken);
  registerSecret(str('refreshToken'));
  registerSecret(str('clientSecret'));
  return {
    startUrl: str('startUrl') ?? ref.startUrl,
    region: str('region') ?? ref.region,
    accessToken: j.accessToken,
    expiresAt,
    clientId: str('clientId'),
    clientSecret: str('clientSecret'),
    registrationExpiresAt: parseTokenTime(j.registrationExpiresAt),
    refreshToken: str('refreshToken'),
  };
}

export async function writeSsoToken(env: NodeJS.ProcessEnv, ref: SsoSessionRef, t: SsoTokenFile): Promise<void> {
  await writeFileAtomic(
    ssoTokenPath(env, ref),
    pythonJson({
      startUrl: t.startUrl,
      region: t.region,
      accessToken: t.accessToken,
      expiresAt: formatTokenTime(t.expiresAt),
      clientId: t.clientId,
      clientSecret: t.clientSecret,
      registrationExpiresAt: t.registrationExpiresAt && formatTokenTime(t.registrationExpiresAt),
      refreshToken: t.refreshToken,
    }),
  );
}

export async function readRegistration(env: NodeJS.ProcessEnv, ref: SsoSessionRef, slot: RegistrationSlot = 'shared'): Promise<RegistrationFile | undefined> {
  const j = await readJson(registrationPath(env, ref, slot));
  const expiresAt = parseTokenTime(j?.expiresAt);
  if (!j || typeof j.clientId !== 'string' || typeof j.clientSecret !== 'string' || !expiresAt) return undefined;
  registerSecret(j.clientSecret);
  return {
    clientId: j.clientId,
    clientSecret: j.clientSecret,
    expiresAt,
    scopes: Array.isArray(j.scopes) ? (j.scopes as string[]) : undefined,
    grantTypes: Array.isArray(j.grantTypes) ? (j.grantTypes as string[]) : undefined,
  };
}

export async function writeRegistration(env: NodeJS.ProcessEnv, ref: SsoSessionRef, r: RegistrationFile, slot: RegistrationSlot = 'shared'): Promise<void> {
  await writeFileAtomic(
    registrationPath(env, ref, slot),
    pythonJson({ clientId: r.clientId, clientSecret: r.clientSecret, expiresAt: formatTokenTime(r.expiresAt), scopes: r.scopes, grantTypes: r.grantTypes }),
  );
}

async function removeIfPresent(path: string): Promise<boolean> {
  try {
    await unlink(path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

export const deleteSsoToken = (env: NodeJS.ProcessEnv, ref: SsoSessionRef) => removeIfPresent(ssoTokenPath(env, ref));
export const deleteRegistration = (env: NodeJS.ProcessEnv, ref: SsoSessionRef, slot: RegistrationSlot = 'shared') => removeIfPresent(registrationPath(env, ref, slot));
