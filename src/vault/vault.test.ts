import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openVault, readLongTermKeys, type VaultBackendName } from './index.js';

const KEYS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
let home: string;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'tempkey-vault-'));
  env = {
    HOME: home,
    TEMPKEY_FILE_PASSPHRASE: 'correct horse battery staple',
    TEMPKEY_KEYRING_SERVICE: `tempkey-test-${process.pid}-${Date.now()}`,
    DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS,
  };
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

async function roundTrip(backend: VaultBackendName) {
  const vault = await openVault({ env, warn: () => {} }, backend);
  expect(await vault.get('acme-security')).toBeUndefined();
  await vault.set('acme-security', KEYS);
  await vault.set('acme-management', { ...KEYS, accessKeyId: 'AKIAMANAGEMENTEXAMPL' });
  expect(await vault.get('acme-security')).toEqual(KEYS);
  expect(await vault.list()).toEqual(['acme-management', 'acme-security']);
  expect(await readLongTermKeys(env, 'acme-security', backend)).toEqual(KEYS);
  expect(await vault.remove('acme-security')).toBe(true);
  expect(await vault.remove('acme-security')).toBe(false);
  expect(await vault.list()).toEqual(['acme-management']);
  await vault.remove('acme-management');
}

describe('OS keyring (real Secret Service: gnome-keyring under dbus-run-session)', () => {
  it('stores, lists, reads and removes keys', async () => {
    if (!process.env.TEMPKEY_TEST_KEYRING) {
      throw new Error('Keyring tests need a Secret Service: run them through ./scripts/test.sh (dbus-run-session + gnome-keyring).');
    }
    await roundTrip('keyring');
  });

  it('names the item and the fix when keys are missing', async () => {
    await expect(readLongTermKeys(env, 'nobody', 'keyring')).rejects.toThrow(/No keys named 'nobody' in the OS keyring.*/);
  });
});

describe('encrypted file', () => {
  it('stores keys encrypted (no key material in the file), mode 0600', async () => {
    await roundTrip('file');
    const vault = await openVault({ env }, 'file');
    await vault.set('x', KEYS);
    const path = join(home, '.aws/tempkey/vault.enc');
    const text = await readFile(path, 'utf8');
    expect(text).not.toContain(KEYS.secretAccessKey);
    expect(text).not.toContain(KEYS.accessKeyId);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('refuses a wrong passphrase and a tampered file, and writes nothing', async () => {
    await (await openVault({ env }, 'file')).set('x', KEYS);
    const path = join(home, '.aws/tempkey/vault.enc');
    const before = await readFile(path, 'utf8');
    const wrong = await openVault({ env: { ...env, TEMPKEY_FILE_PASSPHRASE: 'wrong' } }, 'file');
    await expect(wrong.get('x')).rejects.toThrow(/Wrong passphrase/);
    await expect(wrong.set('y', KEYS)).rejects.toThrow(/Wrong passphrase/);
    expect(await readFile(path, 'utf8')).toBe(before);
    const file = JSON.parse(before);
    file.data = Buffer.from('tampered').toString('base64');
    await writeFile(path, JSON.stringify(file));
    await expect((await openVault({ env }, 'file')).get('x')).rejects.toThrow(/Wrong passphrase .*tampered/);
  });

  it('asks for the passphrase when the variable is not set, and fails clearly without a way to ask', async () => {
    const noEnv = { ...env, TEMPKEY_FILE_PASSPHRASE: undefined };
    const asked: string[] = [];
    const vault = await openVault({ env: noEnv, askPassphrase: async (q) => (asked.push(q), 'typed-pass') }, 'file');
    await vault.set('x', KEYS);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatch(/New passphrase/);
    await expect((await openVault({ env: noEnv }, 'file')).get('x')).rejects.toThrow(/TEMPKEY_FILE_PASSPHRASE/);
  });

  it('loses no item when several writers store keys at once', async () => {
    await Promise.all(
      Array.from({ length: 6 }, async (_, i) => (await openVault({ env }, 'file')).set(`item${i}`, KEYS)),
    );
    expect(await (await openVault({ env }, 'file')).list()).toEqual(['item0', 'item1', 'item2', 'item3', 'item4', 'item5']);
  });
});

describe('plaintext credentials file (compatibility)', () => {
  it('round-trips through ~/.aws/credentials, warning each write, keeping other sections', async () => {
    const credentials = join(home, '.aws/credentials');
    await import('node:fs/promises').then((fs) => fs.mkdir(join(home, '.aws'), { recursive: true }));
    await writeFile(credentials, '# mine\n[other]\naws_access_key_id = AKIAOTHER\naws_secret_access_key = other-secret\n');
    const warnings: string[] = [];
    const vault = await openVault({ env, warn: (w) => warnings.push(w) }, 'credentials-file');
    await vault.set('acme-security', KEYS);
    expect(warnings.join()).toMatch(/plaintext/);
    expect(await vault.list()).toEqual(['acme-security', 'other']);
    await vault.remove('acme-security');
    expect(await readFile(credentials, 'utf8')).toBe('# mine\n[other]\naws_access_key_id = AKIAOTHER\naws_secret_access_key = other-secret\n');
  });
});
