import { join } from 'node:path';
import { awsDir, expandHome } from './paths.js';

/** Where `aws login` keeps console-credential sessions (AWS_LOGIN_CACHE_DIRECTORY overrides). */
export function loginCacheDir(env: NodeJS.ProcessEnv): string {
  return env.AWS_LOGIN_CACHE_DIRECTORY ? expandHome(env.AWS_LOGIN_CACHE_DIRECTORY, env) : join(awsDir(env), 'login', 'cache');
}
