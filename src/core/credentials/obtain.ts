import type { Plan } from '../../resolve/plan.js';
import type { Prompter, SsoTokenProvider } from '../../lib/domain.js';
import { runPlan, type RunResult } from './run-plan.js';
import { loadPlan } from './load-plan.js';
import { withRequestOptions, type RequestOptions } from './request-options.js';

/**
 * The one use case behind exec, env, credential-process and whoami: resolve
 * the profile into a plan, then run it (from the freshest cache entry).
 */
export interface CredentialRequest {
  env: NodeJS.ProcessEnv;
  cwd: string;
  profile?: string;
  region?: string;
  project?: string;
  mfaToken?: string;
  prompt: Prompter;
  verbose?: (line: string) => void;
  /** Identity Center tokens; default: the cache, refreshed, with one browser login when needed. */
  ssoTokens?: SsoTokenProvider;
  now?: () => Date;
  /** Messages for the person (a login URL), default stderr. */
  tell?: (text: string) => void;
  /** The profile's plan when the caller resolved it already (doctor resolves each profile once). */
  plan?: Plan;
  /** --duration, --no-session. */
  options?: RequestOptions;
}

export interface ObtainedCredentials {
  plan: Plan;
  credentials: RunResult;
  region?: string;
}

export async function obtainCredentials(req: CredentialRequest): Promise<ObtainedCredentials> {
  const verbose = req.verbose ?? (() => {});
  const resolved = req.plan ?? (await loadPlan({ env: req.env, cwd: req.cwd, profile: req.profile, region: req.region, project: req.project }));
  const plan = req.options ? withRequestOptions(resolved, req.options, req.env) : resolved;
  verbose(`profile '${plan.profile}' (chosen by ${plan.profileChosenBy}); config ${plan.files.config}, credentials ${plan.files.credentials}`);
  plan.steps.forEach((s, i) => verbose(`plan step ${i + 1}: ${s.summary}${s.profile ? ` [profile ${s.profile}]` : ''}${s.cache ? ` cache ${s.cache.path}` : ''}`));
  const credentials = await runPlan(plan, {
    env: req.env,
    now: req.now ?? (() => new Date()),
    prompt: req.prompt,
    verbose,
    mfaToken: req.mfaToken,
    ssoTokens: req.ssoTokens ?? (plan.steps.some((s) => s.kind === 'sso-role') ? await defaultSsoTokens(req, verbose) : undefined),
  });
  return { plan, credentials, region: req.region ?? plan.region };
}

async function defaultSsoTokens(req: CredentialRequest, verbose: (line: string) => void): Promise<SsoTokenProvider> {
  const { ssoTokens, mayLogIn } = await import('../sso/tokens.js');
  return ssoTokens({ env: req.env, now: req.now, interactive: mayLogIn(req.env), tell: req.tell, verbose });
}
