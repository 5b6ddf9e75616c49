import type { CliIo } from './io.js';
import { redactText } from '../lib/redact.js';
import type { Prompter } from '../sources/types.js';

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

/**
 * Asks on the controlling terminal (/dev/tty), never on stdout, which a tool
 * calling credential-process captures. Without a terminal: a clear error.
 * (Replaced by src/lib/prompt.ts once that lands.)
 */
export function terminalPrompter(): Prompter {
  return {
    async ask(question: string): Promise<string> {
      const { openSync, closeSync, readSync, writeSync } = await import('node:fs');
      let fd: number;
      try {
        fd = openSync('/dev/tty', 'r+');
      } catch {
        const { TempkeyError } = await import('../lib/errors.js');
        throw new TempkeyError('NO_TERMINAL', `${question.trim()} — but there is no terminal to ask on.`, {
          fix: 'Pass --mfa-token CODE, or set mfa_process in the profile.',
          exitCode: 2,
        });
      }
      try {
        writeSync(fd, question);
        // Blocking reads on purpose: nothing else runs while a person types, and an
        // async stream would leave a read pending on the terminal that keeps node alive.
        const buf = Buffer.alloc(256);
        let line = '';
        for (;;) {
          const n = readSync(fd, buf, 0, buf.length, null);
          if (n <= 0) break;
          line += buf.toString('utf8', 0, n);
          if (line.includes('\n')) break;
        }
        return line.split(/\r?\n/)[0]!;
      } finally {
        closeSync(fd);
      }
    },
  };
}
