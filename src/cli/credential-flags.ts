import type { CliIo } from './io.js';
import type { FlagSpecs } from './command.js';
import { TempkeyError, isTempkeyError } from '../lib/errors.js';
import { redactText } from '../lib/redact.js';
import type { Prompter } from '../lib/domain.js';
import { terminalPrompter as libTerminalPrompter } from '../lib/prompt.js';

/** Flags shared by the commands that obtain credentials (exec, env, credential-process, whoami). */
export const CREDENTIAL_OPTIONS = {
  profile: { type: 'string', short: 'p' },
  region: { type: 'string', short: 'r', region: true },
  'mfa-token': { type: 'string' },
  project: { type: 'string' },
  'config-file': { type: 'string' },
  'credentials-file': { type: 'string' },
  duration: { type: 'string' },
  'no-session': { type: 'boolean' },
} as const satisfies FlagSpecs;

export const CREDENTIAL_FLAGS_HELP = `  -p, --profile NAME   profile to use (default: AWS_PROFILE, else 'default')
  -r, --region REGION  region for STS calls and AWS_REGION
      --mfa-token CODE MFA code (else mfa_process, else a prompt on the terminal)
      --project NAME   use the files of a Leverage-style project (~/.aws/NAME/);
                       inside a project directory its files are used by default
      --config-file F  the AWS config file to read (as AWS_CONFIG_FILE)
      --credentials-file F  the AWS credentials file to read (as AWS_SHARED_CREDENTIALS_FILE)
      --duration D     lifetime of the credentials handed out: 3600, 90m, 1h, 1h30m
                       (AssumeRole 15m-12h, GetSessionToken 15m-36h)
      --no-session     no MFA session (GetSessionToken): AssumeRole sends the MFA code
                       itself; an IAM user's profile hands out its long-term keys
  -v, --verbose        show each step: profile, file, endpoint, cache entry (secrets redacted)
  -h, --help           this help`;

/** Verbose lines go to stderr, always through the one redaction function. */
export function verboseLogger(io: CliIo, on: boolean | undefined): (line: string) => void {
  return on ? (line) => io.stderr(`tempkey: ${redactText(line)}\n`) : () => {};
}

/** MFA codes are asked on the terminal; without one, say which flag to use. */
export function terminalPrompter(): Prompter {
  return libTerminalPrompter('Pass --mfa-token CODE, or set mfa_process in the profile.');
}

export interface CredentialFlagValues {
  profile?: string;
  region?: string;
  project?: string;
  'mfa-token'?: string;
  'config-file'?: string;
  'credentials-file'?: string;
  duration?: string;
  'no-session'?: boolean;
  verbose?: boolean;
}

/**
 * The environment and project a credentials command works with: explicit
 * file flags act as AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE; inside a
 * Leverage-style project (and with no AWS_CONFIG_FILE set) its ~/.aws/<project>/
 * files are used.
 */
export async function credentialScope(values: CredentialFlagValues, io: CliIo): Promise<{ env: NodeJS.ProcessEnv; project?: string }> {
  const env = { ...io.env };
  if (values['config-file']) env.AWS_CONFIG_FILE = values['config-file'];
  if (values['credentials-file']) env.AWS_SHARED_CREDENTIALS_FILE = values['credentials-file'];
  if (values.project || env.AWS_CONFIG_FILE) return { env, project: values.project };
  const { projectNameAt } = await import('../project/detect.js');
  return { env, project: await projectNameAt(io.cwd, io.env) };
}

/**
 * The credential request every credential-handing command makes from its
 * flags (explicit --profile wins over a positional). Core is imported lazily:
 * parsing flags must not load the use cases.
 */
export async function obtainFromFlags(values: CredentialFlagValues, profile: string | undefined, io: CliIo, verbose = verboseLogger(io, values.verbose)) {
  const { obtainCredentials } = await import('../core/credentials/obtain.js');
  const hotPath = await import('../core/credentials/hot-path-index.js');
  // Each file is stamped before it is read: an edit made meanwhile must not be recorded as seen.
  const request = hotPath.hotPathRequest(values, profile);
  const inputs = hotPath.hotPathInputs(request, io.env, io.cwd);
  const scope = await credentialScope(values, io);
  const { locateAwsFiles } = await import('../files/paths.js');
  const files = locateAwsFiles(scope.env, { project: scope.project, cwd: io.cwd });
  hotPath.stampFiles(inputs, [files.config, files.credentials]);
  const options = await requestOptions(values);
  try {
    const got = await obtainCredentials({
      env: scope.env,
      cwd: io.cwd,
      profile: request.profile,
      region: values.region,
      project: scope.project,
      mfaToken: values['mfa-token'],
      prompt: terminalPrompter(),
      verbose,
      options,
    });
    // What the resolver ignored (duration_seconds = 2h, ...) is said, not dropped silently.
    for (const w of got.plan.warnings) if (/\bignored\b/.test(w)) io.stderr(`tempkey: warning: ${redactText(w)}\n`);
    // Let the next call (env, exec, credential-process or whoami) answer without resolving again.
    // (Not for --duration/--no-session: the cached path answers plain requests only.)
    if (!options) await hotPath.rememberObtained(io.env, inputs, got);
    return got;
  } catch (e) {
    throw values.profile === undefined && request.profile !== undefined ? fromArgument(e) : e;
  }
}

export { hotPathRequest } from '../core/credentials/hot-path-index.js';

/** --duration and --no-session, checked. */
async function requestOptions(values: CredentialFlagValues) {
  if (values.duration === undefined && !values['no-session']) return undefined;
  const { parseDuration } = await import('../core/credentials/request-options.js');
  const durationSeconds = values.duration === undefined ? undefined : parseDuration(values.duration);
  if (values.duration !== undefined && durationSeconds === undefined) {
    throw new TempkeyError('BAD_FLAG', `--duration '${values.duration}' is not a duration.`, { fix: 'e.g. --duration 1h, --duration 90m or --duration 3600', location: { flag: '--duration' }, exitCode: 2 });
  }
  return { durationSeconds, noSession: values['no-session'] };
}

/** The resolver calls a named profile "from --profile"; given as PROFILE, say so. */
export function fromArgument(e: unknown): unknown {
  if (!isTempkeyError(e) || !e.message.includes('(from --profile)')) return e;
  const location = e.location ? { ...e.location, flag: undefined } : undefined;
  return new TempkeyError(e.code, e.message.replace('(from --profile)', '(the PROFILE argument)'), { fix: e.fix?.replace(/Use --profile (\S+)/, 'Use $1'), location, exitCode: e.exitCode, cause: e });
}
