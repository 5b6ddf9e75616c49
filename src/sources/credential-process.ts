import type { AwsCredentials } from '../lib/domain.js';
import { TempkeyError } from '../lib/errors.js';
import { registerSecret } from '../lib/redact.js';
import { currentPlatform, splitCommandLineFor } from '../lib/platform.js';
import { tempkeyCacheKey } from '../files/credential-cache.js';
import { tempkeyCache, type StepBase, type StepRunner } from './step.js';

export interface CredentialProcessStep extends StepBase {
  kind: 'credential-process';
  command: string;
}

/**
 * credential_process results are cached in tempkey's own store, keyed by
 * profile and command, kept until their Expiration (output without one is
 * never cached); the cache lock makes concurrent callers share one run.
 */
export function credentialProcessStep(env: NodeJS.ProcessEnv, profile: string | undefined, command: string): CredentialProcessStep {
  const key = tempkeyCacheKey({ kind: 'credential-process', profile, command });
  return { kind: 'credential-process', ...(profile ? { profile } : {}), command, summary: `credential_process: ${command}`, cache: tempkeyCache(env, key) };
}

const TIMEOUT_MS = 60_000;

/**
 * Runs a credential_process command like botocore: split shell-like (the
 * Windows argv rules on Windows), no shell, stdout must be Version 1 JSON. Caching (until Expiration) and the
 * one-process-at-a-time lock come from run-plan (the step's cache).
 */
export const run: StepRunner<CredentialProcessStep> = async (step, _input, ctx) => {
  const argv = splitCommandLineFor(step.command, currentPlatform(ctx.env));
  const profile = step.profile ?? '?';
  const loc = { profile: step.profile };
  if (argv.length === 0) throw new TempkeyError('CREDENTIAL_PROCESS', `credential_process of profile '${profile}' is empty.`, { location: loc });
  ctx.verbose(`credential_process for profile '${profile}': ${argv[0]}`);
  const { status, stdout, stderr } = await runCommand(argv, ctx.env, profile);
  if (status !== 0) {
    throw new TempkeyError('CREDENTIAL_PROCESS', `credential_process '${argv[0]}' of profile '${profile}' exited with status ${status}: ${stderr.trim().slice(0, 500)}`, {
      fix: `Run the command by hand to see why it fails, or fix the credential_process line of profile '${profile}'.`,
      location: loc,
    });
  }
  return parseProcessOutput(stdout, profile);
};

/** Validates credential_process output: Version 1 (integer), keys present, Expiration parseable. */
export function parseProcessOutput(stdout: string, profile: string): AwsCredentials {
  const bad = (why: string) =>
    new TempkeyError('CREDENTIAL_PROCESS', `credential_process of profile '${profile}' printed invalid output: ${why}.`, {
      fix: 'It must print {"Version": 1, "AccessKeyId": ..., "SecretAccessKey": ..., "SessionToken"?: ..., "Expiration"?: ISO-8601}.',
      location: { profile },
    });
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(stdout) as Record<string, unknown>;
  } catch {
    throw bad('not JSON');
  }
  if (!doc || typeof doc !== 'object') throw bad('not a JSON object');
  if (doc.Version !== 1) throw bad(`Version is ${JSON.stringify(doc.Version)}, expected the number 1`);
  if (typeof doc.AccessKeyId !== 'string' || !doc.AccessKeyId) throw bad('AccessKeyId missing');
  if (typeof doc.SecretAccessKey !== 'string' || !doc.SecretAccessKey) throw bad('SecretAccessKey missing');
  let expiration: Date | undefined;
  if (doc.Expiration !== undefined && doc.Expiration !== null) {
    expiration = new Date(String(doc.Expiration));
    if (Number.isNaN(expiration.getTime())) throw bad('Expiration is not an ISO-8601 time');
  }
  registerSecret(doc.SecretAccessKey);
  if (typeof doc.SessionToken === 'string') registerSecret(doc.SessionToken);
  return {
    accessKeyId: doc.AccessKeyId,
    secretAccessKey: doc.SecretAccessKey,
    sessionToken: typeof doc.SessionToken === 'string' && doc.SessionToken ? doc.SessionToken : undefined,
    expiration,
    accountId: typeof doc.AccountId === 'string' ? doc.AccountId : undefined,
  };
}

async function runCommand(argv: string[], env: NodeJS.ProcessEnv, profile: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const { spawn } = await import('node:child_process'); // here, not at the top: it loads node:net (~3.5 ms) for every command
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, TIMEOUT_MS);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new TempkeyError('CREDENTIAL_PROCESS', `Could not start credential_process '${argv[0]}' of profile '${profile}': ${e.message}`, { fix: 'Check the program path in the credential_process line.', location: { profile } }));
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      if (timedOut) reject(new TempkeyError('CREDENTIAL_PROCESS', `credential_process '${argv[0]}' of profile '${profile}' did not finish within ${TIMEOUT_MS / 1000}s.`, { location: { profile } }));
      else resolve({ status, stdout, stderr });
    });
  });
}
