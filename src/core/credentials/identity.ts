// Who a key is, remembered beside the credential caches, and how whoami prints it: no SDK here (the cached path, dist/fast.cjs, uses it).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AwsCredentials } from '../../lib/domain.js';
import { tempkeyCacheDir } from '../../files/paths.js';
import { fnvName } from '../../lib/fnv-name.js';

/** Who a key belongs to. */
export interface Identity {
  account: string;
  arn: string;
  userId: string;
}

/**
 * Who an access key belongs to never changes (key ids are never reused), so
 * the answer is kept beside the credential caches, named by a hash of the key
 * id and holding the key id (not a secret; the credentials cache beside it has
 * it too), compared on read: `whoami` with cached credentials then needs no
 * network and no SDK.
 * Only temporary keys (with a session token) are remembered: they end by
 * themselves, while a long-term key can be deleted at any time, and then
 * `whoami` must ask STS to say so (it is the live check people run first).
 * Identity files older than the longest session (36 h) are removed on write.
 */
const IDENTITY_PREFIX = 'identity-';
const IDENTITY_MAX_AGE_MS = 36 * 3600_000;

export function identityCachePath(env: NodeJS.ProcessEnv, accessKeyId: string): string {
  return join(tempkeyCacheDir(env), `${IDENTITY_PREFIX}${fnvName(accessKeyId)}.json`);
}

/** Whether an identity may be remembered for these credentials (see above). */
export function identityIsRememberable(creds: Pick<AwsCredentials, 'sessionToken'>): boolean {
  return Boolean(creds.sessionToken);
}

export function readCachedIdentity(env: NodeJS.ProcessEnv, creds: Pick<AwsCredentials, 'accessKeyId' | 'sessionToken'>): Identity | undefined {
  if (!identityIsRememberable(creds)) return undefined;
  try {
    const v = JSON.parse(readFileSync(identityCachePath(env, creds.accessKeyId), 'utf8')) as Partial<Identity> & { accessKeyId?: unknown };
    if (v.accessKeyId !== creds.accessKeyId) return undefined; // another key with the same name, or the older format
    return typeof v.account === 'string' && typeof v.arn === 'string' && typeof v.userId === 'string' ? { account: v.account, arn: v.arn, userId: v.userId } : undefined;
  } catch {
    return undefined;
  }
}

/** Best effort: a failure only means the next whoami asks STS again. */
export async function rememberIdentity(env: NodeJS.ProcessEnv, creds: Pick<AwsCredentials, 'accessKeyId' | 'sessionToken'>, id: Identity): Promise<void> {
  if (!identityIsRememberable(creds)) return;
  try {
    const { writeFileAtomic } = await import('../../files/atomic-write.js');
    await writeFileAtomic(identityCachePath(env, creds.accessKeyId), JSON.stringify({ accessKeyId: creds.accessKeyId, account: id.account, arn: id.arn, userId: id.userId }) + '\n', 0o600);
    const { readdir, stat, rm } = await import('node:fs/promises');
    const dir = tempkeyCacheDir(env);
    const now = Date.now();
    for (const name of await readdir(dir)) {
      if (!name.startsWith(IDENTITY_PREFIX)) continue;
      const s = await stat(join(dir, name)).catch(() => undefined);
      if (s && now - s.mtimeMs > IDENTITY_MAX_AGE_MS) await rm(join(dir, name), { force: true });
    }
  } catch {
    /* see above */
  }
}

export interface WhoamiReport {
  profile: string;
  identity: Identity;
  credentials: { expiration?: Date; fromCache: boolean };
  identityFromCache: boolean;
}

/** The output of `tempkey whoami` (shared by the full CLI and the cached path, so both print the same). */
export function formatWhoami(r: WhoamiReport, json: boolean, now = new Date()): string {
  const { identity: id, credentials: c } = r;
  const exp = c.expiration;
  if (json) {
    return (
      JSON.stringify(
        { profile: r.profile, account: id.account, arn: id.arn, userId: id.userId, expiration: exp?.toISOString(), fromCache: c.fromCache, identityFromCache: r.identityFromCache },
        null,
        2,
      ) + '\n'
    );
  }
  const left = exp ? ` (in ${Math.max(0, Math.round((exp.getTime() - now.getTime()) / 60000))} min${c.fromCache ? ', cached' : ''})` : '';
  return [`Profile  ${r.profile}`, `Account  ${id.account}`, `Arn      ${id.arn}`, `UserId   ${id.userId}`, ...(exp ? [`Expires  ${exp.toISOString()}${left}`] : [])].join('\n') + '\n';
}
