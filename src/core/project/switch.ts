import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TempkeyError } from '../../lib/errors.js';
import { editIniFile, readIniFile } from '../../files/ini-file.js';
import { writeFileAtomic } from '../../files/atomic-write.js';
import { withLock } from '../../files/lock.js';
import type { Project } from '../../project/detect.js';
import { parseHclIfPresent } from '../../project/hcl.js';
import { setEnvLine, setTopLevel, verifiedTfvars } from '../../project/text-edit.js';
import { profileNamesOf } from '../sso/sync-config-edit.js';
import type { SsoTokenProvider, Prompter } from '../../lib/domain.js';

/**
 * Moving a project between IAM users and Identity Center, as one consistent
 * change: `sso_enabled` in config/common.tfvars and `MFA_ENABLED` in build.env
 * (lossless line edits), then the project's profiles regenerated with the
 * names its terraform code uses (`<short>-<account>-<role>`): SSO profiles from
 * the portal, or IAM role profiles from the stored keys. The two sets share
 * names, so each switch removes the other method's role profiles; the stored
 * keys and the [sso-session] stay, so switching back is cheap.
 */
export interface SwitchOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  project: Project;
  to: 'sso' | 'iam';
  tokens?: SsoTokenProvider;
  prompt: Prompter;
  selfCommand: string;
  log: (line: string) => void;
}

export interface SwitchResult {
  from: 'sso' | 'iam';
  to: 'sso' | 'iam';
  filesChanged: string[];
  removedProfiles: string[];
  profiles: string[];
  /** What still has to be done (e.g. log in), when it could not be done now. */
  next?: string;
}

async function editText(file: string, edit: (text: string) => Promise<string> | string): Promise<boolean> {
  return withLock(file, async (guard) => {
    const before = await readFile(file, 'utf8');
    const after = await edit(before);
    if (after === before) return false;
    await writeFileAtomic(file, after, 0o644, { beforeRename: guard.assertHeld });
    return true;
  });
}

/** Role profiles of the IAM method: their source_profile is one of the project's stored key profiles. */
async function iamRoleProfiles(p: Project): Promise<string[]> {
  const doc = await readIniFile(p.configFile);
  if (!doc) return [];
  const bases = new Set(['bootstrap', 'management', 'security'].map((t) => `${p.shortName}-${t}`));
  return doc
    .sections()
    .filter((s) => s.name.startsWith('profile ') && bases.has(String(s.values.source_profile?.value ?? '')))
    .map((s) => s.name.slice('profile '.length));
}

