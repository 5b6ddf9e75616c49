import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readIniFile } from '../files/ini/fast-read.js';
import { buildProfileModel, mergedValue, ProfileShapes, type AwsProfileModel, type ProfileEntry, type Settings } from '../files/profile-model.js';
import { profileKind, profileKinds } from './profile-kind.js';
import { rng } from '../../test/helpers/seeded-random.js';

/**
 * `profiles list` asks the rule chain once per shape of profile (profileKinds)
 * and reads the region without building settings (mergedValue). Both must give
 * what profileKind and merged give, profile by profile: over the INI corpus
 * (read as a config and as a credentials file) and seeded configs whose profiles
 * share shapes but not values.
 */
const CORPUS = join(import.meta.dirname, '../../test/fixtures/ini');
const FILES = { config: '/c', credentials: '/k' };

const KEYS = ['region', 'role_arn', 'source_profile', 'credential_source', 'web_identity_token_file', 'sso_session', 'sso_account_id', 'sso_role_name', 'sso_start_url', 'sso_region', 'aws_access_key_id', 'aws_secret_access_key', 'credential_process', 'login_session', 'tempkey_vault', 'mfa_serial'];
const VALUES = ['us-east-1', '', 'arn:aws:iam::123456789012:role/Admin', 'Environment', 'x', '0', 'false'];

function generated(seed: number): { config: string; credentials: string } {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const section = (header: string) => {
    const lines = [`[${header}]`];
    const keys = [...KEYS].sort(() => r() - 0.5).slice(0, Math.floor(r() * 4));
    for (const k of keys) {
      if (r() < 0.1) lines.push(`${k} =`, `  nested = ${pick(VALUES)}`);
      else lines.push(`${k} = ${pick(VALUES)}`);
    }
    return lines.join('\n');
  };
  const names = Array.from({ length: 60 }, (_, i) => `p${i % 40}`); // some names in both files
  const config = names.slice(0, 40).map((n) => section(n === 'p0' ? 'default' : `profile ${n}`));
  const credentials = names.slice(25).map((n) => section(n));
  return { config: config.join('\n') + '\n', credentials: [...new Set(credentials)].join('\n') + '\n' };
}

async function corpusModels(): Promise<AwsProfileModel[]> {
  const models: AwsProfileModel[] = [];
  for (const f of readdirSync(CORPUS).filter((x) => x.endsWith('.ini'))) {
    // Files the reader refuses (when read, or when their sections are first listed) have no profiles to list.
    const doc = await readIniFile(join(CORPUS, f)).catch(() => undefined);
    try {
      if (!doc?.sections().every((s) => s.values)) continue;
    } catch {
      continue;
    }
    models.push(buildProfileModel(doc, undefined, FILES), buildProfileModel(undefined, doc, FILES), buildProfileModel(doc, doc, FILES));
  }
  return models;
}

async function generatedModels(): Promise<AwsProfileModel[]> {
  const { parseIniText } = await import('../files/ini/fast-read.js');
  return Array.from({ length: 40 }, (_, seed) => {
    const g = generated(seed);
    return buildProfileModel(parseIniText(g.config, '/c'), parseIniText(g.credentials, '/k'), FILES);
  });
}

/** The same profile with other values and origins in every setting: what the rules must not look at. */
function otherValues(p: ProfileEntry): ProfileEntry {
  const swap = (s: Settings): Settings => Object.fromEntries(Object.keys(s).map((k, i) => [k, i % 2 ? { value: '', nested: { a: 'b' }, origin: { file: '/elsewhere', line: 99 } } : { value: 'other', origin: { file: '/elsewhere', line: 1 } }]));
  const fromConfig = swap(p.fromConfig);
  const fromCredentials = swap(p.fromCredentials);
  return { name: `${p.name}-other`, configSection: p.configSection, credentialsSection: p.credentialsSection, fromConfig, fromCredentials, merged: { ...fromConfig, ...fromCredentials } };
}

describe('profile kinds by shape', () => {
  it('gives each profile the kind the rule chain gives it, and merged values without building settings', async () => {
    let profiles = 0;
    const shapes = new Set<object>();
    const tokens = new ProfileShapes();
    for (const model of [...(await corpusModels()), ...(await generatedModels())]) {
      const entries = [...model.profiles.values()];
      const byShape = profileKinds(entries, model);
      for (const [i, p] of entries.entries()) {
        profiles++;
        shapes.add(tokens.of(p));
        expect(byShape[i], `${p.name}`).toBe(profileKind(p, model));
        for (const key of ['region', ...Object.keys(p.merged)]) expect(mergedValue(p, key), `${p.name}.${key}`).toBe(p.merged[key]?.value);
      }
    }
    expect(profiles).toBeGreaterThan(1000);
    expect(shapes.size).toBeGreaterThan(100);
  });

  it('rules take a profile by which settings it has, never by their values (what sharing a kind per shape relies on)', async () => {
    const tokens = new ProfileShapes();
    for (const model of [...(await corpusModels()), ...(await generatedModels())]) {
      for (const p of model.profiles.values()) {
        const other = otherValues(p);
        expect(tokens.of(other)).toBe(tokens.of(p));
        expect(profileKind(other, model), p.name).toBe(profileKind(p, model));
      }
    }
  });

  it('tells shapes apart by file and by key, not by value', async () => {
    const { parseIniText } = await import('../files/ini/fast-read.js');
    const model = buildProfileModel(parseIniText('[profile a]\nregion = x\n[profile b]\nregion = y\n[profile c]\nrole_arn = r\n[profile d]\n', '/c'), parseIniText('[d]\nregion = z\n', '/k'), FILES);
    const tokens = new ProfileShapes();
    const shape = (n: string) => tokens.of(model.profile(n)!);
    expect(shape('a')).toBe(shape('b'));
    expect(new Set([shape('a'), shape('c'), shape('d')]).size).toBe(3);
  });
});
