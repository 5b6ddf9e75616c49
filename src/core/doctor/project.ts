import { join } from 'node:path';

import { check, type Check, type DoctorContext } from './types.js';

/**
 * A Leverage-style project: are its files there, does the method it declares
 * (sso_enabled) match the profiles in its AWS config, and does every profile
 * a layer uses exist.
 */
export async function projectChecks(ctx: DoctorContext): Promise<Check[]> {
  const p = ctx.project;
  if (!p) return [];
  const out: Check[] = [];
  const tfvars = join(p.root, 'config', 'common.tfvars');
  const buildEnv = join(p.root, 'build.env');
  if (!p.files.commonTfvars) {
    out.push(
      check('project.files', 'The project files are complete', 'fail', {
        found: `${tfvars} is missing: the project's method (sso_enabled), region and accounts are unknown`,
        location: { file: tfvars },
        fix: `Create ${tfvars} with at least:\n    project        = "${p.shortName}"\n    region_primary = "us-east-1"\n    sso_enabled    = false`,
      }),
    );
  } else if (!p.files.buildEnv) {
    out.push(check('project.files', 'The project files are complete', 'warn', { found: `${buildEnv} is missing (PROJECT, MFA_ENABLED)`, location: { file: buildEnv }, fix: `printf 'PROJECT=${p.shortName}\\nMFA_ENABLED=false\\n' > '${buildEnv}'` }));
  } else out.push(check('project.files', 'The project files are complete', 'ok', { found: `${p.shortName} at ${p.root}` }));

  // Where Leverage reads a setting differently from how it looks (a quoted "false", MFA_ENABLED=True).
  for (const note of p.notes) out.push(check('project.settings', 'The project settings mean what they say', 'warn', { found: note.message, location: { file: note.file, line: note.line }, fix: note.fix }));

  // Moving from the Leverage CLI: its layer keys (expiration + temporary keys) shadow what tempkey writes.
  const { findLeverageLeftovers } = await import('../../project/leverage-leftovers.js');
  const leftovers = await findLeverageLeftovers(p);
  if (leftovers.length) {
    const now = ctx.now?.() ?? new Date();
    const expired = leftovers.filter((l) => l.expiration && l.expiration.getTime() <= now.getTime());
    out.push(
      check('project.leverage-leftovers', 'No keys left behind by the Leverage CLI', 'fail', {
        found:
          `${leftovers.length} profile(s) still carry what the Leverage CLI wrote: ${leftovers.map((l) => `${l.profile}${l.expiration ? ` (expiration ${l.expiration.toISOString()}${expired.includes(l) ? ', expired' : ''})` : ''}`).join(', ')}; ` +
          `temporary keys in ${p.credentialsFile} and 'expiration' in ${p.configFile} under the names terraform uses, so those dead keys are used before tempkey's profiles`,
        location: { file: leftovers[0]!.configLine !== undefined ? p.configFile : p.credentialsFile, line: leftovers[0]!.configLine ?? leftovers[0]!.credentialsLine, profile: leftovers[0]!.profile },
        fix: `tempkey project switch ${p.method} (backs both files up as <file>.bkp, removes the leftovers and writes tempkey's profiles under those names)`,
      }),
    );
  }

  if (ctx.model) {
    const profiles = [...ctx.model.profiles.values()].filter((e) => e.name.startsWith(`${p.shortName}-`));
    const sso = profiles.filter((e) => e.merged.sso_session || e.merged.sso_start_url);
    const iamRoles = profiles.filter((e) => e.merged.role_arn && e.merged.source_profile);
    const sayIam = p.method === 'iam';
    const mismatch = sayIam ? sso.length > 0 && iamRoles.length === 0 : iamRoles.length > 0 && sso.filter((e) => e.merged.sso_role_name).length === 0;
    out.push(
      mismatch
        ? check('project.method', 'The profiles match the project method', 'fail', {
            found: `${p.methodReason}, but ${ctx.files!.config} has ${sayIam ? `${sso.length} SSO profiles and no IAM role profiles` : `${iamRoles.length} IAM role profiles and no SSO role profiles`}`,
            location: { file: p.files.commonTfvars },
            fix: `tempkey project switch ${p.method}`,
          })
        : check('project.method', 'The profiles match the project method', 'ok', { found: `${p.method === 'sso' ? 'IAM Identity Center' : 'IAM users'}: ${p.methodReason}` }),
    );
  }
  if (ctx.layer) {
    const { readLayer } = await import('../../project/layer.js');
    const layer = await readLayer(ctx.layer, p);
    for (const u of layer.unresolved) {
      out.push(check('layer.profile', 'Every profile the layer uses can be named', 'fail', { found: `cannot resolve ${u.expression}`, location: { file: u.file, line: u.line }, fix: `Give the variable a value in the project's tfvars, or write the profile name at ${u.file}:${u.line}` }));
    }
    for (const lp of layer.profiles) {
      if (ctx.model?.profile(lp.profile)) continue;
      out.push(
        check('layer.profile', `Profile '${lp.profile}' used by the layer exists`, 'fail', {
          found: `${lp.kind}${lp.alias ? ` '${lp.alias}'` : ''} at ${lp.file}:${lp.line} uses '${lp.profile}', which is not in ${ctx.files?.config}`,
          location: { file: lp.file, line: lp.line, profile: lp.profile },
          fix: p.method === 'sso' ? `tempkey project switch sso` : `tempkey credentials configure --type security --skip-access-keys-setup`,
        }),
      );
    }
    if (!out.some((c) => c.id === 'layer.profile')) out.push(check('layer.profile', 'Every profile the layer uses exists', 'ok', { found: [...new Set(layer.profiles.map((l) => l.profile))].join(', ') }));
  }

  return out;
}
