import {
  CreateAccessKeyCommand,
  DeleteAccessKeyCommand,
  GetAccessKeyLastUsedCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListMFADevicesCommand,
} from '@aws-sdk/client-iam';
import { clientConfig } from './client-config.js';
import { silenceSdkNodeVersionWarning } from './sdk-node-warning.js';
import { TempkeyError } from '../lib/errors.js';
import { maskKeyId } from '../lib/redact.js';
import type { AwsCredentials } from '../lib/domain.js';

/**
 * The IAM calls tempkey makes for a person's own user: find their MFA
 * devices, and list/create/delete their access keys (rotation, audit).
 * Without a UserName, IAM acts on the caller, so no extra permission is needed
 * beyond the usual self-service policy.
 */
silenceSdkNodeVersionWarning();

export interface IamOptions {
  region: string;
  env: NodeJS.ProcessEnv;
  profileEndpoint?: string;
}

function client(creds: AwsCredentials, opts: IamOptions): IAMClient {
  return new IAMClient(clientConfig('iam', { ...opts, credentials: creds }));
}

function iamError(e: unknown, op: string, creds: AwsCredentials): TempkeyError {
  const err = e as { name?: string; message?: string };
  const code = err.name ?? 'Unknown';
  if (code === 'AccessDenied' || code === 'AccessDeniedException') {
    return new TempkeyError('ACCESS_DENIED', `IAM refused ${op} for keys ${maskKeyId(creds.accessKeyId)}: ${err.message ?? code}`, {
      fix: 'Ask an administrator to allow the IAM self-service actions (iam:ListMFADevices, iam:*AccessKey*) on your own user, or pass --mfa-serial ARN.',
      cause: e,
    });
  }
  return new TempkeyError('IAM_ERROR', `IAM ${op} failed for keys ${maskKeyId(creds.accessKeyId)}: ${code}: ${err.message ?? ''}`, { cause: e });
}

/** Serial numbers (ARNs) of the caller's MFA devices. */
export async function listMfaDevices(creds: AwsCredentials, opts: IamOptions, userName?: string): Promise<string[]> {
  const c = client(creds, opts);
  try {
    const out = await c.send(new ListMFADevicesCommand(userName ? { UserName: userName } : {}));
    return (out.MFADevices ?? []).map((d) => d.SerialNumber ?? '').filter(Boolean);
  } catch (e) {
    throw iamError(e, 'ListMFADevices', creds);
  } finally {
    c.destroy();
  }
}

export interface AccessKeyInfo {
  accessKeyId: string;
  status: string;
  createDate?: Date;
  lastUsedDate?: Date;
  lastUsedService?: string;
}

export async function listAccessKeys(creds: AwsCredentials, opts: IamOptions, userName?: string): Promise<AccessKeyInfo[]> {
  const c = client(creds, opts);
  try {
    const out = await c.send(new ListAccessKeysCommand(userName ? { UserName: userName } : {}));
    const keys: AccessKeyInfo[] = [];
    for (const k of out.AccessKeyMetadata ?? []) {
      const used = await c.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: k.AccessKeyId! }));
      keys.push({
        accessKeyId: k.AccessKeyId!,
        status: k.Status ?? 'Unknown',
        createDate: k.CreateDate,
        lastUsedDate: used.AccessKeyLastUsed?.LastUsedDate,
        lastUsedService: used.AccessKeyLastUsed?.ServiceName,
      });
    }
    return keys;
  } catch (e) {
    throw iamError(e, 'ListAccessKeys', creds);
  } finally {
    c.destroy();
  }
}

export async function createAccessKey(creds: AwsCredentials, opts: IamOptions, userName?: string): Promise<AwsCredentials> {
  const c = client(creds, opts);
  try {
    const out = await c.send(new CreateAccessKeyCommand(userName ? { UserName: userName } : {}));
    return { accessKeyId: out.AccessKey!.AccessKeyId!, secretAccessKey: out.AccessKey!.SecretAccessKey! };
  } catch (e) {
    throw iamError(e, 'CreateAccessKey', creds);
  } finally {
    c.destroy();
  }
}

export async function deleteAccessKey(creds: AwsCredentials, accessKeyId: string, opts: IamOptions, userName?: string): Promise<void> {
  const c = client(creds, opts);
  try {
    await c.send(new DeleteAccessKeyCommand({ AccessKeyId: accessKeyId, ...(userName ? { UserName: userName } : {}) }));
  } catch (e) {
    throw iamError(e, 'DeleteAccessKey', creds);
  } finally {
    c.destroy();
  }
}
