import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { awsDir } from '../files/paths.js';
import { readBuildEnv } from './build-env.js';
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
  files: { buildEnv?: string; commonTfvars?: string; projectYaml?: string };
  sources: { key: string; file: string; line?: number }[];
}

const exists = (p: string) => stat(p).then(() => true, () => false);
const str = (v: HclValue | undefined) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

export async function findProjectRoot(cwd: string): Promise<string | undefined> {
  for (let dir = cwd; ; dir = dirname(dir)) {
    if ((await exists(join(dir, 'build.env'))) || (await exists(join(dir, 'config', 'common.tfvars')))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

export async function findProject(cwd: string, env: NodeJS.ProcessEnv): Promise<Project | undefined> {
  const root = await findProjectRoot(cwd);
  return root ? loadProject(root, env) : undefined;
}

export async function loadProject(root: string, env: NodeJS.ProcessEnv): Promise<Project> {
  const buildEnvFile = join(root, 'build.env');
  const tfvarsFile = join(root, 'config', 'common.tfvars');
  const yamlFile = join(root, 'project.yaml');
  const sources: Project['sources'] = [];
  const buildEnv = await readBuildEnv(buildEnvFile);
  const tfvarsText = await readFile(tfvarsFile, 'utf8').catch(() => undefined);
  const tfvars = tfvarsText !== undefined ? ((await parseHclIfPresent(tfvarsFile)) ?? {}) : {};
  const yaml = await readFile(yamlFile, 'utf8').then((t) => parseYaml(t) as Record<string, unknown>, () => undefined);
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
    [buildEnv?.get('PROJECT')?.value, buildEnvFile, buildEnv?.get('PROJECT')?.line],
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
  const ssoOn = tfvars.sso_enabled === true || tfvars.sso_enabled === 'true';
  const methodReason = tfvars.sso_enabled !== undefined ? `sso_enabled = ${String(tfvars.sso_enabled)} (${tfvarsFile}:${tfLine('sso_enabled')})` : `no sso_enabled in ${tfvarsFile}: IAM users`;
  const mfa = buildEnv?.get('MFA_ENABLED');

  // Accounts: the tfvars map and <name>_account_id variables win over project.yaml.
  const accounts = new Map<string, ProjectAccount>();
  const yamlAccounts = ((yaml?.organization as { accounts?: { name?: string; email?: string; id?: string | number }[] } | undefined)?.accounts ?? []).filter((a) => a?.name);
  for (const a of yamlAccounts) accounts.set(a.name!, { name: a.name!, email: a.email, id: a.id === undefined ? undefined : String(a.id) });
  const tfAccounts = tfvars.accounts;
  if (tfAccounts && typeof tfAccounts === 'object' && !Array.isArray(tfAccounts)) {
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
  const base = join(awsDir(env), shortName);
  return {
    root,
    shortName,
    longName,
    method: ssoOn ? 'sso' : 'iam',
    methodReason,
    mfaEnabled: mfa?.value.toLowerCase() === 'true',
    ssoStartUrl: str(tfvars.sso_start_url),
    ssoRegion: str(tfvars.sso_region) ?? regionPrimary,
    regionPrimary,
    accounts: [...accounts.values()],
    configFile: join(base, 'config'),
    credentialsFile: join(base, 'credentials'),
    files: { buildEnv: buildEnv ? buildEnvFile : undefined, commonTfvars: tfvarsText !== undefined ? tfvarsFile : undefined, projectYaml: yaml ? yamlFile : undefined },
    sources,
  };
}

/**
 * The project's short name for choosing ~/.aws/<short>/ files, cheaply (every
 * credentials command asks): build.env's PROJECT when present, else the full read.
 */
export async function projectNameAt(cwd: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const root = await findProjectRoot(cwd);
  if (!root) return undefined;
  const fromEnv = (await readBuildEnv(join(root, 'build.env')))?.get('PROJECT')?.value;
  return fromEnv || (await loadProject(root, env)).shortName;
}
