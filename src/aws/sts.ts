import {
  GetFederationTokenCommand,
  AssumeRoleCommand,
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
  GetSessionTokenCommand,
  STSClient,
  type Credentials as StsCredentials,
} from '@aws-sdk/client-sts';
import { clientConfig, endpointFor, endpointTimeoutError, isTimeoutError } from './client-config.js';
import { silenceSdkNodeVersionWarning } from './sdk-node-warning.js';
import { TempkeyError } from '../lib/errors.js';
import { maskKeyId, registerSecret } from '../lib/redact.js';
import type { AssumeRoleResponse, AwsCredentials } from '../lib/domain.js';

/**
 * The four STS calls tempkey makes, with SDK errors turned into TempkeyErrors
 * that say what happened and what to do. Throttling and 5xx are retried by
 * the SDK's standard retry strategy (maxAttempts from clientConfig).
 */
// The SDK warns on stderr about Node < 22 on first use; that would corrupt what a
// person sees around credential-process / exec output, so it is silenced (the
// engines field documents the supported Node versions).
silenceSdkNodeVersionWarning();

export interface StsOptions {
  region: string;
  env: NodeJS.ProcessEnv;
  profileEndpoint?: string;
  /** The profile the call is made for, for messages. */
  profile?: string;
}


export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
}

function client(creds: AwsCredentials | undefined, opts: StsOptions): STSClient {
  return new STSClient(
    clientConfig('sts', { region: opts.region, env: opts.env, profileEndpoint: opts.profileEndpoint, credentials: creds }) as never,
  );
}

/** Runs one STS call on its own client: SDK errors become TempkeyErrors naming `op`; the client is always closed. */
async function call<T>(
  c: STSClient,
  op: string,
  creds: AwsCredentials | undefined,
  opts: StsOptions,
  extra: { roleArn?: string; serialNumber?: string },
  send: (c: STSClient) => Promise<T>,
): Promise<T> {
  try {
    return await send(c);
  } catch (e) {
    throw stsError(e, op, creds, opts, extra);
  } finally {
    c.destroy();
  }
}

/** The MFA fields both GetSessionToken and AssumeRole take, only when set. */
function mfaFields(p: { serialNumber?: string; tokenCode?: string }): { SerialNumber?: string; TokenCode?: string } {
  return { ...(p.serialNumber ? { SerialNumber: p.serialNumber } : {}), ...(p.tokenCode ? { TokenCode: p.tokenCode } : {}) };
}

export async function getCallerIdentity(creds: AwsCredentials, opts: StsOptions): Promise<CallerIdentity> {
  return call(client(creds, opts), 'GetCallerIdentity', creds, opts, {}, async (c) => {
    const out = await c.send(new GetCallerIdentityCommand({}));
    return { account: out.Account ?? '', arn: out.Arn ?? '', userId: out.UserId ?? '' };
  });
}

export interface SessionTokenParams {
  durationSeconds: number;
  serialNumber?: string;
  tokenCode?: string;
}

export async function getSessionToken(creds: AwsCredentials, p: SessionTokenParams, opts: StsOptions): Promise<AwsCredentials> {
  return call(client(creds, opts), 'GetSessionToken', creds, opts, { serialNumber: p.serialNumber }, async (c) => {
    const out = await c.send(new GetSessionTokenCommand({ DurationSeconds: p.durationSeconds, ...mfaFields(p) }));
    return fromSts(out.Credentials, 'GetSessionToken');
  });
}

/**
 * GetFederationToken for an IAM user's long-term keys (console sign-in needs
 * temporary credentials). The policy passed is the ceiling of the session:
 * allow-all here, so the session has exactly the user's own permissions.
 */
export async function getFederationToken(creds: AwsCredentials, p: { name: string; durationSeconds: number }, opts: StsOptions): Promise<AwsCredentials> {
  return call(client(creds, opts), 'GetFederationToken', creds, opts, {}, async (c) => {
    const out = await c.send(
      new GetFederationTokenCommand({
        Name: p.name.replace(/[^\w+=,.@-]/g, '-').slice(0, 32) || 'tempkey',
        DurationSeconds: p.durationSeconds,
        Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
      }),
    );
    const credentials = fromSts(out.Credentials, 'GetFederationToken');
    credentials.accountId = accountOfArn(out.FederatedUser?.Arn);
    return credentials;
  });
}

export interface AssumeRoleParams {
  roleArn: string;
  roleSessionName: string;
  externalId?: string;
  serialNumber?: string;
  tokenCode?: string;
  durationSeconds?: number;
}

