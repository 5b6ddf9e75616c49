import { existsSync } from 'node:fs';
import { projectHere } from './project-here.js';
import { defineCommand } from './command.js';
import { fromArgument } from './credential-flags.js';
import { TempkeyError, where } from '../lib/errors.js';
import { redact, redactText } from '../lib/redact.js';
import type { Plan, PlanStep } from '../resolve/plan.js';
import type { CacheStatus } from '../core/credentials/cache-status.js';
import { ssoLoginCommand } from '../lib/sso-session.js';

const HELP = `Usage: tempkey explain [PROFILE] [options]

Shows, without any network call, what tempkey would do for a profile: which
files it read and why, which profile and region it chose and why, the plan
(each step, its cache file and lifetime, and whether that cache is fresh now),
and every rule of the AWS CLI's precedence chain with whether it applied.

Options:
  -p, --profile NAME   profile to explain (default: AWS_PROFILE, else 'default')
  -r, --region REGION  region override
      --project NAME   use the files of a Leverage-style project (~/.aws/NAME/)
      --json           machine-readable output
  -h, --help           this help
`;

export interface StepReport {
  step: PlanStep;
  cacheStatus?: CacheStatus;
  ssoTokenStatus?: CacheStatus;
}

export default defineCommand({
  name: 'explain',
  summary: 'show how a profile resolves: files, precedence rules, plan steps and caches (no network)',
  help: HELP,
  flags: {
      profile: { type: 'string', short: 'p' },
      region: { type: 'string', short: 'r', region: true },
      project: { type: 'string' },
    },
  args: ['PROFILE'],
  json: true,
  async run({ values, profile, args, io }) {
    const project = await projectHere(values.project, io);
    // The plan of large files, resolved before from the same files, is taken again (core/ui/listing-cache).
    const { locateAwsFiles } = await import('../files/paths.js');
    const { listingInputs, readListing, rememberListing } = await import('../core/ui/listing-cache.js');
    const program = typeof __filename === 'string' ? __filename : undefined;
    const cache = listingInputs(io.env, { kind: 'plan', args: [profile, values.region], project, files: locateAwsFiles(io.env, { project, cwd: io.cwd }) }, program);
    const cached = cache && readListing(cache);
    let plan: Plan;
    if (cached !== undefined) plan = JSON.parse(cached.toString('utf8')) as Plan;
    else {
      const { loadPlan } = await import('../core/credentials/load-plan.js');
      plan = await loadPlan({ env: io.env, cwd: io.cwd, profile, region: values.region, project }).catch((e: unknown) => {
        throw values.profile === undefined ? fromArgument(e) : e;
      });
      if (cache) await rememberListing(io.env, cache, JSON.stringify(plan));
    }
    const { stepCacheStatus, ssoTokenStatus } = await import('../core/credentials/cache-status.js');
    const { withDefaultCaches } = await import('../core/credentials/cache-policy.js');
    const now = new Date();
    const steps: StepReport[] = [];
    // Show the caches exec would use, including the ones run-plan adds (credential_process).
    for (const step of withDefaultCaches(plan.steps, io.env)) {
      steps.push({
        step,
        cacheStatus: await stepCacheStatus(step, now),
        ssoTokenStatus: step.kind === 'sso-role' ? await ssoTokenStatus(step.tokenCachePath, now) : undefined,
      });
    }
    const fileExists = { config: existsSync(plan.files.config), credentials: existsSync(plan.files.credentials) };
    if (values.json) {
      io.stdout(JSON.stringify(redact({ ...plan, fileExists, cacheStatus: steps.map((s) => s.cacheStatus ?? null) }), null, 2) + '\n');
      return 0;
    }
    io.stdout(redactText(renderExplain(plan, steps, fileExists)));
    return 0;
  },
});

function lifetime(seconds?: number): string {
  if (!seconds) return 'lifetime set by AWS';
  if (seconds % 3600 === 0) return `lifetime ${seconds / 3600}h`;
  if (seconds % 60 === 0) return `lifetime ${seconds / 60}m`;
  return `lifetime ${seconds}s`;
}

function statusText(s: CacheStatus | undefined): string {
  if (!s) return '';
  if (s.state === 'missing') return 'no entry yet';
  if (s.state === 'fresh') return s.expiresAt ? `fresh until ${s.expiresAt}` : 'fresh (no expiration)';
  return `expired or expiring soon (${s.expiresAt}): will be refreshed`;
}

const CHOSEN_BY: Record<Plan['profileChosenBy'], string> = {
  flag: 'given with --profile',
  AWS_PROFILE: 'from AWS_PROFILE',
  AWS_DEFAULT_PROFILE: 'from AWS_DEFAULT_PROFILE',
  default: 'no --profile, AWS_PROFILE or AWS_DEFAULT_PROFILE: the default profile',
};

export function renderExplain(plan: Plan, steps: StepReport[], fileExists: { config: boolean; credentials: boolean }): string {
  const out: string[] = [];
  out.push(`Profile  ${plan.profile} (${CHOSEN_BY[plan.profileChosenBy]})`);
  if (plan.chain && plan.chain.length > 1) out.push(`Chain    ${plan.chain.join(' → ')} (source_profile hops)`);
  out.push(`Region   ${plan.region ? `${plan.region} (from ${plan.regionOrigin})` : 'none set (--region, AWS_REGION, AWS_DEFAULT_REGION or region in the profile)'}`);
  out.push('');
  out.push('Files');
  out.push(`  config       ${plan.files.config}${fileExists.config ? '' : ' (missing)'}  ← ${plan.files.configChosenBy}`);
  out.push(`  credentials  ${plan.files.credentials}${fileExists.credentials ? '' : ' (missing)'}  ← ${plan.files.credentialsChosenBy}`);
  out.push('');
  out.push('Plan (run top to bottom; execution starts at the last step with a fresh cache)');
  steps.forEach(({ step, cacheStatus, ssoTokenStatus }, i) => {
    out.push(`  ${i + 1}. ${step.summary}${step.profile ? `  [profile ${step.profile}]` : ''}`);
    if (step.cache) out.push(`     cache  ${step.cache.path} (${step.cache.store}, ${lifetime(step.cache.lifetimeSeconds)}): ${statusText(cacheStatus)}`);
    if (step.kind === 'sso-role') out.push(`     token  ${step.tokenCachePath}: ${ssoTokenStatus?.state === 'missing' ? `no token: run '${ssoLoginCommand({ sessionName: step.ssoSession }, plan.profile)}'` : statusText(ssoTokenStatus)}`);
  });
  out.push('');
  const width = Math.max(...plan.decisions.map((d) => d.rule.length));
  let lastProfile: string | undefined = '\0';
  for (const d of plan.decisions) {
    if (d.profile !== lastProfile) {
      lastProfile = d.profile;
      const hop = d.profile === plan.profile ? 'requested profile' : 'source profile';
      out.push(`Precedence rules for '${d.profile ?? plan.profile}' (${hop})`);
    }
    out.push(`  ${d.applied ? '✓' : '·'} ${d.rule.padEnd(width)}  ${d.applied ? 'applied' : 'no     '}  ${d.reason}${d.origin && !d.reason.includes(where(d.origin)) ? ` (${where(d.origin)})` : ''}`);
  }
  if (plan.warnings.length) {
    out.push('');
    out.push('Warnings');
    for (const w of plan.warnings) out.push(`  ! ${w}`);
  }
  return out.join('\n') + '\n';
}
