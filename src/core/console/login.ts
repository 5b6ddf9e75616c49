import { createHash, randomBytes } from 'node:crypto';
import { editIniFile } from '../../files/ini-file.js';
import { locateAwsFiles } from '../../files/paths.js';
import { writeLoginToken, loginCachePath } from '../../files/login-cache.js';
import { newDpopKeyPem } from '../../lib/dpop.js';
import type { BrowserOpener } from '../ui/browser.js';
import { loopbackListener } from '../sso/login.js';
import { isoSecondsZ } from '../../lib/time.js';

/**
 * `tempkey login --console`: the AWS CLI's `aws login` flow. The browser signs
 * in to the AWS Sign-In service (authorization code + PKCE, loopback
 * redirect); the code is redeemed with a DPoP proof from a fresh EC key; the
 * session goes into the AWS CLI's login cache and the profile gets
 * `login_session`, so the AWS CLI, the SDKs and tempkey all use it.
 */
export const CONSOLE_CLIENT_ID = 'arn:aws:signin:::devtools/same-device';

export interface ConsoleLoginOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  profile: string;
  region: string;
  project?: string;
  openBrowser?: BrowserOpener;
  tell: (text: string) => void;
  timeoutMs?: number;
}

export async function consoleLogin(o: ConsoleLoginOptions): Promise<{ session: string; arn: string; cacheFile: string; expiresAt: string }> {
  const { signinBase, createOAuth2Token } = await import('../../aws/signin.js');
  const dpopKey = newDpopKeyPem();
  const verifier = randomBytes(48).toString('base64url');
  const state = randomBytes(24).toString('base64url');
  const listener = await loopbackListener(state, o.timeoutMs ?? 600_000);
  let tokens;
  const redirectUri = `http://127.0.0.1:${listener.port}/oauth/callback`;
  try {
    const q = new URLSearchParams({
      response_type: 'code',
      client_id: CONSOLE_CLIENT_ID,
      redirect_uri: redirectUri,
      state,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      scope: 'openid',
    });
    const url = `${signinBase(o.region, o.env)}/v1/authorize?${q}`;
    const opened = o.openBrowser ? await o.openBrowser(url) : false;
    o.tell(`${opened ? 'A browser window is open to sign in to the AWS console; if it did not open, go to' : 'Sign in to the AWS console: open this URL in a browser on this machine'}:\n\n    ${url}\n\n`);
    const code = await listener.code;
    tokens = await createOAuth2Token({ clientId: CONSOLE_CLIENT_ID, grantType: 'authorization_code', code, redirectUri, codeVerifier: verifier }, { region: o.region, env: o.env, dpopKey });
  } finally {
    listener.close();
  }
  const { getCallerIdentity } = await import('../../aws/sts.js');
  const who = await getCallerIdentity(tokens, { region: o.region, env: o.env, profile: o.profile });
  const session = who.arn;
  const expiresAt = isoSecondsZ(new Date(Date.now() + tokens.expiresIn * 1000));
  await writeLoginToken(o.env, session, {
    accessToken: { accessKeyId: tokens.accessKeyId, secretAccessKey: tokens.secretAccessKey, sessionToken: tokens.sessionToken, accountId: who.account, expiresAt },
    tokenType: 'aws_sigv4',
    clientId: CONSOLE_CLIENT_ID,
    refreshToken: tokens.refreshToken,
    idToken: tokens.idToken,
    dpopKey,
    signInRegion: o.region,
  });
  const config = locateAwsFiles(o.env, { project: o.project, cwd: o.cwd }).config;
  const section = o.profile === 'default' ? 'default' : `profile ${o.profile}`;
  await editIniFile(config, (doc) => {
    doc.set(section, 'login_session', session);
    if (!doc.section(section)?.values.region) doc.set(section, 'region', o.region);
  });
  return { session, arn: who.arn, cacheFile: loginCachePath(o.env, session), expiresAt };
}
