import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { awsDir } from '../files/paths.js';
import { findProjectRootSync } from './root.js';
import { readBuildEnv, readMergedBuildEnv } from './build-env.js';
import { lineOf, parseHclIfPresent, type HclValue } from './hcl.js';

/**
 * A Leverage-style (binbash reference architecture) project, found by walking
 * up from a directory: `build.env` and/or `config/common.tfvars` at its root.
 * Values come, in order, from project.yaml, build.env and config/common.tfvars;
 * account ids found in the terraform code win over project.yaml.
 */
export interface ProjectAccount {
  name: string;
  id?: string;
  email?: string;
}

export interface ProjectNote {
  message: string;
  fix: string;
  file?: string;
  line?: number;
}

export interface Project {
  root: string;
  shortName: string;
  longName?: string;
  method: 'sso' | 'iam';
  /** Which file and line chose the method. */
  methodReason: string;
  mfaEnabled: boolean;
  ssoStartUrl?: string;
  ssoRegion?: string;
  regionPrimary?: string;
  accounts: ProjectAccount[];
  /** ~/.aws/<short>/config and credentials: the project's own AWS files. */
  configFile: string;
  credentialsFile: string;
  /** The folder name under ~/.aws/ (common.tfvars' project, else the short name). */
  filesName: string;
  /** Where Leverage's reading of a setting differs from the obvious one, said plainly. */
  notes: ProjectNote[];
  /** buildEnv: the root's build.env (the one edits go to); buildEnvFiles: every one merged, root first. */
  files: { buildEnv?: string; buildEnvFiles: string[]; commonTfvars?: string; projectYaml?: string };
  sources: { key: string; file: string; line?: number }[];
}

const str = (v: HclValue | undefined) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/**
 * The project root, as Leverage finds it: the git top level (where `config/`
 * and the first build.env live), so a layer's own build.env is not mistaken
 * for the root. Outside git: the nearest folder with config/common.tfvars,
 * else the topmost one with a build.env.
 */
export async function findProjectRoot(cwd: string): Promise<string | undefined> {
  return findProjectRootSync(cwd);
}

export { findProjectRootSync, projectIdentityFiles } from './root.js';

export async function findProject(cwd: string, env: NodeJS.ProcessEnv): Promise<Project | undefined> {
  const root = await findProjectRoot(cwd);
  return root ? loadProject(root, env, cwd) : undefined;
}

