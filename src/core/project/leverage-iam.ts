import { readFile } from 'node:fs/promises';
import { editIniFile, readIniFile } from '../../files/ini-file.js';
import { writeFileAtomic } from '../../files/atomic-write.js';
import { withLock } from '../../files/lock.js';
import type { Project, ProjectAccount } from '../../project/detect.js';
import { setAccountId, setTopLevel, verifiedTfvars } from '../../project/text-edit.js';
import type { HclValue } from '../../project/hcl.js';
import { configureCredentials } from '../iam/credentials-configure.js';
import type { Prompter } from '../../lib/domain.js';

/**
 * Leverage's `credentials configure --type bootstrap|management|security`:
 * the type's keys go to the vault as `<short>-<type>`, and one profile per
 * account is written with Leverage's names, so the project's terraform code
 * keeps working: `<short>-<account>-oaar` (OrganizationAccountAccessRole) for
 * bootstrap and management, `<short>-<account>-devops` (DevOps) for security,
 * which skips the management account.
 */
export type CredentialType = 'bootstrap' | 'management' | 'security';
export const CREDENTIAL_TYPES: CredentialType[] = ['bootstrap', 'management', 'security'];

export interface ProjectIamOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  project: Project;
  type: CredentialType;
  csvFile?: string;
  fetchMfaDevice?: boolean;
  overwrite?: boolean;
  skipAccessKeys?: boolean;
  skipRoles?: boolean;
  selfCommand: string;
  prompt: Prompter;
  log: (line: string) => void;
}

export interface ProjectIamResult {
  baseProfile: string;
  profiles: string[];
  accounts: ProjectAccount[];
  /** Accounts of the project the organization does not have: no profile was written for them. */
  skipped: string[];
  tfvarsUpdated: boolean;
}

export function roleProfileName(project: Project, type: CredentialType, account: string): string {
  return `${project.shortName}-${account}-${type === 'security' ? 'devops' : 'oaar'}`;
}

export async function configureProjectIam(o: ProjectIamOptions): Promise<ProjectIamResult> {
  const p = o.project;
  const baseProfile = `${p.shortName}-${o.type}`;
  const section = `profile ${baseProfile}`;
  const existing = (await readIniFile(p.configFile))?.section(section);
  const haveKeys = existing?.values.tempkey_vault !== undefined;
  // As Leverage: keys already there and neither flag given → ask skip or overwrite (skip without a terminal).
  const overwrite = o.overwrite || (haveKeys && !o.skipAccessKeys && (await askOverwrite(o, baseProfile)));
  if (haveKeys && overwrite && !o.skipAccessKeys) o.log(`Backed up ${(await backUp([p.configFile, p.credentialsFile])).join(', ')}.`);
  if (!o.skipAccessKeys && (!haveKeys || overwrite)) {
    await configureCredentials({
      env: o.env,
      cwd: o.cwd,
      profile: baseProfile,
      csvFile: o.csvFile,
      region: p.regionPrimary,
      noMfa: !p.mfaEnabled && !o.fetchMfaDevice,
      selfCommand: o.selfCommand,
      prompt: o.prompt,
      log: o.log,
      project: p.filesName,
    });
  } else if (!o.skipAccessKeys) {
    o.log(`Keys for ${baseProfile} are already stored; keeping them (--overwrite-existing-credentials replaces them).`);
  }
  // Leverage backs the config file up before it rewrites the account profiles.
  if (!o.skipRoles && (await readIniFile(p.configFile))) await backUp([p.configFile]);
  if (o.skipRoles) return { baseProfile, profiles: [], accounts: p.accounts, skipped: [], tfvarsUpdated: false };

  const { accounts, skipped } = await accountIds(o, baseProfile);
  const mfaSerial = (await readIniFile(p.configFile))?.section(section)?.values.mfa_serial?.value;
  const role = o.type === 'security' ? 'DevOps' : 'OrganizationAccountAccessRole';
  const targets = accounts.filter((a) => !(o.type === 'security' && a.name === 'management'));
  const profiles: string[] = [];
  await editIniFile(p.configFile, (doc) => {
    for (const a of targets) {
      const name = roleProfileName(p, o.type, a.name);
      const s = `profile ${name}`;
      doc.set(s, 'role_arn', `arn:aws:iam::${a.id}:role/${role}`);
      doc.set(s, 'source_profile', baseProfile);
      if (p.regionPrimary) doc.set(s, 'region', p.regionPrimary);
      if ((p.mfaEnabled || o.fetchMfaDevice) && typeof mfaSerial === 'string') doc.set(s, 'mfa_serial', mfaSerial);
      else doc.delete(s, 'mfa_serial');
      profiles.push(name);
    }
  });
  o.log(`Wrote ${profiles.length} role profiles (${profiles.join(', ')}) to ${p.configFile}.`);
  const tfvarsUpdated = await writeAccountIds(p, accounts);
  if (tfvarsUpdated) o.log(`Recorded the account ids in ${p.files.commonTfvars}.`);
  return { baseProfile, profiles, accounts, skipped, tfvarsUpdated };
}

