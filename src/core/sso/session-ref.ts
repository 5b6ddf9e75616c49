import { TempkeyError } from '../../lib/errors.js';
import { loadProfileModel } from '../../files/aws-files.js';
import type { SsoSessionRef } from '../../lib/domain.js';
import { closestNames, didYouMean } from '../../lib/suggest.js';

/**
 * Which Identity Center session a login or logout is about: the named
 * [sso-session], the one a profile uses (modern or legacy form), AWS_PROFILE's,
 * or the only session in the config file.
 */
export interface SessionChoice {
  env: NodeJS.ProcessEnv;
  cwd: string;
  profile?: string;
  ssoSession?: string;
  project?: string;
}

const scopesOf = (raw: string | undefined) => raw?.split(',').map((s) => s.trim()).filter(Boolean);

export async function findSessionRef(c: SessionChoice): Promise<{ ref: SsoSessionRef; configFile: string }> {
  const { model, files } = await loadProfileModel({ env: c.env, cwd: c.cwd, project: c.project });
  const fromSession = (name: string, flag: string): SsoSessionRef => {
    const s = model.ssoSession(name);
    if (!s) {
      const known = [...model.ssoSessions.keys()];
      throw new TempkeyError('SSO_SESSION_MISSING', `There is no [sso-session ${name}] in ${files.config}.${didYouMean(name, known)}`, {
        fix: known.length ? `Use one of: ${[...new Set([...closestNames(name, known), ...known])].join(', ')}` : `Create it: tempkey configure sso --session-name ${name} --start-url URL --region REGION`,
        location: { file: files.config, flag },
      });
    }
    const startUrl = s.settings.sso_start_url?.value;
    const region = s.settings.sso_region?.value;
    if (!startUrl || !region) {
      throw new TempkeyError('SSO_SESSION_INCOMPLETE', `[sso-session ${name}] lacks ${!startUrl ? 'sso_start_url' : 'sso_region'}.`, {
        fix: `Add it to ${files.config}:${s.origin.line}, or run: tempkey configure sso --session-name ${name} --start-url URL --region REGION`,
        location: { file: files.config, line: s.origin.line },
      });
    }
    return { sessionName: name, startUrl, region, scopes: scopesOf(s.settings.sso_registration_scopes?.value) };
  };
  if (c.ssoSession) return { ref: fromSession(c.ssoSession, '--sso-session'), configFile: files.config };
  const profileName = c.profile ?? c.env.AWS_PROFILE;
  if (profileName) {
    const p = model.profile(profileName);
    if (!p) {
      const near = closestNames(profileName, model.profiles.keys());
      throw new TempkeyError('UNKNOWN_PROFILE', `The profile '${profileName}' is not in ${files.config}.${near.length ? ` Did you mean: ${near.join(', ')}?` : ''}`, {
        fix: near.length ? `tempkey login ${near[0]}   (or see them all: tempkey profiles list)` : 'tempkey profiles list',
        location: { file: files.config, profile: profileName },
      });
    }
    const m = p.merged;
    if (m.sso_session) return { ref: fromSession(m.sso_session.value, '--profile'), configFile: files.config };
    if (m.sso_start_url && m.sso_region) return { ref: { startUrl: m.sso_start_url.value, region: m.sso_region.value }, configFile: files.config };
    throw new TempkeyError('NOT_AN_SSO_PROFILE', `The profile '${profileName}' does not use IAM Identity Center (no sso_session or sso_start_url).`, {
      fix: `Pick an SSO profile (tempkey profiles list), or set one up: tempkey configure sso --profile ${profileName}`,
      location: { file: p.configSection?.file ?? files.config, line: p.configSection?.line, profile: profileName },
    });
  }
  const sessions = [...model.ssoSessions.keys()];
  if (sessions.length === 1) return { ref: fromSession(sessions[0]!, '--sso-session'), configFile: files.config };
  throw new TempkeyError(
    sessions.length ? 'SSO_SESSION_AMBIGUOUS' : 'SSO_SESSION_MISSING',
    sessions.length ? `${files.config} has several sso-sessions (${sessions.join(', ')}); say which one.` : `${files.config} has no [sso-session] to log in to.`,
    { fix: sessions.length ? `tempkey login --sso-session ${sessions[0]}` : 'tempkey configure sso --start-url URL --region REGION', location: { file: files.config, flag: '--sso-session' } },
  );
}
