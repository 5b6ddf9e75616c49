/** An IAM user's long-term access key pair. Never printed; see lib/redact. */
export interface LongTermKeys {
  accessKeyId: string;
  secretAccessKey: string;
}

export type VaultBackendName = 'keyring' | 'file' | 'credentials-file';
export const VAULT_BACKENDS: readonly VaultBackendName[] = ['keyring', 'file', 'credentials-file'];

/** One place long-term keys can live. Items are named (tempkey uses the profile name). */
export interface VaultBackend {
  readonly name: VaultBackendName;
  /** Where the keys are, for messages ("the OS keyring (Secret Service)", a file path). */
  readonly description: string;
  get(item: string): Promise<LongTermKeys | undefined>;
  set(item: string, keys: LongTermKeys): Promise<void>;
  remove(item: string): Promise<boolean>;
  list(): Promise<string[]>;
}

export interface VaultOptions {
  env: NodeJS.ProcessEnv;
  /** Asks for the encrypted file's passphrase when TEMPKEY_FILE_PASSPHRASE is not set. */
  askPassphrase?: (question: string) => Promise<string>;
  /** Told once when keys are kept in plaintext. */
  warn?: (line: string) => void;
}

export function parseStoredKeys(json: string | null | undefined): LongTermKeys | undefined {
  if (!json) return undefined;
  try {
    const v = JSON.parse(json) as Partial<LongTermKeys>;
    if (typeof v.accessKeyId === 'string' && typeof v.secretAccessKey === 'string') {
      return { accessKeyId: v.accessKeyId, secretAccessKey: v.secretAccessKey };
    }
  } catch {
    /* fall through */
  }
  return undefined;
}
