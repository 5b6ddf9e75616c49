import { credentialProcessStep } from '../../sources/credential-process.js';
import { at, type Rule } from './rule.js';

/** credential_process: a command that prints Version 1 JSON. */
export const credentialProcessRule: Rule = {
  id: 'credential-process',
  onHops: true,
  check(c) {
    const p = c.entry;
    const cmd = p?.merged.credential_process;
    if (!p || !cmd) return { rule: 'credential-process', matches: false, reason: 'no credential_process in the profile' };
    return {
      rule: 'credential-process',
      matches: true,
      reason: p.merged.tempkey_vault ? `credential_process${at(cmd)} is for other tools: tempkey reads the vault item itself` : `credential_process${at(cmd)}`,
      origin: cmd.origin,
      kind: 'process',
      build: () => [credentialProcessStep(c.env, c.profile, cmd.value)],
    };
  },
};
