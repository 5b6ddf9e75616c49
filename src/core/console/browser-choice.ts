import { join } from 'node:path';
import { loadProfileModel } from '../../files/aws-files.js';
import { tempkeyDir } from '../../files/paths.js';
import { splitCommandLine } from '../../lib/split-command.js';

/**
 * Which browser opens a profile's console, so two accounts' consoles stay
 * side by side: --browser, else the profile's `tempkey_console_browser`, else
 * TEMPKEY_CONSOLE_BROWSER, else the system browser. A value is a preset or a
 * command line:
 *  - chromium | chrome | brave | edge: that browser with a --user-data-dir of
 *    its own per AWS profile (~/.aws/tempkey/browsers/<browser>/<profile>);
 *  - firefox: a container named after the profile, through the
 *    `ext+container:` URL of the "Open external links in a container" add-on;
 *  - anything else: a command line in which {url} and {profile} are replaced
 *    (after splitting, so a name never becomes shell syntax); without {url}
 *    the URL goes last. The command also gets TEMPKEY_PROFILE.
 */
const CHROMIUM_FAMILY: Record<string, string> = { chromium: 'chromium', chrome: 'google-chrome', brave: 'brave-browser', edge: 'microsoft-edge' };

export async function consoleBrowserSetting(o: { env: NodeJS.ProcessEnv; cwd: string; project?: string; profile: string; flag?: string }): Promise<string | undefined> {
  if (o.flag) return o.flag;
  const { model } = await loadProfileModel({ env: o.env, cwd: o.cwd, project: o.project });
  return model.profile(o.profile)?.merged.tempkey_console_browser?.value ?? (o.env.TEMPKEY_CONSOLE_BROWSER || undefined);
}

export function consoleBrowserCommand(setting: string, profile: string, url: string, env: NodeJS.ProcessEnv): string[] {
  const preset = setting.trim().toLowerCase();
  const safe = profile.replace(/[^A-Za-z0-9._-]/g, '_');
  if (CHROMIUM_FAMILY[preset]) return [CHROMIUM_FAMILY[preset]!, `--user-data-dir=${join(tempkeyDir(env), 'browsers', preset, safe)}`, '--no-first-run', '--new-window', url];
  if (preset === 'firefox') return ['firefox', `ext+container:name=${encodeURIComponent(profile)}&url=${encodeURIComponent(url)}`];
  const words = splitCommandLine(setting);
  const hasUrl = words.some((w) => w.includes('{url}'));
  const filled = words.map((w) => w.replaceAll('{profile}', profile).replaceAll('{url}', url));
  return hasUrl ? filled : [...filled, url];
}
