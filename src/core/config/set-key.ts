import { TempkeyError } from '../../lib/errors.js';
import { closestNames } from '../../lib/suggest.js';
import { locateAwsFiles } from '../../files/paths.js';
import { editIniFile } from '../../files/ini-file.js';
import { loadProfileModel } from '../../files/aws-files.js';

/**
 * `config set` / `config unset`: one key of one section of the AWS config
 * file, through the lossless editor (atomic write, under a lock). A profile
 * or sso-session that does not exist is not created by a typo: the error
 * names the closest sections, and `create` says a new one is meant (a
 * profile of the credentials file is known, so its config section is made).
 */
export interface ConfigKeyEdit {
  env: NodeJS.ProcessEnv;
  cwd: string;
  project?: string;
  target: { profile: string } | { ssoSession: string };
  key: string;
  /** undefined: remove the key. */
  value?: string;
  create?: boolean;
}

export async function editConfigKey(e: ConfigKeyEdit): Promise<{ changed: boolean; file: string; section: string }> {
  const section = 'ssoSession' in e.target ? `sso-session ${e.target.ssoSession}` : e.target.profile === 'default' ? 'default' : `profile ${e.target.profile}`;
  const file = locateAwsFiles(e.env, { project: e.project, cwd: e.cwd }).config;
  // A profile known from the credentials file gets its first config section without --create.
  const { model } = await loadProfileModel({ env: e.env, cwd: e.cwd, project: e.project });
  const known = 'profile' in e.target && model.profiles.has(e.target.profile);
  const { changed } = await editIniFile(file, (doc) => {
    if (!doc.section(section) && !(e.value !== undefined && (e.create || known))) {
      const isSession = 'ssoSession' in e.target;
      const name = isSession ? (e.target as { ssoSession: string }).ssoSession : (e.target as { profile: string }).profile;
      const names = doc
        .sections()
        .map((s) => s.name)
        .filter((n) => (isSession ? n.startsWith('sso-session ') : n === 'default' || n.startsWith('profile ')))
        .map((n) => n.replace(/^(profile|sso-session) /, ''));
      const near = closestNames(name, names);
      const flag = isSession ? '--sso-session' : '--profile';
      throw new TempkeyError(isSession ? 'SSO_SESSION_MISSING' : 'UNKNOWN_PROFILE', `There is no [${section}] in ${file}.${near.length ? ` Did you mean: ${near.join(', ')}?` : ''}`, {
        fix: e.value === undefined ? `tempkey profiles list` : near.length ? `Use ${flag} ${near[0]}, or add --create to make a new [${section}].` : `Add --create to make a new [${section}].`,
        location: { file, flag, ...(isSession ? {} : { profile: name }) },
      });
    }
    if (e.value !== undefined) doc.set(section, e.key, e.value);
    else if (!doc.delete(section, e.key)) throw new TempkeyError('CONFIG_KEY_MISSING', `[${section}] in ${file} has no '${e.key}'.`, { location: { file } });
  });
  return { changed, file, section };
}
