import { TempkeyError } from './errors.js';
import { currentPlatform, splitCommandLineFor } from './platform.js';

/**
 * Where an MFA code comes from, in order: `--mfa-token` (used once per run:
 * TOTP codes are single-use), the profile's `mfa_process` command (its stdout,
 * trimmed), else a prompt worded like the AWS CLI's.
 */
export interface MfaSource {
  /** Code from the command line; consumed by the first step that needs one. */
  mfaToken?: string;
  prompt: { ask(question: string, opts?: { secret?: boolean }): Promise<string> };
  env: NodeJS.ProcessEnv;
}

export interface MfaRequest {
  serial: string;
  profile?: string;
  /** The profile's mfa_process command line, when set. */
  mfaProcess?: string;
}

export async function getMfaCode(src: MfaSource, req: MfaRequest): Promise<string> {
  let code: string;
  let from: string;
  if (src.mfaToken) {
    code = src.mfaToken;
    src.mfaToken = undefined;
    from = 'the --mfa-token flag';
  } else if (req.mfaProcess) {
    code = await runMfaProcess(req.mfaProcess, src.env, req.profile);
    from = `mfa_process of profile '${req.profile ?? '?'}'`;
  } else {
    code = (await src.prompt.ask(`Enter MFA code for ${req.serial}: `, { secret: false })).trim();
    from = 'the prompt';
  }
  code = code.trim();
  if (!/^\d{6}$/.test(code)) {
    throw new TempkeyError('MFA_FORMAT', `The MFA code from ${from} for ${req.serial} is not 6 digits.`, {
      fix: 'Give the 6-digit code shown by the authenticator app, e.g. --mfa-token 123456.',
      location: { profile: req.profile, flag: from.includes('flag') ? '--mfa-token' : undefined },
      exitCode: 2,
    });
  }
  return code;
}

async function runMfaProcess(commandLine: string, env: NodeJS.ProcessEnv, profile?: string): Promise<string> {
  const [cmd, ...args] = splitCommandLineFor(commandLine, currentPlatform(env));
  if (!cmd) {
    throw new TempkeyError('MFA_PROCESS', `mfa_process of profile '${profile}' is empty.`, { location: { profile } });
  }
  const { spawn } = await import('node:child_process'); // here, not at the top: it loads node:net (~3.5 ms) for every command
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    const timer = setTimeout(() => child.kill('SIGTERM'), 60_000);
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new TempkeyError('MFA_PROCESS', `Could not run mfa_process '${cmd}' of profile '${profile}': ${e.message}`, { location: { profile }, fix: 'Fix the mfa_process line in the config file.' }));
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      if (status !== 0) {
        reject(new TempkeyError('MFA_PROCESS', `mfa_process '${cmd}' of profile '${profile}' exited with status ${status}.`, { location: { profile }, fix: 'Run the command by hand to see why it fails.' }));
      } else resolve(out.trim());
    });
  });
}
