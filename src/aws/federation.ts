import { endpointFor, endpointTimeoutError, httpTimeoutMs } from './client-config.js';
import { TempkeyError } from '../lib/errors.js';
import { registerSecret } from '../lib/redact.js';
import type { AwsCredentials } from '../lib/domain.js';

/**
 * The console federation endpoint (signin.aws.amazon.com/federation). No AWS
 * SDK has a client for it (it is a plain HTTPS GET API), so it is called with
 * fetch: getSigninToken trades temporary credentials for a sign-in token,
 * and the login URL redeems it in the browser.
 */
export function federationEndpoint(env: NodeJS.ProcessEnv): string {
  const base = endpointFor('signin', env);
  return base ? `${base.replace(/\/+$/, '')}/federation` : 'https://signin.aws.amazon.com/federation';
}

export async function getSigninToken(creds: AwsCredentials, opts: { env: NodeJS.ProcessEnv; sessionDurationSeconds?: number }): Promise<string> {
  if (!creds.sessionToken) throw new TempkeyError('CONSOLE_NEEDS_SESSION', 'The console sign-in needs temporary credentials (with a session token).');
  const endpoint = federationEndpoint(opts.env);
  const q = new URLSearchParams({ Action: 'getSigninToken', SessionType: 'json', Session: JSON.stringify({ sessionId: creds.accessKeyId, sessionKey: creds.secretAccessKey, sessionToken: creds.sessionToken }) });
  if (opts.sessionDurationSeconds) q.set('SessionDuration', String(opts.sessionDurationSeconds));
  let r: Response;
  try {
    r = await fetch(`${endpoint}?${q}`, { signal: AbortSignal.timeout(httpTimeoutMs(opts.env)) });
  } catch (e) {
    if ((e as Error).name === 'TimeoutError') throw endpointTimeoutError('The console federation endpoint', endpoint, 'getSigninToken', opts.env, e);
    throw new TempkeyError('CONSOLE_SIGNIN_FAILED', `Cannot reach the console federation endpoint ${endpoint}: ${(e as Error).message}`, { fix: 'Check the network (HTTPS_PROXY) and try again.' });
  }
  const body = await r.text();
  let token: string | undefined;
  try {
    token = (JSON.parse(body) as { SigninToken?: string }).SigninToken;
  } catch {
    token = undefined;
  }
  if (!r.ok || !token) {
    throw new TempkeyError('CONSOLE_SIGNIN_FAILED', `The federation endpoint ${endpoint} refused the credentials (HTTP ${r.status}).`, {
      fix: 'Role sessions made by role chaining cannot set a session duration; IAM users need GetFederationToken (tempkey does it). Check the profile with tempkey whoami.',
    });
  }
  registerSecret(token);
  return token;
}

export function consoleLoginUrl(token: string, destination: string, env: NodeJS.ProcessEnv): string {
  const q = new URLSearchParams({ Action: 'login', Issuer: 'tempkey', Destination: destination, SigninToken: token });
  return `${federationEndpoint(env)}?${q}`;
}

/** Where the console opens: a service's page in a region (the console's own URL scheme). */
export function consoleDestination(service: string | undefined, region: string | undefined): string {
  const host = region ? `https://${region}.console.aws.amazon.com` : 'https://console.aws.amazon.com';
  const path = service ? `/${encodeURIComponent(service)}/home` : '/console/home';
  return `${host}${path}${region ? `?region=${encodeURIComponent(region)}` : ''}`;
}
