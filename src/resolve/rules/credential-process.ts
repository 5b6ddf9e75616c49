import { credentialProcessStep } from '../../sources/credential-process.js';
import { at, settingRule } from './rule.js';

/** credential_process: a command that prints Version 1 JSON (tempkey reads a tempkey_vault item itself). */
export const credentialProcessRule = settingRule('credential-process', 'process', (p) => p.merged.credential_process, 'no credential_process in the profile', {
  reason: (s, p) => (p.merged.tempkey_vault ? `credential_process${at(s)} is for other tools: tempkey reads the vault item itself` : `credential_process${at(s)}`),
  steps: (c, _p, s) => [credentialProcessStep(c.env, c.profile, s.value)],
});
