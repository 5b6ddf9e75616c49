import { isAbsolute, join, resolve } from 'node:path';
import { currentPlatform, homeDirFor, isWindows } from '../lib/platform.js';

/**
 * Where the AWS files live, decided like the AWS CLI: AWS_CONFIG_FILE and
 * AWS_SHARED_CREDENTIALS_FILE win, else ~/.aws/config and ~/.aws/credentials.
 * A Leverage-style project keeps its own pair under ~/.aws/<project>/.
 */
export interface AwsFileLocations {
  config: string;
  credentials: string;
  configChosenBy: string;
  credentialsChosenBy: string;
}

/** HOME on Unix, USERPROFILE on Windows: lib/platform decides, like botocore and the Go SDK. */
export function homeDir(env: NodeJS.ProcessEnv): string {
  return homeDirFor(env, currentPlatform(env));
}

export function expandHome(path: string, env: NodeJS.ProcessEnv): string {
  if (path === '~') return homeDir(env);
  if (path.startsWith('~/') || (path.startsWith('~\\') && isWindows(currentPlatform(env)))) return join(homeDir(env), path.slice(2));
  return path;
}

export function awsDir(env: NodeJS.ProcessEnv): string {
  return join(homeDir(env), '.aws');
}

export function locateAwsFiles(env: NodeJS.ProcessEnv, opts: { project?: string; cwd?: string } = {}): AwsFileLocations {
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(opts.cwd ?? process.cwd(), p));
  const base = opts.project ? join(awsDir(env), opts.project) : awsDir(env);
  const viaProject = opts.project ? `project '${opts.project}' (~/.aws/${opts.project}/)` : 'default (~/.aws/)';
  return {
    config: env.AWS_CONFIG_FILE ? abs(expandHome(env.AWS_CONFIG_FILE, env)) : join(base, 'config'),
    configChosenBy: env.AWS_CONFIG_FILE ? 'AWS_CONFIG_FILE' : viaProject,
    credentials: env.AWS_SHARED_CREDENTIALS_FILE
      ? abs(expandHome(env.AWS_SHARED_CREDENTIALS_FILE, env))
      : join(base, 'credentials'),
    credentialsChosenBy: env.AWS_SHARED_CREDENTIALS_FILE ? 'AWS_SHARED_CREDENTIALS_FILE' : viaProject,
  };
}

/** ~/.aws/cli/cache: assume-role and SSO role credentials, shared with the AWS CLI v2. */
export function cliCacheDir(env: NodeJS.ProcessEnv): string {
  return join(awsDir(env), 'cli', 'cache');
}

/** ~/.aws/sso/cache: SSO tokens and client registrations, shared with the AWS CLI v2. */
export function ssoCacheDir(env: NodeJS.ProcessEnv): string {
  return join(awsDir(env), 'sso', 'cache');
}

/** tempkey's own state (MFA sessions, encrypted vault, locks). */
export function tempkeyDir(env: NodeJS.ProcessEnv): string {
  return env.TEMPKEY_HOME ? expandHome(env.TEMPKEY_HOME, env) : join(awsDir(env), 'tempkey');
}

export function tempkeyCacheDir(env: NodeJS.ProcessEnv): string {
  return join(tempkeyDir(env), 'cache');
}

export function lockDir(env: NodeJS.ProcessEnv): string {
  return join(tempkeyDir(env), 'locks');
}
