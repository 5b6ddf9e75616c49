import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loginCacheDir } from './login-dir.js';
import { writeFileAtomic } from './atomic-write.js';
import { registerSecret } from '../lib/redact.js';

/**
 * The AWS CLI's console-credentials cache (`aws login`, profile key
 * `login_session`): ~/.aws/login/cache/<sha256 of the session name>.json
 * (AWS_LOGIN_CACHE_DIRECTORY overrides the folder). Read in botocore
 * (credentials.py LoginProvider/LoginCredentialFetcher, utils.py
 * generate_login_cache_key) and the JS SDK (@aws-sdk/credential-provider-login):
 *   { accessToken: { accessKeyId, secretAccessKey, sessionToken, accountId, expiresAt },
 *     refreshToken, clientId, dpopKey (PEM EC P-256), idToken?, tokenType?, signInRegion? }
 * The 15-minute credentials are refreshed with the refresh token (DPoP-bound)
 * for up to 12 hours.
 */
export interface LoginToken {
  accessToken: { accessKeyId: string; secretAccessKey: string; sessionToken: string; accountId?: string; expiresAt: string };
  refreshToken: string;
  clientId: string;
  dpopKey: string;
  idToken?: string;
  tokenType?: string;
  signInRegion?: string;
  [extra: string]: unknown;
}

export { loginCacheDir };

export function loginCachePath(env: NodeJS.ProcessEnv, session: string): string {
  return join(loginCacheDir(env), `${createHash('sha256').update(session, 'utf8').digest('hex')}.json`);
}

export async function readLoginToken(env: NodeJS.ProcessEnv, session: string): Promise<LoginToken | undefined> {
  let t: LoginToken;
  try {
    t = JSON.parse(await readFile(loginCachePath(env, session), 'utf8')) as LoginToken;
  } catch {
    return undefined;
  }
  if (!t?.accessToken?.accessKeyId || !t.refreshToken || !t.clientId || !t.dpopKey) return undefined;
  registerSecret(t.accessToken.secretAccessKey);
  registerSecret(t.accessToken.sessionToken);
  registerSecret(t.refreshToken);
  return t;
}

export async function writeLoginToken(env: NodeJS.ProcessEnv, session: string, t: LoginToken): Promise<void> {
  await writeFileAtomic(loginCachePath(env, session), JSON.stringify(t, null, 2));
}
