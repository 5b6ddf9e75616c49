import { fileKeysStep } from './file-keys.js';
import { at, type Rule } from './rule.js';

/** Keys written in the config file's profile. */
export const configFileRule: Rule = {
  id: 'config-file',
  onHops: true,
  check(c) {
    const p = c.entry;
    const key = p?.fromConfig.aws_access_key_id;
    if (!p || !key) return { rule: 'config-file', matches: false, reason: 'no aws_access_key_id in the config file profile' };
    return { rule: 'config-file', matches: true, reason: `aws_access_key_id${at(key)}`, origin: key.origin, kind: 'static', build: () => [fileKeysStep(p, 'config-file')] };
  },
};
