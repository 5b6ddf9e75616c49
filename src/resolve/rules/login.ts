import { consoleLoginStep } from '../../sources/console-login.js';
import { at, type Rule } from './rule.js';

/** login_session: console credentials from `aws login` / `tempkey login --console`. */
export const loginRule: Rule = {
  id: 'login',
  onHops: true,
  check(c) {
    const p = c.entry;
    const session = p?.merged.login_session;
    if (!p || !session) return { rule: 'login', matches: false, reason: 'no login_session in the profile' };
    return {
      rule: 'login',
      matches: true,
      reason: `login_session${at(session)}: console credentials ('aws login' / 'tempkey login --console')`,
      origin: session.origin,
      kind: 'login',
      build: () => [consoleLoginStep({ env: c.env, profile: c.profile, session: session.value, region: p.merged.region?.value })],
    };
  },
};
