import type { CliIo } from './io.js';
import { redactText } from '../lib/redact.js';
import type { Prompter } from '../sources/types.js';
import { terminalPrompter as libTerminalPrompter } from '../lib/prompt.js';

/** Flags shared by the commands that obtain credentials (exec, env, credential-process, whoami). */
export const CREDENTIAL_OPTIONS = {
  profile: { type: 'string', short: 'p' },
  region: { type: 'string', short: 'r' },
  'mfa-token': { type: 'string' },
  project: { type: 'string' },
} as const;

export const CREDENTIAL_FLAGS_HELP = `  -p, --profile NAME   profile to use (default: AWS_PROFILE, else 'default')
  -r, --region REGION  region for STS calls and AWS_REGION
      --mfa-token CODE MFA code (else mfa_process, else a prompt on the terminal)
      --project NAME   use the files of a Leverage-style project (~/.aws/NAME/)
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
  verbose?: boolean;
}

/**
 * The credential request every credential-handing command makes from its
 * flags (explicit --profile wins over a positional). Core is imported lazily:
 * parsing flags must not load the use cases.
 */
export async function obtainFromFlags(values: CredentialFlagValues, profile: string | undefined, io: CliIo, verbose = verboseLogger(io, values.verbose)) {
  const { obtainCredentials } = await import('../core/credentials.js');
  return obtainCredentials({
    env: io.env,
    cwd: io.cwd,
    profile: values.profile ?? profile,
    region: values.region,
    project: values.project,
    mfaToken: values['mfa-token'],
    prompt: terminalPrompter(),
    verbose,
  });
}
