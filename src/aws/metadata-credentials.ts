import { TempkeyError } from '../lib/errors.js';
import type { AwsCredentials } from '../lib/domain.js';

/**
 * Container and EC2 instance-metadata credentials via the SDK's own provider
 * (@smithy/credential-provider-imds, a dependency of the AWS SDK clients).
 * The provider reads AWS_CONTAINER_CREDENTIALS_* and AWS_EC2_METADATA_* from
 * process.env, so the step's env is applied for the duration of the call.
 */
export async function metadataCredentials(kind: 'container' | 'instance', env: NodeJS.ProcessEnv, profile?: string): Promise<AwsCredentials> {
  type Imds = {
    fromContainerMetadata(o?: { timeout?: number; maxRetries?: number }): () => Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date; accountId?: string }>;
    fromInstanceMetadata(o?: { timeout?: number; maxRetries?: number }): () => Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date; accountId?: string }>;
  };
  let imds: Imds;
  try {
    const name = '@smithy/credential-provider-imds';
    imds = (await import(name)) as Imds;
  } catch {
    throw new TempkeyError('UNSUPPORTED_SOURCE', `Profile '${profile ?? '?'}' needs ${kind === 'container' ? 'container' : 'EC2 instance metadata'} credentials, but the SDK's metadata provider is not installed.`, {
      fix: 'npm install @smithy/credential-provider-imds (next to tempkey), or use another credential source.',
      location: { profile },
    });
  }
  const saved = { ...process.env };
  Object.assign(process.env, env);
  // IMDSv2 (session token) only, unless the person asks for the v1 fallback (AWS_EC2_METADATA_V1_DISABLED=false).
  if (kind === 'instance') process.env.AWS_EC2_METADATA_V1_DISABLED = env.AWS_EC2_METADATA_V1_DISABLED ?? 'true';
  try {
    const provider = kind === 'container' ? imds.fromContainerMetadata({ timeout: 2000, maxRetries: 1 }) : imds.fromInstanceMetadata({ timeout: 2000, maxRetries: 1 });
    const c = await provider();
    return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken, expiration: c.expiration, accountId: c.accountId };
  } catch (e) {
    throw new TempkeyError('METADATA_UNAVAILABLE', `No ${kind === 'container' ? 'container' : 'EC2 instance metadata'} credentials for profile '${profile ?? '?'}': ${(e as Error).message}`, {
      fix: kind === 'container' ? 'Run inside a container with a task/pod role (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or _FULL_URI set).' : 'Run on an EC2 instance with an instance profile, or use another credential source.',
      location: { profile },
      cause: e,
    });
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}