export async function assumeRole(creds: AwsCredentials, p: AssumeRoleParams, opts: StsOptions): Promise<AssumeRoleResponse> {
  return call(client(creds, opts), 'AssumeRole', creds, opts, { roleArn: p.roleArn, serialNumber: p.serialNumber }, async (c) => {
    const out = await c.send(
      new AssumeRoleCommand({
        RoleArn: p.roleArn,
        RoleSessionName: p.roleSessionName,
        ...(p.externalId ? { ExternalId: p.externalId } : {}),
        ...mfaFields(p),
        ...(p.durationSeconds ? { DurationSeconds: p.durationSeconds } : {}),
      }),
    );
    return assumedRole(out, 'AssumeRole', p.roleArn);
  });
}

export interface WebIdentityParams {
  roleArn: string;
  roleSessionName: string;
  webIdentityToken: string;
  durationSeconds?: number;
}

/** Unsigned call: the web identity token is the proof. */
export async function assumeRoleWithWebIdentity(p: WebIdentityParams, opts: StsOptions): Promise<AssumeRoleResponse> {
  registerSecret(p.webIdentityToken);
  const cfg = clientConfig('sts', { region: opts.region, env: opts.env, profileEndpoint: opts.profileEndpoint }) as Record<string, unknown>;
  // The SDK skips signing for this operation; a static dummy keeps it from looking for credentials.
  cfg.credentials = { accessKeyId: 'unused', secretAccessKey: 'unused' };
  return call(new STSClient(cfg as never), 'AssumeRoleWithWebIdentity', undefined, opts, { roleArn: p.roleArn }, async (c) => {
    const out = await c.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: p.roleArn,
        RoleSessionName: p.roleSessionName,
        WebIdentityToken: p.webIdentityToken,
        ...(p.durationSeconds ? { DurationSeconds: p.durationSeconds } : {}),
      }),
    );
    return assumedRole(out, 'AssumeRoleWithWebIdentity', p.roleArn);
  });
}

/** Both AssumeRole flavours answer the same shape; keep all of it for the AWS CLI cache format. */
function assumedRole(
  out: { Credentials?: Parameters<typeof fromSts>[0]; AssumedRoleUser?: { Arn?: string; AssumedRoleId?: string }; PackedPolicySize?: number; SourceIdentity?: string; $metadata: { requestId?: string; httpStatusCode?: number } },
  op: string,
  roleArn: string,
): AssumeRoleResponse {
  const credentials = fromSts(out.Credentials, op);
  credentials.accountId = accountOfArn(out.AssumedRoleUser?.Arn) ?? accountOfArn(roleArn);
  return {
    credentials,
    assumedRoleArn: out.AssumedRoleUser?.Arn,
    assumedRoleId: out.AssumedRoleUser?.AssumedRoleId,
    packedPolicySize: out.PackedPolicySize,
    sourceIdentity: out.SourceIdentity,
    requestId: out.$metadata.requestId,
    httpStatusCode: out.$metadata.httpStatusCode,
  };
}

export function accountOfArn(arn: string | undefined): string | undefined {
  const m = arn?.match(/^arn:[^:]+:(?:iam|sts)::(\d{12}):/);
  return m?.[1];
}

function fromSts(c: StsCredentials | undefined, op: string): AwsCredentials {
  if (!c?.AccessKeyId || !c.SecretAccessKey) {
    throw new TempkeyError('STS_BAD_RESPONSE', `STS ${op} answered without credentials.`, {
      fix: 'Retry; if it persists, check AWS_ENDPOINT_URL / the profile endpoint points at STS.',
    });
  }
  registerSecret(c.SecretAccessKey);
  registerSecret(c.SessionToken);
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    sessionToken: c.SessionToken,
    expiration: c.Expiration ? new Date(c.Expiration) : undefined,
  };
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'TimeoutError']);

