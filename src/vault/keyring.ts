import { TempkeyError } from '../lib/errors.js';
import { parseStoredKeys, type LongTermKeys, type VaultBackend } from './types.js';

/**
 * The OS keyring (macOS Keychain, Windows Credential Manager, Linux Secret
 * Service) through @napi-rs/keyring, which ships prebuilt binaries. One
 * secret per item under the service "tempkey"; the keyring lists them.
 */
const SERVICE = 'tempkey';

export async function openKeyringVault(env: NodeJS.ProcessEnv): Promise<VaultBackend> {
  const service = env.TEMPKEY_KEYRING_SERVICE || SERVICE;
  const keyring = await import('@napi-rs/keyring');
  const fail = (what: string, e: unknown) =>
    new TempkeyError('KEYRING_UNAVAILABLE', `Could not ${what} the OS keyring: ${(e as Error).message}`, {
      fix:
        process.platform === 'linux'
          ? 'Start a Secret Service (gnome-keyring or KeePassXC) in a D-Bus session, or use the encrypted file: --backend file'
          : 'Unlock the keychain, or use the encrypted file: --backend file',
    });
  return {
    name: 'keyring',
    description: `the OS keyring (service '${service}')`,
    async get(item): Promise<LongTermKeys | undefined> {
      try {
        return parseStoredKeys(await new keyring.AsyncEntry(service, item).getPassword());
      } catch (e) {
        throw fail('read from', e);
      }
    },
    async set(item, keys) {
      try {
        await new keyring.AsyncEntry(service, item).setPassword(JSON.stringify(keys));
      } catch (e) {
        throw fail('write to', e);
      }
    },
    async remove(item) {
      try {
        return await new keyring.AsyncEntry(service, item).deletePassword();
      } catch (e) {
        if (/no (matching )?entry|not found/i.test((e as Error).message)) return false;
        throw fail('delete from', e);
      }
    },
    async list() {
      try {
        return (await keyring.findCredentialsAsync(service)).map((c) => c.account).sort();
      } catch (e) {
        throw fail('list', e);
      }
    },
  };
}

/** A usable keyring is likely here (Linux needs a D-Bus session for the Secret Service). */
export function keyringLikelyAvailable(env: NodeJS.ProcessEnv): boolean {
  if (process.platform === 'darwin' || process.platform === 'win32') return true;
  return Boolean(env.DBUS_SESSION_BUS_ADDRESS);
}
