import { editIniFile, readIniFile } from '../files/ini-file.js';
import { locateAwsFiles } from '../files/paths.js';
import type { LongTermKeys, VaultBackend, VaultOptions } from './types.js';

/**
 * The plain ~/.aws/credentials file, for compatibility with tools that only
 * read that. Keys sit there in plaintext, so every write says so.
 */
export function openCredentialsFileVault(opts: VaultOptions): VaultBackend {
  const file = locateAwsFiles(opts.env).credentials;
  const warn = () =>
    opts.warn?.(`warning: keys are stored in plaintext in ${file}; prefer --backend keyring (OS keyring) or --backend file (encrypted).`);
  return {
    name: 'credentials-file',
    description: `the plaintext credentials file ${file}`,
    async get(item) {
      const values = (await readIniFile(file))?.section(item)?.values;
      const id = values?.aws_access_key_id?.value;
      const secret = values?.aws_secret_access_key?.value;
      return typeof id === 'string' && typeof secret === 'string' && id && secret ? { accessKeyId: id, secretAccessKey: secret } : undefined;
    },
    async set(item, keys: LongTermKeys) {
      warn();
      await editIniFile(file, (doc) => {
        doc.set(item, 'aws_access_key_id', keys.accessKeyId);
        doc.set(item, 'aws_secret_access_key', keys.secretAccessKey);
      });
    },
    async remove(item) {
      let removed = false;
      await editIniFile(file, (doc) => {
        removed = doc.removeSection(item);
      });
      return removed;
    },
    async list() {
      const doc = await readIniFile(file);
      return (doc?.sections() ?? []).filter((s) => s.values.aws_access_key_id && s.values.aws_secret_access_key).map((s) => s.name).sort();
    },
  };
}