/** Maps an SDK error to a TempkeyError naming the call, the identity, the role and the fix. */
export function stsError(
  e: unknown,
  op: string,
  creds: AwsCredentials | undefined,
  opts: StsOptions,
  extra: { roleArn?: string; serialNumber?: string } = {},
): TempkeyError {
  if (e instanceof TempkeyError) return e;
  const err = e as { name?: string; code?: string; message?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
  const code = err.name && err.name !== 'Error' ? err.name : (err.Code ?? err.code ?? 'Unknown');
  const msg = err.message ?? String(e);
  const who = creds ? `keys ${maskKeyId(creds.accessKeyId)}` : 'a web identity token';
  const prof = opts.profile ? ` (profile '${opts.profile}')` : '';
  const location = opts.profile ? { profile: opts.profile } : undefined;
  const endpoint = endpointFor('sts', opts.env, opts.profileEndpoint) ?? `https://sts.${opts.region}.amazonaws.com`;
  const mfaWords = /MultiFactorAuthentication|MFA|token code|TokenCode/i.test(msg);
  if (isTimeoutError(e)) return endpointTimeoutError('STS', endpoint, op, opts.env, e, { location, what: prof });

  if (NETWORK_CODES.has(err.code ?? '') || NETWORK_CODES.has(code) || /ECONNREFUSED|ENOTFOUND|socket hang up|getaddrinfo/.test(msg)) {
    return new TempkeyError('NETWORK', `Could not reach STS at ${endpoint} for ${op}${prof}: ${msg}`, {
      fix: 'Check the network connection, proxy settings and AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_STS, then retry.',
      location,
      cause: e,
    });
  }
  if ((code === 'InvalidClientTokenId' || code === 'UnrecognizedClientException') && creds?.sessionToken) {
    return new TempkeyError('SESSION_INVALID', `STS rejected the temporary credentials ${maskKeyId(creds.accessKeyId)}${prof} during ${op} (${code}): the session was revoked or its source keys were deactivated.`, {
      fix: `Remove the cached session and try again: tempkey logout --profile ${opts.profile ?? '<profile>'} (or delete the entry shown by --verbose).`,
      location,
      cause: e,
    });
  }
  if (code === 'InvalidClientTokenId' || code === 'UnrecognizedClientException') {
    return new TempkeyError(
      'KEYS_INVALID',
      `STS rejected the access key ${creds ? maskKeyId(creds.accessKeyId) : ''}${prof} during ${op}: the keys were deactivated, deleted or never existed (${code}).`,
      {
        fix: `Create new access keys for the IAM user in the console, then run: tempkey credentials configure --profile ${opts.profile ?? '<profile>'}`,
        location,
        cause: e,
      },
    );
  }
  if (code === 'SignatureDoesNotMatch') {
    return new TempkeyError('KEYS_INVALID', `STS says the secret key does not match access key ${creds ? maskKeyId(creds.accessKeyId) : ''}${prof} (${op}).`, {
      fix: `Re-enter the keys: tempkey credentials configure --profile ${opts.profile ?? '<profile>'}`,
      location,
      cause: e,
    });
  }
  if (code === 'ExpiredToken' || code === 'ExpiredTokenException' || code === 'RequestExpired') {
    return new TempkeyError('SESSION_EXPIRED', `The temporary credentials used for ${op}${prof} have expired (${code}).`, {
      fix: 'Run the command again to get a new session; if the clock is off, sync it (timedatectl / ntp).',
      location,
      cause: e,
    });
  }
  if (code === 'AccessDenied' && (extra.serialNumber || mfaWords) && /MultiFactorAuthentication|MFA|token|code/i.test(msg)) {
    return new TempkeyError('MFA_INVALID', `The MFA code for ${extra.serialNumber ?? 'the MFA device'} was rejected${prof} during ${op}: ${msg}`, {
      fix: 'Wait for the next code from the authenticator app and try again (each code is accepted once).',
      location,
      cause: e,
    });
  }
  if (code === 'AccessDenied' || code === 'AccessDeniedException') {
    const target = extra.roleArn ? `assume ${extra.roleArn}` : `call ${op}`;
    return new TempkeyError('ACCESS_DENIED', `${who}${prof} may not ${target}: ${msg}`, {
      fix: extra.roleArn
        ? `Check that the role's trust policy allows this identity (run 'tempkey whoami' on the source profile) and that the identity's policy allows sts:AssumeRole on ${extra.roleArn}; if the role requires MFA, set mfa_serial in the profile.`
        : 'Check the IAM policy of this identity.',
      location,
      cause: e,
    });
  }
  if (code === 'ValidationError' || code === 'ValidationException') {
    return new TempkeyError('STS_INVALID_REQUEST', `STS refused ${op}${prof}${extra.roleArn ? ` for ${extra.roleArn}` : ''}: ${msg}`, {
      fix: 'Check the profile settings (duration_seconds, role_session_name, external_id, mfa_serial) in the config file.',
      location,
      cause: e,
    });
  }
  if (code === 'Throttling' || code === 'ThrottlingException' || code === 'TooManyRequestsException') {
    return new TempkeyError('THROTTLED', `STS kept throttling ${op}${prof} after several retries.`, {
      fix: 'Wait a minute and run the command again.',
      location,
      cause: e,
    });
  }
  return new TempkeyError('STS_ERROR', `STS ${op}${prof} failed at ${endpoint}: ${code}: ${msg}`, {
    fix: 'Retry; run with --verbose to see each step.',
    location,
    cause: e,
  });
}
