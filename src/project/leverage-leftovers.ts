import { chmod, copyFile } from 'node:fs/promises';
import { editIniFile, readIniFile } from '../files/ini-file.js';
import type { Project } from './detect.js';

/**
 * What the Leverage CLI's SSO path leaves in ~/.aws/<project>/: for every
 * layer profile it refreshed, `expiration = <epoch ms>` in the config file's
 * [profile <name>] and plaintext temporary keys under [<name>] in the
 * credentials file, with the very names terraform uses. Left there, those dead
 * keys answer before anything tempkey writes, and the name is taken.
 */
export interface LeverageLeftover {
  profile: string;
  /** From the config file's `expiration` (Leverage writes epoch milliseconds). */
  expiration?: Date;
  configLine?: number;
  /** The credentials file holds temporary keys (with a session token) under this name. */
  credentialsLine?: number;
}

/** Keys Leverage's profiles never carry: a section with any of them is someone else's. */
const FOREIGN = ['role_arn', 'source_profile', 'credential_source', 'sso_session', 'sso_start_url', 'sso_account_id', 'credential_process', 'tempkey_vault'];

export async function findLeverageLeftovers(p: Pick<Project, 'shortName' | 'configFile' | 'credentialsFile'>): Promise<LeverageLeftover[]> {
  const config = await readIniFile(p.configFile);
  const credentials = await readIniFile(p.credentialsFile);
  const found = new Map<string, LeverageLeftover>();
  for (const s of config?.sections() ?? []) {
    if (!s.name.startsWith(`profile ${p.shortName}-`) || s.values.expiration === undefined) continue;
    if (FOREIGN.some((k) => s.values[k] !== undefined)) continue;
    const ms = Number(s.values.expiration.value);
    found.set(s.name.slice('profile '.length), { profile: s.name.slice('profile '.length), expiration: Number.isFinite(ms) ? new Date(ms) : undefined, configLine: s.line });
  }
  for (const s of credentials?.sections() ?? []) {
    if (!s.name.startsWith(`${p.shortName}-`) || s.values.aws_session_token === undefined || s.values.aws_access_key_id === undefined) continue;
    found.set(s.name, { ...(found.get(s.name) ?? { profile: s.name }), credentialsLine: s.line });
  }
  return [...found.values()].sort((a, b) => a.profile.localeCompare(b.profile));
}

/**
 * Moves the leftovers out of the way: both files are backed up first as
 * Leverage does (`<file>.bkp`), then the `expiration`-only profiles and the
 * temporary keys are removed, so tempkey's profiles take those names.
 */
export async function removeLeverageLeftovers(p: Pick<Project, 'shortName' | 'configFile' | 'credentialsFile'>, log: (line: string) => void): Promise<{ removed: string[]; backups: string[] }> {
  const leftovers = await findLeverageLeftovers(p);
  if (!leftovers.length) return { removed: [], backups: [] };
  const backups: string[] = [];
  for (const file of [p.configFile, p.credentialsFile]) {
    if (!(await readIniFile(file))) continue;
    await copyFile(file, `${file}.bkp`);
    await chmod(`${file}.bkp`, 0o600); // it holds keys
    backups.push(`${file}.bkp`);
  }
  await editIniFile(p.configFile, (doc) => {
    for (const l of leftovers) {
      const section = `profile ${l.profile}`;
      if (l.configLine === undefined) continue;
      doc.delete(section, 'expiration');
      // Nothing but Leverage's own keys left: the name goes back to being free.
      const rest = Object.keys(doc.section(section)?.values ?? {}).filter((k) => !['region', 'output'].includes(k));
      if (!rest.length) doc.removeSection(section);
    }
  });
  await editIniFile(p.credentialsFile, (doc) => {
    for (const l of leftovers) if (l.credentialsLine !== undefined) doc.removeSection(l.profile);
  });
  const removed = leftovers.map((l) => l.profile);
  log(`Removed what the Leverage CLI left for ${removed.join(', ')} (expiration and temporary keys); backups: ${backups.join(', ')}.`);
  return { removed, backups };
}
