import { locateAwsFiles, type AwsFileLocations } from './paths.js';
import { readIniFile } from './ini/fast-read.js';
import { buildProfileModel, type AwsProfileModel } from './profile-model.js';

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
