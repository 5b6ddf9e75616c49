import { readFileSync } from 'node:fs';
import type { PlanStep } from '../../resolve/plan.js';
import { isFresh, parseCacheTime, readCredentialCache } from '../../files/credential-cache.js';
import { refreshMarginSeconds } from './cache-policy.js';

/**
 * Whether a plan step's cache entry would be used right now, for `explain`
 * and `doctor`. Reads only the Expiration (never prints a credential) and
 * uses the same refresh margin as run-plan, so what explain says is what
 * exec does.
 */
export interface CacheStatus {
  state: 'fresh' | 'expiring' | 'missing';
  expiresAt?: string;
}

export async function stepCacheStatus(step: PlanStep, now: Date): Promise<CacheStatus | undefined> {
  if (!step.cache) return undefined;
  const cached = await readCredentialCache(step.cache.path);
  if (!cached) return { state: 'missing' };
  const expiresAt = cached.expiration?.toISOString();
  return { state: isFresh(cached, now, refreshMarginSeconds(step)) ? 'fresh' : 'expiring', expiresAt };
}

/** The SSO access token behind an sso-role step: present and unexpired, or not. */
export async function ssoTokenStatus(tokenCachePath: string, now: Date): Promise<CacheStatus> {
  try {
    // Sync: one small file, and node:fs/promises costs explain ~1.5 ms to load.
    const doc = JSON.parse(readFileSync(tokenCachePath, 'utf8')) as { accessToken?: unknown; expiresAt?: unknown };
    const expires = parseCacheTime(doc.expiresAt);
    if (typeof doc.accessToken !== 'string' || !expires) return { state: 'missing' };
    return { state: expires.getTime() > now.getTime() ? 'fresh' : 'expiring', expiresAt: expires.toISOString() };
  } catch {
    return { state: 'missing' };
  }
}
