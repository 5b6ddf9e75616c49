import type { KeySource } from '../../sources/step.js';
import { staticKeysStep } from '../../sources/static-keys.js';
import { fileKeysStep } from './file-keys.js';
import { at, rule } from './rule.js';

/** Keys in the credentials file; tempkey's vault item (tempkey_vault) takes this position. */
export const credentialsFileRule = rule('credentials-file', { onHops: true }, (c) => {
  const p = c.entry;
  const vault = p?.merged.tempkey_vault;
  if (p && vault) {
    return {
      rule: 'credentials-file',
      matches: true,
      reason: `tempkey_vault = ${vault.value}${at(vault)}: long-term keys in tempkey's vault, taken at the credentials-file position`,
      origin: vault.origin,
      kind: 'vault',
      build: () => {
        if (p.fromCredentials.aws_access_key_id)
          c.warn(`Profile '${c.profile}' has both tempkey_vault${at(vault)} and keys in the credentials file${at(p.fromCredentials.aws_access_key_id)}; tempkey uses the vault, the AWS CLI the file.`);
        const backend = p.merged.tempkey_vault_backend?.value;
        const source: KeySource = backend ? { type: 'vault', key: vault.value, backend } : { type: 'vault', key: vault.value };
        return [staticKeysStep({ profile: c.profile, source, hasSessionToken: false, summary: `Long-term keys from tempkey's vault item '${vault.value}'${backend ? ` (${backend})` : ''}` })];
      },
    };
  }
  const key = p?.fromCredentials.aws_access_key_id;
  if (!p || !key) return { rule: 'credentials-file', matches: false, reason: `no aws_access_key_id for [${c.profile}] in the credentials file` };
  return { rule: 'credentials-file', matches: true, reason: `aws_access_key_id${at(key)}`, origin: key.origin, kind: 'static', build: () => [fileKeysStep(p, 'credentials-file')] };
});
