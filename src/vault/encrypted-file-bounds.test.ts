import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openVault } from './index.js';
import { TempkeyError } from '../lib/errors.js';

/**
 * The vault file says how expensive its key derivation is. A tampered file
 * must not make tempkey allocate gigabytes or spin for seconds (or crash the
 * KDF with "unexpected error"): only the parameters tempkey writes pass.
 */
const KEYS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
let home: string;
let env: NodeJS.ProcessEnv;
let path: string;

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'tempkey-vault-bounds-'));
  env = { HOME: home, TEMPKEY_FILE_PASSPHRASE: 'correct horse battery staple' };
  path = join(home, '.aws/tempkey/vault.enc');
  await (await openVault({ env }, 'file')).set('acme', KEYS);
});
afterEach(() => rm(home, { recursive: true, force: true }));

async function tamper(change: (f: Record<string, any>) => void): Promise<void> {
  const f = JSON.parse(await readFile(path, 'utf8'));
  change(f);
  await writeFile(path, JSON.stringify(f));
}

async function failure(): Promise<TempkeyError> {
  const vault = await openVault({ env }, 'file');
  const e = await vault.get('acme').then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(TempkeyError);
  return e as TempkeyError;
}

describe('scrypt parameters and field sizes in the vault file', () => {
  const cases: [string, (f: Record<string, any>) => void][] = [
    ['N = 2^22 (4 GiB of memory)', (f) => (f.kdf.N = 1 << 22)],
    ['r = 1024', (f) => (f.kdf.r = 1024)],
    ['p = 64', (f) => (f.kdf.p = 64)],
    ['N not a power of two', (f) => (f.kdf.N = 12345)],
    ['N as a string', (f) => (f.kdf.N = '32768')],
    ['N = 2 (trivially cheap: a downgrade)', (f) => (f.kdf.N = 2)],
  ];
  for (const [name, change] of cases) {
    it(`refuses ${name} with a typed error naming the file`, async () => {
      await tamper(change);
      const e = await failure();
      expect(e.code).toBe('VAULT_TAMPERED');
      expect(e.message).toContain(path);
      expect(e.message).toMatch(/not the ones tempkey writes/);
      expect(e.fix).toMatch(/backup|credentials configure/);
    });
  }

  it('refuses a salt, IV or tag of the wrong size', async () => {
    for (const change of [(f: any) => (f.kdf.salt = 'AAAA'), (f: any) => (f.iv = Buffer.alloc(4096).toString('base64')), (f: any) => (f.tag = 42)]) {
      await (await openVault({ env }, 'file')).set('acme', KEYS).catch(() => {});
      await tamper(change);
      expect((await failure()).code).toBe('VAULT_TAMPERED');
      await rm(path);
    }
  });

  it('still opens the file tempkey wrote', async () => {
    expect(await (await openVault({ env }, 'file')).get('acme')).toEqual(KEYS);
  });
});
