import { TempkeyError } from '../../lib/errors.js';
import { endpointFor } from '../../aws/client-config.js';
import { check, planFor, type Check, type DoctorContext } from './types.js';

/** More than this between our clock and AWS's breaks request signing (SigV4 allows 5 minutes). */
const MAX_SKEW_MS = 5 * 60_000;

/** The clock against the server's Date header; then a real GetCallerIdentity per profile in question. */
export async function liveChecks(ctx: DoctorContext): Promise<Check[]> {
  if (ctx.offline) return [check('live', 'Live checks (clock, GetCallerIdentity)', 'skipped', { found: '--offline' })];
  const out: Check[] = [];
  const sts = endpointFor('sts', ctx.env) ?? 'https://sts.amazonaws.com';
  try {
    const r = await fetch(sts, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=GetCallerIdentity&Version=2011-06-15', signal: AbortSignal.timeout(10_000) });
    const server = Date.parse(r.headers.get('date') ?? '');
    if (Number.isNaN(server)) out.push(check('clock.skew', 'The clock agrees with AWS', 'skipped', { found: `${sts} sent no Date header` }));
    else {
      const skew = ctx.now().getTime() - server;
      const mins = (Math.abs(skew) / 60_000).toFixed(1);
      out.push(
        Math.abs(skew) > MAX_SKEW_MS
          ? check('clock.skew', 'The clock agrees with AWS', 'fail', { found: `this machine's clock is ${mins} min ${skew > 0 ? 'ahead of' : 'behind'} ${sts}: AWS rejects signatures off by more than 5 min`, fix: 'sudo timedatectl set-ntp true   (or sync the clock another way)' })
          : check('clock.skew', 'The clock agrees with AWS', 'ok', { found: `${mins} min difference with ${sts}` }),
      );
    }
  } catch (e) {
    out.push(check('clock.skew', 'The clock agrees with AWS', 'warn', { found: `cannot reach ${sts}: ${(e as Error).message}`, fix: 'Check the network / proxy (HTTPS_PROXY) and try again.' }));
  }
  const { obtainCredentials } = await import('../credentials/obtain.js');
  const { whoAmI } = await import('../credentials/whoami.js');
  const noPrompt = { ask: async () => Promise.reject(new TempkeyError('MFA_NEEDED', 'an MFA code is needed', { fix: 'Run tempkey whoami PROFILE once to enter it; the doctor never prompts.' })) };
  for (const name of ctx.profiles) {
    if (!ctx.model?.profile(name)) continue;
    try {
      const got = await obtainCredentials({ env: { ...ctx.env, TEMPKEY_NO_LOGIN: '1' }, cwd: ctx.cwd, profile: name, project: ctx.project?.shortName, plan: planFor(ctx, name), prompt: noPrompt, now: ctx.now, verbose: ctx.verbose });
      const id = await whoAmI(got.credentials, { region: got.region, env: ctx.env, profile: name });
      out.push(check('live.identity', `sts get-caller-identity with '${name}'`, 'ok', { found: id.arn, location: { profile: name } }));
    } catch (e) {
      const err = e instanceof TempkeyError ? e : undefined;
      const status = err?.code === 'MFA_NEEDED' ? 'skipped' : 'fail';
      out.push(check('live.identity', `sts get-caller-identity with '${name}'`, status, { found: err?.message ?? String(e), location: { ...err?.location, profile: name }, fix: err?.fix }));
    }
  }
  return out;
}
