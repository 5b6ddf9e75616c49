import { maskKeyId } from '../../lib/redact.js';
import { editIniFile } from '../../files/ini-file.js';
import { loadProfileModel } from '../../files/aws-files.js';
import { defaultBackend, openVault, type VaultBackendName } from '../../vault/index.js';
import { TempkeyError } from '../../lib/errors.js';

/** What tempkey keeps for IAM users: vault items, where, and the profiles that use them. No secrets. */
export interface StoredKeyInfo {
  item: string;
  backend: VaultBackendName;
  accessKeyId: string; // masked
  profiles: string[];
}

interface VaultUse {
  item: string;
  backend: VaultBackendName;
  profile: string;
}

async function vaultUses(env: NodeJS.ProcessEnv, cwd: string, project?: string): Promise<VaultUse[]> {
  const { model } = await loadProfileModel({ env, cwd, project });
  const uses: VaultUse[] = [];
  for (const p of model.profiles.values()) {
    const item = p.merged.tempkey_vault?.value;
    if (!item) continue;
    const backend = (p.merged.tempkey_vault_backend?.value as VaultBackendName | undefined) ?? defaultBackend(env);
    uses.push({ item, backend, profile: p.name });
  }
  return uses;
}

export async function listStoredKeys(env: NodeJS.ProcessEnv, cwd: string, project?: string): Promise<StoredKeyInfo[]> {
  const uses = await vaultUses(env, cwd, project);
  const backends = new Set<VaultBackendName>([defaultBackend(env), ...uses.map((u) => u.backend)]);
  const out: StoredKeyInfo[] = [];
  for (const backend of backends) {
    const vault = await openVault({ env }, backend);
    for (const item of await vault.list()) {
      if (backend === 'credentials-file' && !uses.some((u) => u.item === item && u.backend === backend)) continue;
      const keys = await vault.get(item);
      out.push({
        item,
        backend,
        accessKeyId: keys ? maskKeyId(keys.accessKeyId) : '?',
        profiles: uses.filter((u) => u.item === item && u.backend === backend).map((u) => u.profile).sort(),
      });
    }
  }
  return out.sort((a, b) => a.item.localeCompare(b.item));
}

/** Removes a profile's vault item and the tempkey lines of its profile; everything else stays. */
export async function removeStoredKeys(env: NodeJS.ProcessEnv, cwd: string, profile: string, project?: string): Promise<{ removedItem: boolean; configFile: string }> {
  const { model, files } = await loadProfileModel({ env, cwd, project });
  const p = model.profiles.get(profile);
  const item = p?.merged.tempkey_vault?.value ?? profile;
  const backend = (p?.merged.tempkey_vault_backend?.value as VaultBackendName | undefined) ?? defaultBackend(env);
  const vault = await openVault({ env }, backend);
  const removedItem = await vault.remove(item);
  if (!removedItem && !p) {
    throw new TempkeyError('UNKNOWN_PROFILE', `No stored keys and no profile named '${profile}'.`, { location: { profile }, fix: "See 'tempkey credentials list'." });
  }
  const section = profile === 'default' ? 'default' : `profile ${profile}`;
  await editIniFile(files.config, (doc) => {
    for (const key of ['tempkey_vault', 'tempkey_vault_backend', 'credential_process']) {
      const v = doc.section(section)?.values[key]?.value;
      if (key === 'credential_process' && typeof v === 'string' && !/credential-process/.test(v)) continue;
      doc.delete(section, key);
    }
  });
  return { removedItem, configFile: files.config };
}
