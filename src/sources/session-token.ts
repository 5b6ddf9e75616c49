import { getMfaCode } from '../lib/mfa.js';
import { pythonJsonDumps, sha1Hex } from '../files/cache-keys.js';
import { dropUndefined, requireInput, tempkeyCache, type KeySource, type StepBase, type StepRunner } from './step.js';
import { stsEndpointLabel, stsOptionsFor, type StsTarget } from './sts-options.js';

/** GetSessionToken, with MFA when mfaSerial is set: the "one MFA prompt for hours" step. */
export interface SessionTokenStep extends StepBase, StsTarget {
  kind: 'session-token';
  mfaSerial?: string;
  /** The profile's mfa_process command line, when set (else --mfa-token or a prompt). */
  mfaProcess?: string;
  durationSeconds: number;
}

/** The MFA session lasts this long unless `tempkey_mfa_session_duration` says otherwise (12 h). */
export const DEFAULT_MFA_SESSION_SECONDS = 43200;

/** sha1 of the sorted JSON of what makes an MFA session unique: where the long-term keys live, serial, duration. */
export function mfaSessionCacheKey(args: { source: string; mfaSerial: string; durationSeconds: number }): string {
  return sha1Hex(pythonJsonDumps({ source: args.source, mfaSerial: args.mfaSerial, durationSeconds: args.durationSeconds }));
}

/** The MFA session after long-term keys, cached in tempkey's own store for its whole lifetime. */
export function sessionTokenStep(a: {
  env: NodeJS.ProcessEnv;
  profile: string;
  keys: KeySource;
  mfaSerial: string;
  mfaProcess?: string;
  durationSeconds: number;
  target: StsTarget;
}): SessionTokenStep {
  const key = mfaSessionCacheKey({ source: keySourceIdentity(a.keys), mfaSerial: a.mfaSerial, durationSeconds: a.durationSeconds });
  return dropUndefined({
    kind: 'session-token',
    profile: a.profile,
    mfaSerial: a.mfaSerial,
    mfaProcess: a.mfaProcess,
    durationSeconds: a.durationSeconds,
    ...a.target,
    summary: `GetSessionToken mfa=${a.mfaSerial} (one MFA code for ${formatDuration(a.durationSeconds)})`,
    cache: tempkeyCache(a.env, key, a.durationSeconds),
  });
}

function keySourceIdentity(source: KeySource): string {
  switch (source.type) {
    case 'vault':
      return `vault:${source.key}`;
    case 'credentials-file':
    case 'config-file':
      return `${source.type}:${source.profile}`;
    case 'env':
      return 'env';
    default:
      return source.type;
  }
}

export function formatDuration(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

export const run: StepRunner<SessionTokenStep> = async (step, input, ctx) => {
  const source = requireInput(step, input);
  let tokenCode: string | undefined;
  if (step.mfaSerial) {
    tokenCode = await getMfaCode(ctx, { serial: step.mfaSerial, profile: step.profile, mfaProcess: step.mfaProcess });
  }
  const opts = stsOptionsFor(step, ctx.env);
  ctx.verbose(`GetSessionToken for profile '${step.profile ?? '?'}' (${step.durationSeconds}s${step.mfaSerial ? `, MFA ${step.mfaSerial}` : ''}) at ${stsEndpointLabel(opts)}`);
  const { getSessionToken } = await import('../aws/sts.js');
  return getSessionToken(source, { durationSeconds: step.durationSeconds, serialNumber: step.mfaSerial, tokenCode }, opts);
};
