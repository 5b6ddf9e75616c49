import { readFile } from 'node:fs/promises';
import type { WebIdentityStep } from '../resolve/plan.js';
import type { CredentialsWithResponse } from '../core/credentials/run-plan.js';
import type { AwsCredentials, StepContext } from '../lib/domain.js';
import { TempkeyError } from '../lib/errors.js';
import { defaultRoleSessionName } from './assume-role.js';
import { stsEndpointLabel, stsOptionsFor } from './sts-options.js';

/** AssumeRoleWithWebIdentity with the token read from web_identity_token_file at run time (it rotates). */
export async function run(step: WebIdentityStep, _input: AwsCredentials | undefined, ctx: StepContext): Promise<CredentialsWithResponse> {
  let token: string;
  try {
    token = (await readFile(step.webIdentityTokenFile, 'utf8')).trim();
  } catch (e) {
    throw new TempkeyError('WEB_IDENTITY_TOKEN', `Cannot read web_identity_token_file ${step.webIdentityTokenFile} of profile '${step.profile ?? '?'}': ${(e as Error).message}`, {
      fix: 'Check the path in web_identity_token_file (or AWS_WEB_IDENTITY_TOKEN_FILE).',
      location: { file: step.webIdentityTokenFile, profile: step.profile },
    });
  }
  const opts = stsOptionsFor(step, ctx);
  const roleSessionName = step.roleSessionName || defaultRoleSessionName(ctx.now());
  ctx.verbose(`AssumeRoleWithWebIdentity ${step.roleArn} with token file ${step.webIdentityTokenFile} at ${stsEndpointLabel(opts)}`);
  const { assumeRoleWithWebIdentity } = await import('../aws/sts.js');
  const r = await assumeRoleWithWebIdentity({ roleArn: step.roleArn, roleSessionName, webIdentityToken: token, durationSeconds: step.durationSeconds }, opts);
  return { ...r.credentials, assumeRoleResponse: r };
}
