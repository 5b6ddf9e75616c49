import type { StaticKeysStep } from '../resolve/plan.js';
import type { AwsCredentials } from '../lib/domain.js';
import type { StepRunner } from './step-runner.js';
import { TempkeyError } from '../lib/errors.js';
import { maskKeyId, registerSecret } from '../lib/redact.js';
import { readSectionValue } from './profile-value.js';

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
      const sections = src.type === 'credentials-file' ? [src.profile] : src.profile === 'default' ? ['default', 'profile default'] : [`profile ${src.profile}`];
      const id = await readSectionValue(file, sections, 'aws_access_key_id');
      const secret = await readSectionValue(file, sections, 'aws_secret_access_key');
      const token = (await readSectionValue(file, sections, 'aws_session_token')) || (await readSectionValue(file, sections, 'aws_security_token'));
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