/** Leverage's backups: a copy beside each file as <file>.bkp (0600: they hold keys). */
async function backUp(files: string[]): Promise<string[]> {
  const { chmod, copyFile } = await import('node:fs/promises');
  const done: string[] = [];
  for (const f of files) {
    try {
      await copyFile(f, `${f}.bkp`);
      await chmod(`${f}.bkp`, 0o600);
      done.push(`${f}.bkp`);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
  return done;
}

async function askOverwrite(o: ProjectIamOptions, baseProfile: string): Promise<boolean> {
  try {
    const answer = await o.prompt.ask(`Credentials for ${baseProfile} are already configured. [s]kip (keep them) or [o]verwrite them (backups are made)? [S/o]: `);
    return /^o(verwrite)?$/i.test(answer.trim());
  } catch (e) {
    if ((e as { code?: string }).code !== 'NO_TERMINAL') throw e;
    o.log(`Keys for ${baseProfile} are already stored; keeping them (no terminal to ask; --overwrite-existing-credentials replaces them).`);
    return false;
  }
}

/**
 * Organizations names accounts `<project_long>-<account>` in the reference
 * architecture (binbash-shared); Leverage strips that prefix to get the names
 * its code uses (shared). So does tempkey, on every path.
 */
export function shortAccountName(name: string, longName: string | undefined): string {
  return longName && name.startsWith(`${longName}-`) ? name.slice(longName.length + 1) : name;
}

/**
 * The profile whose keys may list the organization. Security (DevOps) users
 * cannot; Leverage uses the management, else the bootstrap profile when one is
 * configured, and so does tempkey.
 */
async function organizationProfile(o: ProjectIamOptions, baseProfile: string): Promise<string> {
  if (o.type !== 'security') return baseProfile;
  const doc = await readIniFile(o.project.configFile);
  for (const t of ['management', 'bootstrap']) {
    const name = `${o.project.shortName}-${t}`;
    if (doc?.section(`profile ${name}`)?.values.tempkey_vault !== undefined) return name;
  }
  return baseProfile;
}

/**
 * Ids from the project's tfvars; the missing ones from Organizations. An
 * account the organization does not have (yet) is skipped with a warning, as
 * Leverage does, instead of stopping the whole set-up.
 */
async function accountIds(o: ProjectIamOptions, baseProfile: string): Promise<{ accounts: (ProjectAccount & { id: string })[]; skipped: string[] }> {
  const known = o.project.accounts;
  if (known.length && known.every((a) => a.id)) return { accounts: known as (ProjectAccount & { id: string })[], skipped: [] };
  const { obtainCredentials } = await import('../credentials/obtain.js');
  const orgProfile = await organizationProfile(o, baseProfile);
  if (orgProfile !== baseProfile) o.log(`Listing the organization's accounts with ${orgProfile} (security users may not list it).`);
  // Long-term keys are enough for ListAccounts; no MFA prompt for it.
  const { readLongTermKeys } = await import('../../vault/index.js');
  const keys = await readLongTermKeys(o.env, orgProfile).catch(async () => (await obtainCredentials({ env: o.env, cwd: o.cwd, profile: orgProfile, project: o.project.filesName, prompt: o.prompt })).credentials);
  const { listOrganizationAccounts } = await import('../../aws/organizations.js');
  const org = (await listOrganizationAccounts(keys, { region: o.project.regionPrimary ?? 'us-east-1', env: o.env })).map((a) => ({ ...a, name: shortAccountName(a.name, o.project.longName) }));
  const byName = new Map(org.map((a) => [a.name, a]));
  const mgmt = org.find((a) => a.name === 'master' || a.name === 'management');
  const out: (ProjectAccount & { id: string })[] = [];
  const skipped: string[] = [];
  const wanted: ProjectAccount[] = known.length ? known : org.map((x) => ({ name: x.name, email: x.email }));
  for (const a of wanted) {
    const id = a.id ?? byName.get(a.name)?.id ?? (a.name === 'management' ? mgmt?.id : undefined) ?? org.find((x) => x.email && x.email === a.email)?.id;
    if (!id) {
      skipped.push(a.name);
      continue;
    }
    out.push({ ...a, id });
  }
  if (skipped.length) {
    o.log(
      `Warning: skipped ${skipped.join(', ')}: not in the organization under that name${o.project.longName ? ` (or ${skipped.map((n) => `${o.project.longName}-${n}`).join(', ')})` : ''} or email, and no id in ${o.project.files.commonTfvars ?? 'config/common.tfvars'}. ` +
        `Once the account exists, run: tempkey credentials configure --type ${o.type} --skip-access-keys-setup`,
    );
  }
  return { accounts: out, skipped };
}

/** Learned ids go back into common.tfvars (accounts map, and <name>_account_id where the file uses that style). */
async function writeAccountIds(p: Project, accounts: (ProjectAccount & { id: string })[]): Promise<boolean> {
  const file = p.files.commonTfvars;
  if (!file) return false;
  return withLock(file, async (guard) => {
    const before = await readFile(file, 'utf8');
    let text = before;
    for (const a of accounts) {
      text = setAccountId(text, a.name, a.id);
      const varName = `${a.name.replace(/-/g, '_')}_account_id`;
      if (new RegExp(`^\\s*${varName}\\s*=`, 'm').test(text)) text = setTopLevel(text, varName, `"${a.id}"`);
    }
    if (text === before) return false;
    await verifiedTfvars(file, text, (body) => {
      const map = body.accounts as Record<string, Record<string, HclValue>> | undefined;
      return accounts.every((a) => !map?.[a.name] || map[a.name]!.id === a.id);
    });
    await writeFileAtomic(file, text, 0o644, { beforeRename: guard.assertHeld });
    return true;
  });
}
