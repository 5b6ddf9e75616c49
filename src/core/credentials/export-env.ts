import type { AwsCredentials } from '../../lib/domain.js';
import { TempkeyError } from '../../lib/errors.js';
import { SDK_NODE_WARNING_VARIABLE, sdkNodeWarningSetByTempkey } from '../../aws/sdk-node-warning.js';
import { isoSecondsZ } from '../../lib/time.js';
import { namesASecret } from '../../lib/secret-name.js';

/**
 * Credentials as environment variables, for `exec` and `env`. The names are
 * the ones every AWS SDK and the CLI read; AWS_CREDENTIAL_EXPIRATION is what
 * `aws configure export-credentials` sets.
 */
export function credentialVariables(creds: AwsCredentials, region?: string): Record<string, string> {
  const vars: Record<string, string> = {
    AWS_ACCESS_KEY_ID: creds.accessKeyId,
    AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
  };
  if (creds.sessionToken) vars.AWS_SESSION_TOKEN = creds.sessionToken;
  if (creds.expiration) vars.AWS_CREDENTIAL_EXPIRATION = isoSecondsZ(creds.expiration);
  if (region) {
    vars.AWS_REGION = region;
    vars.AWS_DEFAULT_REGION = region;
  }
  return vars;
}

/**
 * Variables that would make a child pick other credentials than the ones we
 * give it (botocore and the JS SDK prefer some of them to AWS_ACCESS_KEY_ID).
 */
export const CONFLICTING_VARIABLES = [
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_ROLE_ARN',
  'AWS_ROLE_SESSION_NAME',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
] as const;

/**
 * tempkey's own secrets: the vault passphrase would let any program run by
 * exec/serve decrypt the vault and read the long-term keys that the
 * short-lived credentials were made to keep away from it.
 */
export function isTempkeySecretVariable(name: string): boolean {
  return name.startsWith('TEMPKEY_') && namesASecret(name);
}

const CONFLICTING = new Set<string>(CONFLICTING_VARIABLES);

/**
 * The parent's environment minus what a child must not get: other credentials
 * (CONFLICTING_VARIABLES), tempkey's secrets, and the SDK warning switch when
 * tempkey (not the person) set it.
 */
export function scrubbedEnvironment(parent: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  // Copied by name, not spread then deleted: exec builds this on every run, and deleting keys makes a slow object.
  const dropWarning = sdkNodeWarningSetByTempkey();
  const env: NodeJS.ProcessEnv = {};
  for (const k of Object.keys(parent)) {
    if (CONFLICTING.has(k) || isTempkeySecretVariable(k) || (dropWarning && k === SDK_NODE_WARNING_VARIABLE)) continue;
    env[k] = parent[k];
  }
  return env;
}

/** The environment of a program run by `tempkey exec`. */
export function childEnvironment(parent: NodeJS.ProcessEnv, creds: AwsCredentials, region: string | undefined, profile: string): NodeJS.ProcessEnv {
  const env = scrubbedEnvironment(parent);
  Object.assign(env, credentialVariables(creds, region));
  env.TEMPKEY_PROFILE = profile;
  return env;
}

/**
 * What `tempkey shell-init`'s function exports beside the credentials: the
 * active profile (for whoami and prompts) and when the credentials expire,
 * in epoch seconds (the shell's prompt hook compares it without date parsing).
 */
export function markerVariables(profile: string, expiration: Date | undefined): Record<string, string> {
  return { TEMPKEY_PROFILE: profile, ...(expiration ? { TEMPKEY_EXPIRES_EPOCH: String(Math.floor(expiration.getTime() / 1000)) } : {}) };
}

export const ENV_FORMATS = ['bash', 'zsh', 'fish', 'powershell', 'windows-cmd', 'dotenv', 'json'] as const;
export type EnvFormat = (typeof ENV_FORMATS)[number];

const POSIX_UNSET = ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE', 'AWS_SECURITY_TOKEN'];

/** Renders variables for a shell so that any value is taken literally (no expansion, no injection). */
export function formatEnv(vars: Record<string, string>, format: EnvFormat): string {
  const names = Object.keys(vars);
  for (const n of names) if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(n)) throw new TempkeyError('BAD_VARIABLE', `Not a variable name: ${n}`);
  switch (format) {
    case 'bash':
    case 'zsh':
      return [...names.map((n) => `export ${n}=${posixQuote(vars[n]!)}`), `unset ${POSIX_UNSET.join(' ')}`].join('\n') + '\n';
    case 'fish':
      return [...names.map((n) => `set -gx ${n} ${fishQuote(vars[n]!)};`), ...POSIX_UNSET.map((n) => `set -e ${n};`)].join('\n') + '\n';
    case 'powershell':
      return (
        [
          ...names.map((n) => `$Env:${n} = ${powershellQuote(vars[n]!)}`),
          ...POSIX_UNSET.map((n) => `Remove-Item Env:${n} -ErrorAction SilentlyContinue`),
        ].join('\n') + '\n'
      );
    case 'windows-cmd':
      return [...names.map((n) => `set "${n}=${cmdValue(vars[n]!, n)}"`), ...POSIX_UNSET.map((n) => `set "${n}="`)].join('\r\n') + '\r\n';
    case 'dotenv':
      return names.map((n) => `${n}=${dotenvQuote(vars[n]!)}`).join('\n') + '\n';
    case 'json':
      return JSON.stringify(vars, null, 2) + '\n';
  }
}

/** Single quotes: nothing inside is special; a quote becomes '\''. */
export function posixQuote(v: string): string {
  return `'${v.replace(/'/g, `'\\''`)}'`;
}

/** fish single quotes: only \\ and \' are escapes. */
export function fishQuote(v: string): string {
  return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * PowerShell verbatim string: a quote is doubled. PowerShell also takes the
 * typographic single quotes (U+2018..U+201B) as quotes, so they are doubled too.
 */
export function powershellQuote(v: string): string {
  return `'${v.replace(/['\u2018\u2019\u201a\u201b]/g, '$&$&')}'`;
}

/**
 * cmd.exe: inside `set "NAME=value"` the operators & | < > ^ are literal,
 * but %VAR% still expands and a quote or line break ends the command, with no
 * escape for any of them: such a value is refused.
 */
export function cmdValue(v: string, name: string): string {
  if (/[%"\r\n]/.test(v)) {
    throw new TempkeyError('UNQUOTABLE_COMMAND_LINE', `The value of ${name} contains % or " or a line break, which cmd.exe cannot take literally.`, { fix: 'Use --format powershell (or json) instead.' });
  }
  return v;
}

/** dotenv: single quotes are literal in the common parsers; fall back to escaped double quotes. */
export function dotenvQuote(v: string): string {
  if (!/['\n\r]/.test(v)) return `'${v}'`;
  return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r')}"`;
}
