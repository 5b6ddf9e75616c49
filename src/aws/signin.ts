import { SigninClient, CreateOAuth2TokenCommand } from '@aws-sdk/nested-clients/signin';
import { clientConfig, endpointFor } from './client-config.js';
import { silenceSdkNodeVersionWarning } from './sdk-node-warning.js';
import { TempkeyError } from '../lib/errors.js';
import { registerSecret } from '../lib/redact.js';
import { dpopProof } from '../lib/dpop.js';

silenceSdkNodeVersionWarning();

/**
 * The AWS Sign-In service's OAuth token endpoint (`signin`, CreateOAuth2Token,
 * POST /v1/token), the official SDK client the JS SDK's own login provider
 * uses, with a DPoP proof added to each request.
 */
export interface SigninOptions {
  region: string;
  env: NodeJS.ProcessEnv;
  dpopKey: string;
}

export interface SigninTokens {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiresIn: number;
  refreshToken: string;
  idToken?: string;
}

/** Where the browser signs in: `{signin endpoint}/v1/authorize`. */
export function signinBase(region: string, env: NodeJS.ProcessEnv): string {
  return (endpointFor('signin', env) ?? `https://${region}.signin.aws.amazon.com`).replace(/\/+$/, '');
}

export async function createOAuth2Token(
  input: { clientId: string; grantType: 'authorization_code'; code: string; redirectUri: string; codeVerifier: string } | { clientId: string; grantType: 'refresh_token'; refreshToken: string },
  opts: SigninOptions,
): Promise<SigninTokens> {
  const client = new SigninClient({ ...(clientConfig('signin', { region: opts.region, env: opts.env, maxAttempts: 3 }) as object), credentials: { accessKeyId: '', secretAccessKey: '' } });
  client.middlewareStack.add(
    (next) => async (args) => {
      const req = args.request as { method: string; protocol: string; hostname: string; port?: number; path: string; headers: Record<string, string> };
      const url = `${req.protocol}//${req.hostname}${req.port ? `:${req.port}` : ''}${req.path}`;
      req.headers = { ...req.headers, DPoP: dpopProof(opts.dpopKey, req.method, url) };
      return next(args);
    },
    { step: 'finalizeRequest', name: 'tempkeyDpop', override: true },
  );
  try {
    const out = (await client.send(new CreateOAuth2TokenCommand({ tokenInput: input }))).tokenOutput;
    const a = out?.accessToken;
    if (!a?.accessKeyId || !a.secretAccessKey || !a.sessionToken || !out?.refreshToken) throw new TempkeyError('SIGNIN_BAD_RESPONSE', 'The sign-in service answered without credentials.');
    for (const s of [a.secretAccessKey, a.sessionToken, out.refreshToken]) registerSecret(s);
    return { accessKeyId: a.accessKeyId, secretAccessKey: a.secretAccessKey, sessionToken: a.sessionToken, expiresIn: out.expiresIn ?? 900, refreshToken: out.refreshToken, idToken: out.idToken };
  } catch (e) {
    if (e instanceof TempkeyError) throw e;
    const err = e as { name?: string; error?: string; message?: string };
    const code = err.error ?? err.name ?? 'Error';
    const relogin = ['TOKEN_EXPIRED', 'USER_CREDENTIALS_CHANGED', 'AUTHCODE_EXPIRED'].includes(code);
    throw new TempkeyError(relogin ? 'LOGIN_SESSION_EXPIRED' : 'SIGNIN_FAILED', `The AWS sign-in service refused ${input.grantType === 'refresh_token' ? 'to refresh the console session' : 'the sign-in'}: ${code}: ${err.message ?? ''}`, {
      fix: relogin ? 'Sign in again: tempkey login --console' : code === 'INSUFFICIENT_PERMISSIONS' ? "Ask for permission to call signin:CreateOAuth2Token (the 'SignInLocalDevelopmentAccess' managed policy)." : undefined,
      cause: e,
    });
  } finally {
    client.destroy();
  }
}