export async function loadProject(root: string, env: NodeJS.ProcessEnv, cwd: string = root): Promise<Project> {
  const buildEnvFile = join(root, 'build.env');
  const tfvarsFile = join(root, 'config', 'common.tfvars');
  const yamlFile = join(root, 'project.yaml');
  const sources: Project['sources'] = [];
  const merged = await readMergedBuildEnv(root, cwd);
  const buildEnv = merged.files.length ? merged.values : undefined;
  const tfvarsText = await readFile(tfvarsFile, 'utf8').catch(() => undefined);
  const tfvars = tfvarsText !== undefined ? ((await parseHclIfPresent(tfvarsFile)) ?? {}) : {};
  // yaml is ~70 modules: load it only when there is a project.yaml to read.
  const yamlText = await readFile(yamlFile, 'utf8').catch(() => undefined);
  const yaml = yamlText === undefined ? undefined : ((await import('yaml')).parse(yamlText) as Record<string, unknown> | undefined);
  const tfLine = (key: string) => (tfvarsText ? lineOf(tfvarsText, new RegExp(`^\\s*"?${key}"?\\s*=`)) : undefined);
  const pick = <T>(key: string, candidates: [T | undefined, string, number | undefined][]): T | undefined => {
    for (const [v, file, line] of candidates) {
      if (v !== undefined && v !== '') {
        sources.push({ key, file, line });
        return v;
      }
    }
    return undefined;
  };

  const shortName = pick<string>('short_name', [
    [str(yaml?.short_name as HclValue), yamlFile, undefined],
    [buildEnv?.get('PROJECT')?.value, buildEnv?.get('PROJECT')?.file ?? buildEnvFile, buildEnv?.get('PROJECT')?.line],
    [str(tfvars.project), tfvarsFile, tfLine('project')],
  ]);
  if (!shortName) {
    const { TempkeyError } = await import('../lib/errors.js');
    throw new TempkeyError('PROJECT_INCOMPLETE', `The project at ${root} has no short name (PROJECT in build.env, project in config/common.tfvars, or short_name in project.yaml).`, {
      fix: `Add PROJECT=<short name> to ${buildEnvFile}`,
      location: { file: buildEnvFile },
    });
  }
  const longName = pick<string>('project_long', [
    [str(yaml?.project_name as HclValue), yamlFile, undefined],
    [str(tfvars.project_long), tfvarsFile, tfLine('project_long')],
  ]);
  const regionPrimary = pick<string>('region_primary', [
    [str(yaml?.region_primary as HclValue), yamlFile, undefined],
    [str(tfvars.region_primary) ?? str(tfvars.region), tfvarsFile, tfLine('region_primary') ?? tfLine('region')],
  ]);
  const notes: ProjectNote[] = [];
  const sso = leverageSsoEnabled(tfvars.sso_enabled);
  const ssoOn = sso.on;
  const methodReason = tfvars.sso_enabled !== undefined ? `sso_enabled = ${JSON.stringify(tfvars.sso_enabled)} (${tfvarsFile}:${tfLine('sso_enabled')})` : `no sso_enabled in ${tfvarsFile}: IAM users`;
  if (sso.note) notes.push({ message: `${tfvarsFile}:${tfLine('sso_enabled')}: ${sso.note}`, fix: `Write sso_enabled = ${sso.meant} (no quotes) in ${tfvarsFile}`, file: tfvarsFile, line: tfLine('sso_enabled') });
  const mfa = buildEnv?.get('MFA_ENABLED');
  const mfaOn = mfa?.value === 'true';
  if (mfa && !mfaOn && mfa.value !== 'false' && mfa.value.toLowerCase() === 'true') {
    notes.push({ message: `${mfa.file}:${mfa.line}: MFA_ENABLED=${mfa.value} means off: Leverage turns MFA on only for the exact text true, and tempkey reads it the same way`, fix: `Write MFA_ENABLED=true in ${mfa.file}`, file: mfa.file, line: mfa.line });
  }

  // Accounts: the tfvars map and <name>_account_id variables win over project.yaml.
  const accounts = new Map<string, ProjectAccount>();
  const yamlAccounts = ((yaml?.organization as { accounts?: { name?: string; email?: string; id?: string | number }[] } | undefined)?.accounts ?? []).filter((a) => a?.name);
  for (const a of yamlAccounts) accounts.set(a.name!, { name: a.name!, email: a.email, id: a.id === undefined ? undefined : String(a.id) });
  // v1: accounts = { name = {...} }; v2: organization = { accounts = {...}, organizational_units = { ou = { accounts = {...} } } }.
  for (const tfAccounts of accountMaps(tfvars)) {
    for (const [name, v] of Object.entries(tfAccounts)) {
      const o = (v && typeof v === 'object' && !Array.isArray(v) ? v : {}) as Record<string, HclValue>;
      const prev = accounts.get(name);
      accounts.set(name, { name, email: str(o.email) ?? prev?.email, id: str(o.id) ?? prev?.id });
    }
  }
  for (const [key, v] of Object.entries(tfvars)) {
    const m = /^(.+)_account_id$/.exec(key);
    if (!m || !str(v)) continue;
    const name = m[1]!.replace(/_/g, '-');
    accounts.set(name, { ...(accounts.get(name) ?? { name }), id: str(v) });
  }
  // Leverage's files folder is ~/.aws/<project>, with common.tfvars' project winning over build.env's PROJECT.
  const filesName = str(tfvars.project) || shortName;
  const base = join(awsDir(env), filesName);
  return {
    root,
    shortName,
    longName,
    method: ssoOn ? 'sso' : 'iam',
    methodReason,
    mfaEnabled: mfaOn,
    ssoStartUrl: str(tfvars.sso_start_url),
    ssoRegion: str(tfvars.sso_region) ?? regionPrimary,
    regionPrimary,
    accounts: [...accounts.values()],
    configFile: join(base, 'config'),
    credentialsFile: join(base, 'credentials'),
    filesName,
    notes,
    files: { buildEnv: merged.files.includes(buildEnvFile) ? buildEnvFile : undefined, buildEnvFiles: merged.files, commonTfvars: tfvarsText !== undefined ? tfvarsFile : undefined, projectYaml: yaml ? yamlFile : undefined },
    sources,
  };
}

/**
 * Leverage reads sso_enabled with Python truthiness: any non-empty string is
 * on, even "false". tempkey follows it (so both tools agree on a shared
 * project) and says so when the value looks like it meant the opposite.
 */
export function leverageSsoEnabled(v: HclValue | undefined): { on: boolean; note?: string; meant?: boolean } {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return { on: false };
  if (typeof v === 'string' && /^(false|no|off|0)$/i.test(v.trim())) {
    return { on: true, meant: false, note: `sso_enabled = "${v}" is a quoted string, which Leverage reads as on (any non-empty string is true): this project uses Identity Center` };
  }
  return { on: true };
}

function accountMaps(tfvars: Record<string, HclValue>): Record<string, HclValue>[] {
  const isMap = (v: HclValue | undefined): v is Record<string, HclValue> => !!v && typeof v === 'object' && !Array.isArray(v);
  const out: Record<string, HclValue>[] = [];
  if (isMap(tfvars.accounts)) out.push(tfvars.accounts);
  const org = tfvars.organization;
  if (isMap(org)) {
    if (isMap(org.accounts)) out.push(org.accounts);
    if (isMap(org.organizational_units)) for (const ou of Object.values(org.organizational_units)) if (isMap(ou) && isMap(ou.accounts)) out.push(ou.accounts);
  }
  return out;
}

/**
 * The name of the project's ~/.aws/<name>/ folder for a directory (every
 * credentials command asks): common.tfvars' project, else build.env's PROJECT.
 */
export async function projectNameAt(cwd: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const root = await findProjectRoot(cwd);
  return root ? (await loadProject(root, env, cwd)).filesName : undefined;
}
