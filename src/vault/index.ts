import { TempkeyError } from '../lib/errors.js';
import { registerSecret } from '../lib/redact.js';
import { openCredentialsFileVault } from './credentials-file.js';
import { openEncryptedFileVault } from './encrypted-file.js';
import { keyringLikelyAvailable, openKeyringVault } from './keyring.js';
import { currentPlatform, keyringInfo, type Platform } from '../lib/platform.js';
import { VAULT_BACKENDS, type LongTermKeys, type VaultBackend, type VaultBackendName, type VaultOptions } from './types.js';

export * from './types.js';

/**
 * Picks the backend: an explicit choice (flag or profile), else
 * TEMPKEY_VAULT_BACKEND, else the OS keyring where one is reachable, else the
 * encrypted file. Plaintext is never the default.
 */
export function defaultBackend(env: NodeJS.ProcessEnv): VaultBackendName {
  const fromEnv = env.TEMPKEY_VAULT_BACKEND;
  if (fromEnv) return checkBackendName(fromEnv, 'TEMPKEY_VAULT_BACKEND');
  return keyringLikelyAvailable(env) ? 'keyring' : 'file';
}

/**
 * When the default fell back to the encrypted file because no OS keyring is
 * reachable (Linux or WSL without a Secret Service), what to tell the person:
 * which keyring was looked for and how to get it. Undefined otherwise.
 */
export function keyringFallbackNote(env: NodeJS.ProcessEnv, platform: Platform = currentPlatform(env)): string | undefined {
  if (env.TEMPKEY_VAULT_BACKEND) return undefined;
  const info = keyringInfo(env, platform);
  if (info.likelyReachable) return undefined;
  return `No OS keyring is reachable here (${info.name}), so the keys go to the encrypted file. To use a keyring instead: ${info.howToReach}.`;
}

export function checkBackendName(name: string, where: string): VaultBackendName {
  if ((VAULT_BACKENDS as readonly string[]).includes(name)) return name as VaultBackendName;
  throw new TempkeyError('BAD_VAULT_BACKEND', `Unknown key storage '${name}' in ${where}.`, {
    fix: `Use one of: ${VAULT_BACKENDS.join(', ')}.`,
    location: where.startsWith('--') ? { flag: where } : undefined,
  });
}

export async function openVault(opts: VaultOptions, backend?: VaultBackendName): Promise<VaultBackend> {
  switch (backend ?? defaultBackend(opts.env)) {
    case 'keyring':
      return openKeyringVault(opts.env);
    case 'file':
      return openEncryptedFileVault(opts);
    case 'credentials-file':
      return openCredentialsFileVault(opts);
  }
}

/** The keys of one vault item, for the static-keys step; a clear error when absent. */
export async function readLongTermKeys(env: NodeJS.ProcessEnv, item: string, backend?: string): Promise<LongTermKeys> {
  const { terminalPrompter } = await import('../lib/prompt.js');
  const prompter = terminalPrompter('Set TEMPKEY_FILE_PASSPHRASE.');
  const vault = await openVault(
    { env, askPassphrase: (q) => prompter.ask(q, { secret: true }) },
    backend ? checkBackendName(backend, 'tempkey_vault_backend') : undefined,
  );
  const keys = await vault.get(item);
  if (!keys) {
    throw new TempkeyError('VAULT_ITEM_MISSING', `No keys named '${item}' in ${vault.description}.`, {
      fix: `Store them with: tempkey credentials configure --profile ${item}${backend ? ` --backend ${backend}` : ''}`,
      location: { profile: item },
    });
  }
  registerSecret(keys.secretAccessKey);
  return keys;
}
