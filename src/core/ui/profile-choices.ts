import { loadProfileModel } from '../../files/aws-files.js';
import { recentProfiles } from './mru.js';

/**
 * What a profile picker offers: the profiles of the files (only the IAM
 * Identity Center ones for `login`), the recently used first, and `default`
 * when it exists: the picker preselects it, so Enter on a terminal picks the
 * same profile as the same command without a terminal.
 */
export interface ProfileChoices {
  names: string[];
  recent: string[];
  preselected?: string;
  /** sso-session names (for completion). */
  ssoSessions: string[];
}

export async function profileChoices(o: { env: NodeJS.ProcessEnv; cwd: string; project?: string; only?: 'sso' }): Promise<ProfileChoices> {
  const { model } = await loadProfileModel({ env: o.env, cwd: o.cwd, project: o.project });
  const names = [...model.profiles.values()].filter((p) => o.only !== 'sso' || p.merged.sso_session || p.merged.sso_start_url).map((p) => p.name);
  return {
    names,
    recent: await recentProfiles(o.env),
    preselected: names.includes('default') ? 'default' : undefined,
    ssoSessions: [...model.ssoSessions.keys()],
  };
}
