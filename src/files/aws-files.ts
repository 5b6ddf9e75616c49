import { locateAwsFiles, type AwsFileLocations } from './paths.js';
import { readIniFile } from './ini/fast-read.js';
import { buildProfileModel, type AwsProfileModel, type Settings } from './profile-model.js';

export interface AwsFilesOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Leverage-style project: files under ~/.aws/<project>/. */
  project?: string;
}

/**
 * The one place the config and credentials files are read for their
 * profiles: located (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, project),
 * parsed once (absent files are empty), and handed on as one typed model,
 * like the JS SDK's loadSharedConfigFiles.
 */
export async function loadProfileModel(opts: AwsFilesOptions): Promise<{ files: AwsFileLocations; model: AwsProfileModel }> {
  const files = locateAwsFiles(opts.env, { project: opts.project, cwd: opts.cwd });
  const config = await readIniFile(files.config);
  const credentials = await readIniFile(files.credentials);
  return { files, model: buildProfileModel(config, credentials, files) };
}

/**
 * One profile's own settings in one file, through the same reader and model
 * (for values read when a step runs, like keys, which never enter the plan).
 */
export async function readProfileSettings(file: string, which: 'config' | 'credentials', profile: string): Promise<Settings | undefined> {
  const doc = await readIniFile(file);
  const files = { config: file, credentials: file };
  const model = which === 'config' ? buildProfileModel(doc, undefined, files) : buildProfileModel(undefined, doc, files);
  const p = model.profile(profile);
  return which === 'config' ? p?.fromConfig : p?.fromCredentials;
}
