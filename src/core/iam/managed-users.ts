import { TempkeyError } from '../../lib/errors.js';
import { loadProfileModel } from '../../files/aws-files.js';
import { checkBackendName, openVault, type VaultBackend } from '../../vault/index.js';
import type { Prompter } from '../../lib/domain.js';

/**
 * The IAM users tempkey manages: profiles whose keys live in a vault item
 * (`tempkey_vault`), with the backend and region to use for them.
 */
export interface ManagedKeys {
  profile: string;
  item: string;
  vault: VaultBackend;
  region: string;
}

export async function managedKeys(o: { env: NodeJS.ProcessEnv; cwd: string; project?: string; prompt: Prompter; log: (l: string) => void; only?: string }): Promise<ManagedKeys[]> {
  const { model, files } = await loadProfileModel({ env: o.env, cwd: o.cwd, project: o.project });
  const out: ManagedKeys[] = [];
  const seen = new Set<string>();
  const names = o.only ? [o.only] : [...model.profiles.keys()];
  for (const name of names) {
    const p = model.profile(name);
    const item = p?.merged.tempkey_vault?.value;
    if (!item) {
      if (o.only) {
        throw new TempkeyError('NOT_A_VAULT_PROFILE', `Profile '${name}' has no keys in tempkey's vault (no tempkey_vault in ${files.config}).`, {
          fix: `Store them first: tempkey credentials configure --profile ${name} --credentials-file accessKeys.csv`,
          location: { file: files.config, profile: name },
        });
      }
      continue;
    }
    const backendName = p!.merged.tempkey_vault_backend?.value;
    const key = `${backendName ?? ''}/${item}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const vault = await openVault({ env: o.env, warn: o.log, askPassphrase: (q) => o.prompt.ask(q, { secret: true }) }, backendName ? checkBackendName(backendName, `tempkey_vault_backend of profile '${name}'`) : undefined);
    out.push({ profile: name, item, vault, region: p!.merged.region?.value ?? o.env.AWS_REGION ?? 'us-east-1' });
  }
  return out;
}
