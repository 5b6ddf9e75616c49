import { TempkeyError } from '../../lib/errors.js';
import type { Plan, PlanStep } from '../../resolve/plan.js';
import { assumeRoleStep, type AssumeRoleStep } from '../../sources/assume-role.js';
import { sessionTokenStep } from '../../sources/session-token.js';

/**
 * What a person may ask of one request beyond the profile (aws-vault's
 * flags): --duration for the credentials handed out, --no-session to skip the
 * MFA session (GetSessionToken) and send the MFA code with AssumeRole itself.
 * The plan stays plain data: the changed steps are rebuilt by their sources,
 * so their cache keys follow (an AssumeRole with DurationSeconds is keyed as
 * the AWS CLI keys it).
 */
export interface RequestOptions {
  durationSeconds?: number;
  noSession?: boolean;
}

/** STS's limits: AssumeRole 15 min to 12 h (the role's maximum may be lower), GetSessionToken 15 min to 36 h. */
const LIMITS = { 'assume-role': [900, 43_200], 'session-token': [900, 129_600] } as const;

/** "3600", "90m", "1h", "1h30m", "45s" → seconds; undefined when it is none of these. */
export function parseDuration(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text);
  if (!m || !text) return undefined;
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

export function withRequestOptions(plan: Plan, o: RequestOptions, env: NodeJS.ProcessEnv): Plan {
  let steps: PlanStep[] = plan.steps;
  if (o.noSession) steps = withoutSession(steps, env);
  if (o.durationSeconds !== undefined) steps = withDuration(plan.profile, steps, o.durationSeconds, env);
  return steps === plan.steps ? plan : { ...plan, steps };
}

function withoutSession(steps: PlanStep[], env: NodeJS.ProcessEnv): PlanStep[] {
  const i = steps.findIndex((s) => s.kind === 'session-token');
  if (i < 0) return steps;
  const session = steps[i] as Extract<PlanStep, { kind: 'session-token' }>;
  // The roles that counted on the session's MFA get the code themselves (the first one asks for it).
  return [...steps.slice(0, i), ...steps.slice(i + 1).map((s, k) => (s.kind === 'assume-role' && k === 0 && session.mfaSerial && !s.mfaSerial ? rebuildRole(s, { mfaSerial: session.mfaSerial, mfaProcess: session.mfaProcess }, env) : s))];
}

function withDuration(profile: string, steps: PlanStep[], seconds: number, env: NodeJS.ProcessEnv): PlanStep[] {
  const last = steps.at(-1);
  if (!last || (last.kind !== 'assume-role' && last.kind !== 'session-token')) {
    throw new TempkeyError('BAD_FLAG', `--duration applies to AssumeRole and GetSessionToken; profile '${profile}' gets its credentials from ${last?.summary ?? 'nowhere'}, whose lifetime is set elsewhere.`, {
      fix: 'Run it without --duration (an SSO role lasts as long as its permission set allows).',
      location: { flag: '--duration', profile },
      exitCode: 2,
    });
  }
  const [min, max] = LIMITS[last.kind];
  if (seconds < min || seconds > max) {
    throw new TempkeyError('BAD_FLAG', `--duration ${seconds}s is outside what ${last.kind === 'assume-role' ? 'AssumeRole' : 'GetSessionToken'} allows (${min}s to ${max}s).`, {
      fix: `e.g. --duration ${last.kind === 'assume-role' ? '1h' : '12h'}`,
      location: { flag: '--duration' },
      exitCode: 2,
    });
  }
  const rebuilt =
    last.kind === 'assume-role'
      ? rebuildRole(last, { durationSeconds: seconds }, env)
      : sessionTokenStep({ env, profile: last.profile!, keys: sourceKeys(steps), mfaSerial: last.mfaSerial!, mfaProcess: last.mfaProcess, durationSeconds: seconds, target: { region: last.region, endpoint: last.endpoint } });
  return [...steps.slice(0, -1), rebuilt];
}

function sourceKeys(steps: PlanStep[]) {
  const base = steps[0];
  if (base?.kind !== 'static-keys') throw new TempkeyError('PLAN_INVALID', 'A session-token step without keys before it.');
  return base.source;
}

function rebuildRole(s: AssumeRoleStep, change: Partial<Pick<AssumeRoleStep, 'mfaSerial' | 'mfaProcess' | 'durationSeconds'>>, env: NodeJS.ProcessEnv): AssumeRoleStep {
  const { kind: _kind, summary: _summary, cache: _cache, ...fields } = { ...s, ...change };
  return assumeRoleStep(env, fields);
}