export async function switchProjectMethod(o: SwitchOptions): Promise<SwitchResult> {
  const p = o.project;
  if (!p.files.commonTfvars) {
    throw new TempkeyError('PROJECT_INCOMPLETE', `The project at ${p.root} has no config/common.tfvars to record the method in.`, { fix: `Create ${join(p.root, 'config', 'common.tfvars')}`, location: { file: join(p.root, 'config', 'common.tfvars') } });
  }
  const filesChanged: string[] = [];
  const tfvars = p.files.commonTfvars;
  if (
    await editText(tfvars, (t) =>
      verifiedTfvars(tfvars, setTopLevel(t, 'sso_enabled', o.to === 'sso' ? 'true' : 'false'), (b) => b.sso_enabled === (o.to === 'sso')),
    )
  )
    filesChanged.push(tfvars);
  const buildEnv = p.files.buildEnv ?? join(p.root, 'build.env');
  if (p.files.buildEnv && (await editText(buildEnv, (t) => setEnvLine(t, 'MFA_ENABLED', o.to === 'sso' ? 'false' : 'true')))) filesChanged.push(buildEnv);

  const removedProfiles: string[] = [];
  let profiles: string[] = [];
  let next: string | undefined;
  // A project moving over from the Leverage CLI: its expired layer keys must not shadow the new profiles.
  const { removeLeverageLeftovers } = await import('../../project/leverage-leftovers.js');
  const leftovers = await removeLeverageLeftovers(p, o.log);
  if (leftovers.removed.length) filesChanged.push(p.configFile, p.credentialsFile);
  if (o.to === 'sso') {
    if (!p.ssoStartUrl || !p.ssoRegion) {
      throw new TempkeyError('PROJECT_INCOMPLETE', `config/common.tfvars lacks ${!p.ssoStartUrl ? 'sso_start_url' : 'sso_region'}, needed for Identity Center.`, { fix: `Add it to ${tfvars}`, location: { file: tfvars } });
    }
    const doomed = await iamRoleProfiles(p);
    await editIniFile(p.configFile, (doc) => {
      for (const name of doomed) if (doc.removeSection(`profile ${name}`)) removedProfiles.push(name);
    });
    const management = p.accounts.find((a) => a.name === 'management');
    const role = management ? (await parseHclIfPresent(join(p.root, 'management', 'config', 'account.tfvars')))?.sso_role : undefined;
    const { configureSso } = await import('../sso/configure.js');
    const session = `${p.shortName}-sso`;
    await configureSso({
      env: o.env,
      cwd: o.cwd,
      project: p.filesName,
      sessionName: session,
      startUrl: p.ssoStartUrl,
      region: p.ssoRegion,
      profile: { name: session, accountId: management?.id, roleName: management?.id && typeof role === 'string' ? role : undefined, region: p.regionPrimary },
    });
    // Mixed teams: the Leverage CLI reads sso_start_url and sso_region from [profile <short>-sso] (botocore
    // and the SDKs accept them beside sso_session when they agree with it).
    await editIniFile(p.configFile, (doc) => {
      doc.set(`profile ${session}`, 'sso_start_url', p.ssoStartUrl!);
      doc.set(`profile ${session}`, 'sso_region', p.ssoRegion!);
    });
    try {
      const { syncProfiles } = await import('../sso/profiles-sync.js');
      const r = await syncProfiles({ env: { ...o.env, AWS_CONFIG_FILE: p.configFile }, cwd: o.cwd, ssoSession: session, template: `${p.shortName}-{{account_name}}-{{role_name}}`, region: p.regionPrimary, tokens: o.tokens, includeCovered: true, accountNamePrefix: p.longName ? `${p.longName}-` : undefined });
      profiles.push(...r.added, ...r.updated);
    } catch (e) {
      if (!(e instanceof TempkeyError) || !/^SSO_(NOT_LOGGED_IN|TOKEN_EXPIRED|TOKEN_REJECTED)$/.test(e.code)) throw e;
      next = `tempkey login --sso-session ${session} --project ${p.filesName} && tempkey profiles sync --sso-session ${session} --template '${p.shortName}-{{account_name}}-{{role_name}}'`;
    }
    // Leverage's own per-account profiles, <short>-sso-<account>, with the role each account's account.tfvars names.
    // After the sync, so an account id the tfvars lack comes from the portal (the generated layer profile).
    await editIniFile(p.configFile, async (doc) => {
      for (const a of p.accounts) {
        const accountRole = (await parseHclIfPresent(join(p.root, a.name, 'config', 'account.tfvars')))?.sso_role;
        if (typeof accountRole !== 'string') continue;
        const fromPortal = doc.section(`profile ${p.shortName}-${a.name}-${accountRole.toLowerCase()}`)?.values.sso_account_id?.value;
        const accountId = a.id ?? (typeof fromPortal === 'string' ? fromPortal : undefined);
        if (!accountId) continue;
        const section = `profile ${p.shortName}-sso-${a.name}`;
        doc.set(section, 'sso_session', session);
        doc.set(section, 'sso_account_id', accountId);
        doc.set(section, 'sso_role_name', accountRole);
        // The keys the Leverage CLI itself reads from these profiles (auth.py: account_id, role_name; aws.py: sso_*).
        doc.set(section, 'account_id', accountId);
        doc.set(section, 'role_name', accountRole);
        doc.set(section, 'sso_start_url', p.ssoStartUrl!);
        doc.set(section, 'sso_region', p.ssoRegion!);
        if (p.regionPrimary) doc.set(section, 'region', p.regionPrimary);
        profiles.push(`${p.shortName}-sso-${a.name}`);
      }
    });
  } else {
    const text = await readFile(p.configFile, 'utf8').catch(() => '');
    const generated = [...profileNamesOf(text).owned.keys()].filter((n) => n.startsWith(`${p.shortName}-`) && n !== `${p.shortName}-sso`);
    await editIniFile(p.configFile, (doc) => {
      for (const name of generated) if (doc.removeSection(`profile ${name}`, { withLeadingComments: true })) removedProfiles.push(name);
      for (const sec of doc.sections()) {
        const name = sec.name.slice('profile '.length);
        if (sec.name.startsWith(`profile ${p.shortName}-sso-`) && sec.values.sso_session?.value === `${p.shortName}-sso` && doc.removeSection(sec.name)) removedProfiles.push(name);
      }
    });
    const { configureProjectIam } = await import('./leverage-iam.js');
    const doc = await readIniFile(p.configFile);
    const types = (['bootstrap', 'management', 'security'] as const).filter((t) => doc?.section(`profile ${p.shortName}-${t}`)?.values.tempkey_vault);
    if (!types.length) next = `tempkey credentials configure --type security --credentials-file <accessKeys.csv>`;
    const refreshed = { ...p, method: 'iam' as const, mfaEnabled: true };
    for (const type of types) {
      const r = await configureProjectIam({ env: o.env, cwd: o.cwd, project: refreshed, type, skipAccessKeys: true, selfCommand: o.selfCommand, prompt: o.prompt, log: o.log });
      profiles.push(...r.profiles);
    }
  }
  return { from: p.method, to: o.to, filesChanged, removedProfiles, profiles, next };
}
