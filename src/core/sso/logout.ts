import { readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { TempkeyError } from '../../lib/errors.js';
import { cliCacheDir, ssoCacheDir } from '../../files/paths.js';
import { ssoRoleCacheKey } from '../../files/cache-keys.js';
import { deleteRegistration, deleteSsoToken, readSsoToken } from '../../files/sso-token-cache.js';
import { loadProfileModel } from '../../files/aws-files.js';
import { resolvePlan } from '../../resolve/resolve.js';
import type { SsoSessionRef } from '../../lib/domain.js';

/**
 * Logging out of IAM Identity Center for real: the portal ends the session
 * (the token and its refresh token stop working everywhere), the token file
 * goes, and so does every role-credential cache entry derived from it, so
 * nothing keeps working on a session the person ended.
 */
export interface LogoutResult {
  portalLogout: 'done' | 'already-ended' | 'no-token' | 'failed';
  removedFiles: string[];
}

async function remove(path: string, into: string[]): Promise<void> {
  try {
    await unlink(path);
    into.push(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

async function portalLogout(env: NodeJS.ProcessEnv, ref: SsoSessionRef, accessToken: string): Promise<LogoutResult['portalLogout']> {
  const { createSsoPortal } = await import('../../aws/sso.js');
  const portal = createSsoPortal({ region: ref.region, env, maxAttempts: 3 });
  try {
    await portal.logout(accessToken);
    return 'done';
  } catch (e) {
    if (e instanceof TempkeyError && (e.code === 'SSO_TOKEN_REJECTED' || e.code === 'SSO_TOKEN_EXPIRED')) return 'already-ended';
    return 'failed';
  } finally {
    portal.destroy();
  }
}

/**
 * Role-credential cache files of this session: every profile whose plan starts
 * with this session's SSO role, the SSO role entry and every role chained on
 * it (source_profile → … → SSO profile), as the plan keys them. A chained role
 * left in ~/.aws/cli/cache would keep working for up to an hour after logout.
 */
async function derivedRoleCaches(env: NodeJS.ProcessEnv, cwd: string, ref: SsoSessionRef, project?: string): Promise<string[]> {
  const { model, files } = await loadProfileModel({ env, cwd, project });
  const paths = new Set<string>();
  const ofThisSession = (m: Record<string, { value: string } | undefined>) => {
    const session = m.sso_session?.value;
    return ref.sessionName ? session === ref.sessionName : !session && m.sso_start_url?.value === ref.startUrl;
  };
  for (const [name, p] of model.profiles) {
    const m = p.merged;
    const accountId = m.sso_account_id?.value;
    const roleName = m.sso_role_name?.value;
    if (accountId && roleName && ofThisSession(m)) {
      paths.add(join(cliCacheDir(env), `${ssoRoleCacheKey({ accountId, roleName, sessionName: ref.sessionName, startUrl: ref.startUrl })}.json`));
    }
    if (!m.source_profile) continue;
    let plan;
    try {
      // An explicit profile: environment keys do not take over (the AWS CLI's rule), the files decide.
      plan = resolvePlan({ env, flags: { profile: name }, files, model });
    } catch {
      continue; // a broken chain caches nothing
    }
    const first = plan.steps[0];
    const fromThisSession = first?.kind === 'sso-role' && (ref.sessionName ? first.ssoSession === ref.sessionName : !first.ssoSession && first.startUrl === ref.startUrl);
    if (!fromThisSession) continue;
    for (const step of plan.steps) if (step.cache?.store === 'cli-cache') paths.add(step.cache.path);
  }
  return [...paths];
}

export async function logoutSession(opts: { env: NodeJS.ProcessEnv; cwd: string; ref: SsoSessionRef; forgetClient?: boolean; project?: string }): Promise<LogoutResult> {
  const removedFiles: string[] = [];
  const token = await readSsoToken(opts.env, opts.ref);
  const portal = token ? await portalLogout(opts.env, opts.ref, token.accessToken) : 'no-token';
  const { ssoTokenPath, registrationPath } = await import('../../files/sso-token-cache.js');
  if (await deleteSsoToken(opts.env, opts.ref)) removedFiles.push(ssoTokenPath(opts.env, opts.ref));
  if (opts.forgetClient) {
    for (const slot of ['shared', 'tempkey-pkce'] as const) if (await deleteRegistration(opts.env, opts.ref, slot)) removedFiles.push(registrationPath(opts.env, opts.ref, slot));
  }
  for (const path of await derivedRoleCaches(opts.env, opts.cwd, opts.ref, opts.project)) await remove(path, removedFiles);
  return { portalLogout: portal, removedFiles };
}

/**
 * `--all`: every token in the SSO cache is logged out at its portal and
 * removed, with every client registration and every SSO role-credential
 * entry (ProviderType "sso"), as `aws sso logout` does.
 */
export async function logoutEverything(env: NodeJS.ProcessEnv): Promise<LogoutResult> {
  const removedFiles: string[] = [];
  let portal: LogoutResult['portalLogout'] = 'no-token';
  const jsonFiles = async (dir: string) => (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.json')).map((f) => join(dir, f));
  for (const path of await jsonFiles(ssoCacheDir(env))) {
    let j: Record<string, unknown>;
    try {
      j = JSON.parse(await readFile(path, 'utf8'));
    } catch {
      continue;
    }
    if (typeof j.accessToken === 'string' && typeof j.region === 'string' && typeof j.startUrl === 'string') {
      const r = await portalLogout(env, { startUrl: j.startUrl, region: j.region }, j.accessToken);
      if (portal !== 'failed') portal = r;
      await remove(path, removedFiles);
    } else if (typeof j.clientId === 'string' && typeof j.clientSecret === 'string') {
      await remove(path, removedFiles);
    }
  }
  for (const path of await jsonFiles(cliCacheDir(env))) {
    try {
      if ((JSON.parse(await readFile(path, 'utf8')) as { ProviderType?: string }).ProviderType === 'sso') await remove(path, removedFiles);
    } catch {
      /* not ours to judge */
    }
  }
  return { portalLogout: portal, removedFiles };
}
