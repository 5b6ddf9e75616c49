import { join } from 'node:path';
import type { AwsCredentials } from '../lib/domain.js';
import { TempkeyError } from '../lib/errors.js';
import { isoSecondsZ } from '../lib/time.js';
import { loginCacheDir } from '../files/login-dir.js';
import { dropUndefined, type StepBase, type StepRunner } from './step.js';

/** Console credentials (`aws login`, profile key login_session): the AWS CLI's login cache, refreshed. */
export interface ConsoleLoginStep extends StepBase {
  kind: 'console-login';
  session: string;
  /** ~/.aws/login/cache (the file is <sha256 of the session>.json; hashed when run, to keep resolving light). */
  tokenCacheDir: string;
  region?: string;
}

export function consoleLoginStep(a: { env: NodeJS.ProcessEnv; profile: string; session: string; region?: string }): ConsoleLoginStep {
  return dropUndefined({
    kind: 'console-login',
    profile: a.profile,
    session: a.session,
    tokenCacheDir: loginCacheDir(a.env),
    region: a.region,
    summary: `Console credentials of login session '${a.session}' (15-minute keys, refreshed)`,
  });
}

/**
 * Console credentials (`aws login`): the 15-minute keys in the AWS CLI's login
 * cache, refreshed through the sign-in service (DPoP-bound refresh token)
 * when under 5 minutes are left, and written back for every tool. A lock per
 * session keeps parallel processes from spending the refresh token twice.
 */
const REFRESH_BEFORE_MS = 5 * 60_000;

export const run: StepRunner<ConsoleLoginStep> = async (step, _input, ctx): Promise<AwsCredentials> => {
  const { readLoginToken, writeLoginToken, loginCachePath } = await import('../files/login-cache.js');
  const path = loginCachePath(ctx.env, step.session);
  const toCreds = (t: NonNullable<Awaited<ReturnType<typeof readLoginToken>>>): AwsCredentials => ({
    accessKeyId: t.accessToken.accessKeyId,
    secretAccessKey: t.accessToken.secretAccessKey,
    sessionToken: t.accessToken.sessionToken,
    expiration: new Date(t.accessToken.expiresAt),
    accountId: t.accessToken.accountId,
  });
  const fresh = (t: { accessToken: { expiresAt: string } }) => new Date(t.accessToken.expiresAt).getTime() - ctx.now().getTime() > REFRESH_BEFORE_MS;
  const first = await readLoginToken(ctx.env, step.session);
  if (!first) {
    throw new TempkeyError('LOGIN_SESSION_MISSING', `No console sign-in for login session '${step.session}' (looked in ${path}).`, {
      fix: `Sign in: tempkey login --console${step.profile ? ` --profile ${step.profile}` : ''}   (or: aws login)`,
      location: { file: path, profile: step.profile },
    });
  }
  if (fresh(first)) return toCreds(first);
  const { withLock } = await import('../files/lock.js');
  const { lockDir } = await import('../files/paths.js');
  return withLock(join(lockDir(ctx.env), `login-${path.slice(-69, -5)}`), async () => {
    const t = (await readLoginToken(ctx.env, step.session)) ?? first;
    if (fresh(t)) return toCreds(t);
    const { createOAuth2Token } = await import('../aws/signin.js');
    ctx.verbose(`refreshing the console credentials of login session '${step.session}' (${path})`);
    const out = await createOAuth2Token({ clientId: t.clientId, grantType: 'refresh_token', refreshToken: t.refreshToken }, { region: t.signInRegion ?? step.region ?? ctx.env.AWS_REGION ?? 'us-east-1', env: ctx.env, dpopKey: t.dpopKey });
    const updated = {
      ...t,
      accessToken: { ...t.accessToken, accessKeyId: out.accessKeyId, secretAccessKey: out.secretAccessKey, sessionToken: out.sessionToken, expiresAt: isoSecondsZ(new Date(ctx.now().getTime() + out.expiresIn * 1000)) },
      refreshToken: out.refreshToken,
    };
    await writeLoginToken(ctx.env, step.session, updated);
    return toCreds(updated);
  });
};

