import { consoleLoginStep } from '../../sources/console-login.js';
import { at, settingRule } from './rule.js';

/** login_session: console credentials from `aws login` / `tempkey login --console`. */
export const loginRule = settingRule('login', 'login', (p) => p.merged.login_session, 'no login_session in the profile', {
  reason: (s) => `login_session${at(s)}: console credentials ('aws login' / 'tempkey login --console')`,
  steps: (c, p, s) => [consoleLoginStep({ env: c.env, profile: c.profile, session: s.value, region: p.merged.region?.value })],
});
