import { readFile } from 'node:fs/promises';
import { TempkeyError } from '../lib/errors.js';
import { webIdentityCacheKey } from '../files/cache-keys.js';
import { DEFAULT_ROLE_SECONDS, defaultRoleSessionName } from './assume-role.js';
import { cliCache, dropUndefined, type StepBase, type StepRunner } from './step.js';
import { stsEndpointLabel, stsOptionsFor, type StsTarget } from './sts-options.js';

export interface WebIdentityStep extends StepBase, StsTarget {
  kind: 'web-identity';
  roleArn: string;
  webIdentityTokenFile: string;
  roleSessionName?: string;
  durationSeconds?: number;
}

/** Keyed like botocore's AssumeRoleWithWebIdentityCredentialFetcher (RoleArn + RoleSessionName). */
export function webIdentityStep(env: NodeJS.ProcessEnv, a: Omit<WebIdentityStep, 'kind' | 'summary' | 'cache'>): WebIdentityStep {
  return dropUndefined({
    kind: 'web-identity',
    ...a,
    summary: `AssumeRoleWithWebIdentity ${a.roleArn} (token ${a.webIdentityTokenFile})`,
    cache: cliCache(env, webIdentityCacheKey({ RoleArn: a.roleArn, RoleSessionName: a.roleSessionName }), DEFAULT_ROLE_SECONDS),
  });
}

/** AssumeRoleWithWebIdentity with the token read from web_identity_token_file at run time (it rotates). */
export const run: StepRunner<WebIdentityStep> = async (step, _input, ctx) => {
  let token: string;
  try {
    token = (await readFile(step.webIdentityTokenFile, 'utf8')).trim();
  } catch (e) {
    throw new TempkeyError('WEB_IDENTITY_TOKEN', `Cannot read web_identity_token_file ${step.webIdentityTokenFile} of profile '${step.profile ?? '?'}': ${(e as Error).message}`, {
      fix: 'Check the path in web_identity_token_file (or AWS_WEB_IDENTITY_TOKEN_FILE).',
      location: { file: step.webIdentityTokenFile, profile: step.profile },
    });
  }
  const opts = stsOptionsFor(step, ctx.env);
  const roleSessionName = step.roleSessionName || defaultRoleSessionName(ctx.now());
  ctx.verbose(`AssumeRoleWithWebIdentity ${step.roleArn} with token file ${step.webIdentityTokenFile} at ${stsEndpointLabel(opts)}`);
  const { assumeRoleWithWebIdentity } = await import('../aws/sts.js');
  const r = await assumeRoleWithWebIdentity({ roleArn: step.roleArn, roleSessionName, webIdentityToken: token, durationSeconds: step.durationSeconds }, opts);
  return { ...r.credentials, assumeRoleResponse: r };
};
