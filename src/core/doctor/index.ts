import { resolve } from 'node:path';
import { TempkeyError } from '../../lib/errors.js';
import { check, type Check, type DoctorContext, type DoctorOptions } from './types.js';
import { fileChecks } from './files.js';
import { profileChecks } from './profiles.js';
import { ssoChecks } from './sso.js';
import { liveChecks } from './live.js';
import { projectChecks } from './project.js';

export type { Check, CheckStatus, DoctorOptions } from './types.js';

/**
 * The troubleshooting walk a person would do by hand, in its order: which
 * project and method, which files, can they be read, which profiles are in
 * question and are they complete, is the SSO session alive, does the clock
 * agree, and does `sts get-caller-identity` pass with each profile.
 */
export async function runDoctor(opts: DoctorOptions): Promise<{ ok: boolean; checks: Check[] }> {
  const ctx: DoctorContext = { ...opts, now: opts.now ?? (() => new Date()), verbose: opts.verbose ?? (() => {}), profiles: [] };
  const checks: Check[] = [];
  const where = opts.layer ? resolve(opts.cwd, opts.layer) : opts.cwd;
  if (opts.layer) ctx.layer = where;
  if (!ctx.env.AWS_CONFIG_FILE || opts.layer) {
    const { findProject } = await import('../../project/detect.js');
    try {
      ctx.project = await findProject(where, ctx.env);
    } catch (e) {
      if (!(e instanceof TempkeyError)) throw e;
      checks.push(check('project.files', 'The project files are complete', 'fail', { found: e.message, location: e.location, fix: e.fix }));
    }
  }
  if (opts.fix) {
    const { fixHandEdits } = await import('./hand-edit-checks.js');
    const changed = await fixHandEdits(ctx, opts.fix);
    checks.push(check('handedit.fixed', `Applied --fix ${opts.fix}`, 'ok', { found: changed.length ? `edited ${changed.join(', ')}` : 'nothing to change' }));
  }
  // The raw text first: a mistake there may also be why the files do not parse.
  const { handEditChecks } = await import('./hand-edit-checks.js');
  checks.push(...(await handEditChecks(ctx)));
  checks.push(...(await fileChecks(ctx)));
  if (ctx.model) {
    if (opts.profile) ctx.profiles = [opts.profile];
    else if (ctx.layer && ctx.project) {
      const { readLayer } = await import('../../project/layer.js');
      ctx.profiles = [...new Set((await readLayer(ctx.layer, ctx.project)).profiles.map((p) => p.profile))].filter((p) => ctx.model!.profile(p));
    } else ctx.profiles = [ctx.env.AWS_PROFILE ?? (ctx.model.profile('default') ? 'default' : [...ctx.model.profiles.keys()][0])].filter((p): p is string => Boolean(p));
    ctx.verbose(`profiles in question: ${ctx.profiles.join(', ') || '(none)'}`);
  }
  checks.push(...(await projectChecks(ctx)));
  checks.push(...(await profileChecks(ctx)));
  checks.push(...(await ssoChecks(ctx)));
  if (ctx.model) checks.push(...(await liveChecks(ctx)));
  return { ok: !checks.some((c) => c.status === 'fail'), checks };
}
