import type { AwsCredentials } from '../lib/domain.js';
import { TempkeyError } from '../lib/errors.js';
import { maskKeyId, registerSecret } from '../lib/redact.js';
import type { StepBase, KeySource, StepRunner } from './step.js';

export interface StaticKeysStep extends StepBase {
  kind: 'static-keys';
  source: KeySource;
  /** Long-term keys of an IAM user (AKIA…) vs. temporary keys with a session token. */
  hasSessionToken: boolean;
}

/** The step names where the keys are; the keys themselves are read when it runs, never copied into the plan. */
export function staticKeysStep(a: { profile?: string; source: KeySource; hasSessionToken: boolean; summary: string }): StaticKeysStep {
  return { kind: 'static-keys', ...(a.profile !== undefined ? { profile: a.profile } : {}), source: a.source, hasSessionToken: a.hasSessionToken, summary: a.summary };
}

/**
 * Long-term (or externally supplied temporary) keys, read from where the plan
 * says at run time: environment, credentials file, config file, or the vault.
 */
export const run: StepRunner<StaticKeysStep> = async (step, _input, ctx) => {
  const src = step.source;
  let creds: AwsCredentials | undefined;
  let where: string;
  switch (src.type) {
    case 'env': {
      where = 'the environment (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)';
      const id = ctx.env.AWS_ACCESS_KEY_ID;
      const secret = ctx.env.AWS_SECRET_ACCESS_KEY;
      if (id && secret) creds = { accessKeyId: id, secretAccessKey: secret, sessionToken: ctx.env.AWS_SESSION_TOKEN || ctx.env.AWS_SECURITY_TOKEN || undefined, expiration: ctx.env.AWS_CREDENTIAL_EXPIRATION ? new Date(ctx.env.AWS_CREDENTIAL_EXPIRATION) : undefined };
      break;
    }
    case 'credentials-file':
    case 'config-file': {
      const file = src.origin.file;
      where = `${file} [${src.type === 'config-file' && src.profile !== 'default' ? `profile ${src.profile}` : src.profile}]`;
      // The same reader and model as the plan (files/aws-files), read again now: the plan never holds secrets.
      const { readProfileSettings } = await import('../files/aws-files.js');
      const s = await readProfileSettings(file, src.type === 'credentials-file' ? 'credentials' : 'config', src.profile);
      const id = s?.aws_access_key_id?.value;
      const secret = s?.aws_secret_access_key?.value;
      const token = s?.aws_session_token?.value || s?.aws_security_token?.value;
      if (id && secret) creds = { accessKeyId: id, secretAccessKey: secret, sessionToken: token || undefined };
      break;
    }
    case 'vault': {
      where = `the vault entry '${src.key}'${src.backend ? ` (${src.backend})` : ''}`;
      const vault = await import('../vault/index.js');
      creds = await vault.readLongTermKeys(ctx.env, src.key, src.backend);
      break;
    }
    case 'cli-flags':
      throw new TempkeyError('UNSUPPORTED_SOURCE', 'Keys on the command line are not accepted (they would show in the process list).', {
        fix: 'Store them with: tempkey credentials configure --profile <name>',
      });
  }
  if (!creds) {
    throw new TempkeyError('KEYS_MISSING', `No access key pair found in ${where} for profile '${step.profile ?? '?'}'.`, {
      fix: `Store the keys with: tempkey credentials configure --profile ${step.profile ?? '<name>'}`,
      location: { profile: step.profile, file: 'origin' in src ? src.origin.file : undefined, line: 'origin' in src ? src.origin.line : undefined },
    });
  }
  registerSecret(creds.secretAccessKey);
  registerSecret(creds.sessionToken);
  ctx.verbose(`static keys ${maskKeyId(creds.accessKeyId)} from ${where}`);
  return creds;
};
