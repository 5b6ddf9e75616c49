import { TempkeyError } from '../lib/errors.js';
import { currentPlatform, keyringInfo, type Platform } from '../lib/platform.js';
import { parseStoredKeys, type LongTermKeys, type VaultBackend } from './types.js';

/**
 * The OS keyring (macOS Keychain, Windows Credential Manager, Linux Secret
 * Service; lib/platform says which applies) through @napi-rs/keyring, which
 * ships prebuilt binaries. One secret per item under the service "tempkey";
 * the keyring lists them.
 */
const SERVICE = 'tempkey';

export async function openKeyringVault(env: NodeJS.ProcessEnv, platform: Platform = currentPlatform(env)): Promise<VaultBackend> {
  const service = env.TEMPKEY_KEYRING_SERVICE || SERVICE;
  const info = keyringInfo(env, platform);
  const fail = (what: string, e: unknown) =>
    new TempkeyError('KEYRING_UNAVAILABLE', `Could not ${what} the OS keyring (${info.name}): ${(e as Error).message}`, { fix: info.unreachableFix });
  let keyring: typeof import('@napi-rs/keyring');
  try {
    keyring = await import('@napi-rs/keyring');
  } catch (e) {
    throw fail('load the module for', e); // no prebuilt binary for this OS/CPU
  }
  return {
    name: 'keyring',
    description: `the OS keyring (${info.name}, service '${service}')`,
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

/** A usable keyring is likely here (Linux and WSL need a D-Bus session for the Secret Service). */
export function keyringLikelyAvailable(env: NodeJS.ProcessEnv, platform: Platform = currentPlatform(env)): boolean {
  return keyringInfo(env, platform).likelyReachable;
}
