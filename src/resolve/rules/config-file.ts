import { fileKeysStep } from './file-keys.js';
import { at, settingRule } from './rule.js';

/** Keys written in the config file's profile. */
export const configFileRule = settingRule('config-file', 'static', (p) => p.fromConfig.aws_access_key_id, 'no aws_access_key_id in the config file profile', {
  reason: (s) => `aws_access_key_id${at(s)}`,
  steps: (_c, p) => [fileKeysStep(p, 'config-file')],
});
