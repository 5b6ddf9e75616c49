import { TempkeyError } from '../../lib/errors.js';
import { check, planFor, type Check, type DoctorContext } from './types.js';
import { fixCommand } from './hand-edit-checks.js';
import { closestNames } from '../../lib/suggest.js';

const MFA_ARN = /^arn:aws[\w-]*:iam::\d{12}:mfa\/[\w+=,.@/-]+$/;

/**
 * Per profile in question: does it resolve (source, cycles, dangling
 * references, ARNs, SSO fields: the resolver's own errors, with file:line),
 * does it have a region, is its MFA set-up sensible.
 */
export async function profileChecks(ctx: DoctorContext): Promise<Check[]> {
  const out: Check[] = [];
  if (!ctx.model) return out;
  for (const name of ctx.profiles) {
    const entry = ctx.model.profile(name);
    const where = entry?.configSection ?? entry?.credentialsSection;
    // A section the AWS CLI does not read as this profile ([dev] in config, [profile dev] in credentials).
    const wrongHeader = ctx.handEdits?.find((e) => e.profile === name && (e.id === 'handedit.config-header' || e.id === 'handedit.credentials-header'));
    if (!entry && wrongHeader) {
      out.push(check('profile.exists', `Profile '${name}' exists`, 'fail', { found: wrongHeader.found, location: { file: wrongHeader.file, line: wrongHeader.line, profile: name }, fix: fixCommand(wrongHeader) }));
      continue;
    }
    if (!entry) {
      const near = closestNames(name, ctx.model.profiles.keys());
      out.push(
        check('profile.exists', `Profile '${name}' exists`, 'fail', {
          found: `no [profile ${name}] in ${ctx.files!.config} or [${name}] in ${ctx.files!.credentials}${near.length ? `; did you mean: ${near.join(', ')}?` : ''}`,
          location: { file: ctx.files!.config, profile: name },
          fix: ctx.project ? (ctx.project.method === 'sso' ? `tempkey profiles sync --sso-session ${ctx.project.shortName}-sso --template '${ctx.project.shortName}-{{account_name}}-{{role_name}}'` : `tempkey credentials configure --type security --skip-access-keys-setup`) : near.length ? `tempkey doctor ${near[0]}   (or: tempkey profiles list)` : `tempkey profiles list  (then fix the name, or create the profile)`,
        }),
      );
      continue;
    }
    try {
      const plan = planFor(ctx, name);
      out.push(check('profile.resolves', `Profile '${name}' resolves to a plan`, 'ok', { found: plan.steps.map((s) => s.summary).join(' → '), location: { ...where, profile: name } }));
      if (!plan.region) {
        out.push(
          check('profile.region', `Profile '${name}' has a region`, 'warn', {
            found: 'no region in the profile, AWS_REGION or AWS_DEFAULT_REGION: terraform providers and regional services need one',
            location: { ...where, profile: name },
            fix: `tempkey config set --profile ${name} region us-east-1   (or add 'region = <region>' to ${where?.file}:${where?.line})`,
          }),
        );
      } else out.push(check('profile.region', `Profile '${name}' has a region`, 'ok', { found: plan.region, location: { profile: name } }));
      const first = plan.steps[0];
      if (first?.kind === 'static-keys' && !first.hasSessionToken && first.source.type !== 'vault' && first.source.type !== 'env' && first.source.type !== 'cli-flags') {
        const at = first.source.origin;
        out.push(
          check('profile.plaintext-keys', `Profile '${first.profile ?? name}' keeps no long-term keys in plaintext`, 'warn', {
            found: `long-term keys in plaintext at ${at.file}:${at.line}; the OS keyring or an encrypted file keeps them out of reach of other programs and backups`,
            location: { file: at.file, line: at.line, profile: first.profile },
            fix: `tempkey credentials configure --profile ${first.source.profile} --import-plaintext`,
          }),
        );
      }
      const { stepCacheStatus } = await import('../credentials/cache-status.js');
      for (const step of plan.steps) {
        const st = await stepCacheStatus(step, ctx.now());
        if (st?.state === 'expiring') {
          out.push(check('profile.cache', `Cached credentials of '${name}' are current`, 'ok', { found: `${step.cache!.path} expired or expires soon (${st.expiresAt ?? '?'}); it is refreshed on next use`, location: { file: step.cache!.path, profile: name } }));
        }
      }
      const isSso = plan.steps.some((s) => s.kind === 'sso-role');
      const ssoStep = plan.steps.find((s) => s.kind === 'sso-role');
      if (ssoStep?.kind === 'sso-role') {
        // Which of the two SSO profile forms: older SDKs read only the legacy one.
        const p = ssoStep.profile ?? name;
        out.push(
          ssoStep.ssoSession
            ? check('profile.sso-form', `SSO profile '${p}' form`, 'ok', {
                found: `modern form (sso_session = ${ssoStep.ssoSession}): read by the AWS CLI v2 ≥ 2.9, botocore, the JS SDK v3 and current Go/Ruby SDKs (tokens refresh); SDKs from before sso_session, such as Debian's Go SDK v2 1.17, refuse it`,
                location: { profile: p },
                fix: `only for such SDKs: tempkey profiles sync --legacy   (writes sso_start_url + sso_region in each generated profile)`,
              })
            : check('profile.sso-form', `SSO profile '${p}' form`, 'ok', {
                found: `legacy form (sso_start_url = ${ssoStep.startUrl} in the profile): read by every SDK, old and new; its token cannot be refreshed by the AWS CLI (log in again when it ends)`,
                location: { profile: p },
                fix: `to return to the modern form: tempkey profiles sync --form modern`,
              }),
        );
      }
      const mfa = entry.merged.mfa_serial;
      if (isSso && mfa) {
        out.push(
          check('profile.sso-mfa', `SSO profile '${name}' has no MFA settings`, 'warn', {
            found: `mfa_serial is set (${mfa.origin.file}:${mfa.origin.line}) but Identity Center does MFA at sign-in; the AWS CLI ignores it and it misleads`,
            location: { file: mfa.origin.file, line: mfa.origin.line, profile: name },
            fix: `tempkey config unset --profile ${name} mfa_serial   (or delete ${mfa.origin.file}:${mfa.origin.line})`,
          }),
        );
      }
      if (mfa && !MFA_ARN.test(mfa.value) && !/^GA[A-Z0-9]+$/.test(mfa.value)) {
        out.push(
          check('profile.mfa-serial', `Profile '${name}' has a valid mfa_serial`, 'fail', {
            found: `mfa_serial = ${mfa.value} is not an MFA device ARN (arn:aws:iam::<account>:mfa/<name>)`,
            location: { file: mfa.origin.file, line: mfa.origin.line, profile: name },
            fix: `tempkey config set --profile ${name} mfa_serial arn:aws:iam::<account>:mfa/<device>   (the ARN is in the IAM console, Security credentials)`,
          }),
        );
      }
    } catch (e) {
      if (!(e instanceof TempkeyError)) throw e;
      // A source_profile that "does not exist" or "has no credentials" because its section is misnamed: say that instead.
      const source = ctx.handEdits?.find((h) => h.profile && (h.id === 'handedit.config-header' || h.id === 'handedit.credentials-header') && h.profile !== name && e.message.includes(`'${h.profile}'`));
      if (source) out.push(check('profile.resolves', `Profile '${name}' resolves to a plan`, 'fail', { found: `${e.message.replace(/ Did you mean:.*$/, '')} It does, misnamed: ${source.found}`, location: { ...e.location, profile: name }, fix: fixCommand(source) }));
      else out.push(check('profile.resolves', `Profile '${name}' resolves to a plan`, 'fail', { found: e.message, location: { ...e.location, profile: name }, fix: e.fix }));
    }
  }
  return out;
}
