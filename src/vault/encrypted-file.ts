import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCb, type ScryptOptions } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TempkeyError } from '../lib/errors.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { withLock } from '../files/lock.js';
import { tempkeyDir } from '../files/paths.js';
import type { LongTermKeys, VaultBackend, VaultOptions } from './types.js';

/**
 * Long-term keys in one file, ~/.aws/tempkey/vault.enc: AES-256-GCM over the
 * JSON of all items, key derived from a passphrase with scrypt (random salt,
 * fresh IV per write). GCM's tag makes a wrong passphrase or a tampered file
 * an error rather than garbage. Written atomically, 0600, under a lock.
 */
interface VaultFile {
  version: 1;
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  iv: string;
  tag: string;
  data: string;
}

// 2^15 × r=8 ≈ 32 MiB and ~100 ms: strong for a file at rest, bearable per run.
const KDF = { N: 1 << 15, r: 8, p: 1 };

/**
 * The file says how expensive its key derivation is; a tampered file could ask
 * for gigabytes and minutes (or crash the KDF). Only what tempkey writes is
 * accepted, and every field must have the size AES-256-GCM uses.
 */
export function checkVaultFields(file: VaultFile, path: string): void {
  const b64len = (v: unknown) => (typeof v === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(v) ? Buffer.from(v, 'base64').length : -1);
  const fix = `Restore ${path} from a backup, or move it away and store the keys again: tempkey credentials configure`;
  const { N, r, p } = file.kdf;
  if (N !== KDF.N || r !== KDF.r || p !== KDF.p) {
    throw new TempkeyError('VAULT_TAMPERED', `${path} asks for scrypt parameters N=${String(N)} r=${String(r)} p=${String(p)}, not the ones tempkey writes (N=${KDF.N} r=${KDF.r} p=${KDF.p}): the file was changed by something else than tempkey.`, {
      location: { file: path },
      fix,
    });
  }
  if (b64len(file.kdf.salt) !== 16 || b64len(file.iv) !== 12 || b64len(file.tag) !== 16 || b64len(file.data) < 0) {
    throw new TempkeyError('VAULT_TAMPERED', `${path} has a salt, IV, tag or data field of the wrong size or encoding: the file was damaged or changed by something else than tempkey.`, { location: { file: path }, fix });
  }
}

function deriveKey(passphrase: string, salt: Buffer, kdf: { N: number; r: number; p: number }): Promise<Buffer> {
  const opts: ScryptOptions = { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r };
  return new Promise((resolve, reject) => scryptCb(passphrase, salt, 32, opts, (err, key) => (err ? reject(err) : resolve(key))));
}

export function vaultFilePath(env: NodeJS.ProcessEnv): string {
  return env.TEMPKEY_VAULT_FILE || join(tempkeyDir(env), 'vault.enc');
}

export function openEncryptedFileVault(opts: VaultOptions): VaultBackend {
  const path = vaultFilePath(opts.env);
  let passphrase: string | undefined;
  const getPassphrase = async (creating: boolean): Promise<string> => {
    if (passphrase !== undefined) return passphrase;
    const fromEnv = opts.env.TEMPKEY_FILE_PASSPHRASE;
    if (fromEnv) return (passphrase = fromEnv);
    if (!opts.askPassphrase) {
      throw new TempkeyError('VAULT_PASSPHRASE_MISSING', `The encrypted key file ${path} needs its passphrase: TEMPKEY_FILE_PASSPHRASE is not set and there is no terminal to ask on.`, {
        fix: 'Set TEMPKEY_FILE_PASSPHRASE, or run the command in a terminal.',
      });
    }
    const answer = await opts.askPassphrase(creating ? `New passphrase for ${path}: ` : `Passphrase for ${path}: `);
    if (!answer) throw new TempkeyError('VAULT_PASSPHRASE_MISSING', 'An empty passphrase cannot protect the key file.', { fix: 'Run the command again and type a passphrase.' });
    return (passphrase = answer);
  };

  const load = async (): Promise<Record<string, LongTermKeys>> => {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw e;
    }
    let file: VaultFile;
    try {
      file = JSON.parse(text) as VaultFile;
      if (file.version !== 1 || file.kdf?.name !== 'scrypt') throw new Error('unknown format');
    } catch {
      throw new TempkeyError('VAULT_CORRUPT', `${path} is not a tempkey key file (or is damaged).`, { location: { file: path }, fix: `Restore it from a backup, or move it away and run 'tempkey credentials configure' again.` });
    }
    checkVaultFields(file, path);
    const key = await deriveKey(await getPassphrase(false), Buffer.from(file.kdf.salt, 'base64'), file.kdf);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(file.iv, 'base64'));
      decipher.setAuthTag(Buffer.from(file.tag, 'base64'));
      const plain = Buffer.concat([decipher.update(Buffer.from(file.data, 'base64')), decipher.final()]);
      return JSON.parse(plain.toString('utf8')) as Record<string, LongTermKeys>;
    } catch {
      passphrase = undefined;
      throw new TempkeyError('VAULT_PASSPHRASE_WRONG', `Wrong passphrase for ${path} (or the file was tampered with).`, {
        location: { file: path },
        fix: 'Check TEMPKEY_FILE_PASSPHRASE or retype the passphrase.',
      });
    }
  };

  const save = async (items: Record<string, LongTermKeys>, creating: boolean, beforeRename: () => void): Promise<void> => {
    const salt = randomBytes(16);
    const key = await deriveKey(await getPassphrase(creating), salt, KDF);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const data = Buffer.concat([cipher.update(JSON.stringify(items), 'utf8'), cipher.final()]);
    const file: VaultFile = {
      version: 1,
      kdf: { name: 'scrypt', ...KDF, salt: salt.toString('base64') },
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    };
    await writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`, 0o600, { beforeRename });
  };

  const exists = async () => readFile(path).then(() => true, () => false);
  const update = (change: (items: Record<string, LongTermKeys>) => boolean) =>
    withLock(path, async (guard) => {
      const creating = !(await exists());
      const items = await load();
      const changed = change(items);
      if (changed) await save(items, creating, guard.assertHeld);
      return changed;
    });

  return {
    name: 'file',
    description: `the encrypted file ${path}`,
    async get(item) {
      return (await load())[item];
    },
    async set(item, keys) {
      await update((items) => {
        items[item] = { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey };
        return true;
      });
    },
    async remove(item) {
      return update((items) => {
        if (!(item in items)) return false;
        delete items[item];
        return true;
      });
    },
    async list() {
      if (!(await exists())) return [];
      return Object.keys(await load()).sort();
    },
  };
}
