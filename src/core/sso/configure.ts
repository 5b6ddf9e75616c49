import { TempkeyError } from '../../lib/errors.js';
import { checkRegion } from '../../lib/regions.js';
import { locateAwsFiles } from '../../files/paths.js';
import { editIniFile } from '../../files/ini-file.js';

/**
 * `configure sso`: the [sso-session] section (and a profile that uses it),
 * set key by key through the lossless editor, so re-running it changes only
 * what differs and keeps the person's comments and other keys.
 */
export interface ConfigureSsoInput {
  env: NodeJS.ProcessEnv;
  cwd: string;
  project?: string;
  sessionName: string;
  startUrl: string;
  region: string;
  scopes?: string;
  profile?: { name: string; accountId?: string; roleName?: string; region?: string };
}

const NAME = /^[A-Za-z0-9._-]+$/;

/** Each answer of `configure sso` is checked as it is typed (the prompt asks again) or as a flag. */
export function checkSessionName(name: string): string {
  if (!NAME.test(name)) {
    throw new TempkeyError('BAD_FLAG', `--session-name '${name}' may only use letters, digits, '.', '_' and '-'.`, { location: { flag: '--session-name' }, exitCode: 2 });
  }
  return name;
}

export function checkStartUrl(startUrl: string): string {
  let url: URL | undefined;
  try {
    url = new URL(startUrl);
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== 'https:') {
    throw new TempkeyError('BAD_FLAG', `--start-url '${startUrl}' is not an https URL.`, {
      fix: `Use the AWS access portal URL, e.g. ${/^[\w.-]+(\/[\w./-]*)?$/.test(startUrl) ? `https://${startUrl}` : 'https://d-1234567890.awsapps.com/start'}`,
      location: { flag: '--start-url' },
      exitCode: 2,
    });
  }
  return startUrl;
}

export function checkConfigureSso(i: ConfigureSsoInput): void {
  checkSessionName(i.sessionName);
  checkStartUrl(i.startUrl);
  checkRegion(i.region, '--region', i.env);
  if (i.profile?.region) checkRegion(i.profile.region, '--profile-region', i.env);
  if (i.profile && (!i.profile.accountId !== !i.profile.roleName)) {
    throw new TempkeyError('BAD_FLAG', '--account-id and --role-name go together.', { location: { flag: i.profile.accountId ? '--role-name' : '--account-id' }, exitCode: 2 });
  }
  if (i.profile?.accountId && !/^\d{12}$/.test(i.profile.accountId)) {
    throw new TempkeyError('BAD_FLAG', `--account-id '${i.profile.accountId}' must be 12 digits.`, { location: { flag: '--account-id' }, exitCode: 2 });
  }
}

export async function configureSso(i: ConfigureSsoInput): Promise<{ configFile: string; changed: boolean }> {
  checkConfigureSso(i);
  const configFile = locateAwsFiles(i.env, { project: i.project, cwd: i.cwd }).config;
  const { changed } = await editIniFile(configFile, (doc) => {
    const session = `sso-session ${i.sessionName}`;
    doc.set(session, 'sso_start_url', i.startUrl);
    doc.set(session, 'sso_region', i.region);
    doc.set(session, 'sso_registration_scopes', i.scopes ?? 'sso:account:access');
    if (i.profile) {
      const section = i.profile.name === 'default' ? 'default' : `profile ${i.profile.name}`;
      doc.set(section, 'sso_session', i.sessionName);
      if (i.profile.accountId) doc.set(section, 'sso_account_id', i.profile.accountId);
      if (i.profile.roleName) doc.set(section, 'sso_role_name', i.profile.roleName);
      doc.set(section, 'region', i.profile.region ?? i.region);
    }
  });
  return { configFile, changed };
}
