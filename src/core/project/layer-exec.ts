import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ensurePrivateDir, writeFileAtomic } from '../../files/atomic-write.js';
import { tempkeyDir } from '../../files/paths.js';
import { CONFLICTING_VARIABLES } from '../credentials/export-env.js';
import { currentPlatform, quoteCommandLine, type Platform } from '../../lib/platform.js';

/**
 * `tempkey exec -- terraform ...` inside a terraform layer. Every profile the
 * layer uses is warmed up front (one MFA code or one SSO login serves them
 * all), then terraform runs with a private AWS config whose profiles get
 * their credentials from `tempkey credential-process` reading that warm
 * cache. Each provider gets its own profile's role; no long-term key and no
 * credentials of any profile sit in terraform's environment.
 */
export interface LayerExecPlan {
  profiles: string[];
  /** The profile for code that names none (the backend's). */
  defaultProfile: string;
  region?: string;
  /** The real files the profiles are defined in. */
  configFile: string;
  credentialsFile: string;
  /** How to run tempkey itself: the start of a command line (cli/self-command). */
  tempkey: string;
}


export function privateConfig(plan: LayerExecPlan, regions: Record<string, string | undefined>, platform: Platform = currentPlatform()): string {
  return plan.profiles
    .map((p) => {
      const cmd = `${plan.tempkey} ${quoteCommandLine(['credential-process', '--profile', p, '--config-file', plan.configFile, '--credentials-file', plan.credentialsFile], platform)}`;
      const region = regions[p] ?? plan.region;
      return `[profile ${p}]\ncredential_process = ${cmd}\n${region ? `region = ${region}\n` : ''}`;
    })
    .join('\n');
}

export async function prepareLayerEnvironment(parent: NodeJS.ProcessEnv, plan: LayerExecPlan, regions: Record<string, string | undefined>): Promise<{ env: NodeJS.ProcessEnv; cleanup: () => Promise<void> }> {
  const base = join(tempkeyDir(parent), 'exec');
  await ensurePrivateDir(base);
  const dir = await mkdtemp(join(base, 'layer-'));
  const config = join(dir, 'config');
  const credentials = join(dir, 'credentials');
  await writeFileAtomic(config, privateConfig(plan, regions));
  await writeFileAtomic(credentials, '');
  const env: NodeJS.ProcessEnv = { ...parent };
  for (const k of CONFLICTING_VARIABLES) delete env[k];
  Object.assign(env, {
    AWS_CONFIG_FILE: config,
    AWS_SHARED_CREDENTIALS_FILE: credentials,
    AWS_PROFILE: plan.defaultProfile,
    // Older Go SDKs (and terraform's S3 backend with them) read the config file only when asked.
    AWS_SDK_LOAD_CONFIG: '1',
    TEMPKEY_LAYER_PROFILES: plan.profiles.join(','),
  });
  if (plan.region) env.AWS_REGION = env.AWS_DEFAULT_REGION = plan.region;
  return { env, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
