import type { CliIo } from './io.js';
import { isTempkeyError } from '../lib/errors.js';
import { redact, redactText } from '../lib/redact.js';

/**
 * How every command's failure is printed (message, then fix) and its exit
 * code; shared by the full CLI and the cached path. Under --json the error is
 * one JSON line on stderr with the same code, message and fix.
 */
export function reportError(e: unknown, io: Pick<CliIo, 'stderr' | 'env'>, json = false): number {
  if (isTempkeyError(e)) {
    if (json) {
      io.stderr(`${JSON.stringify({ error: redact({ code: e.code, message: redactText(e.message), fix: e.fix === undefined ? undefined : redactText(e.fix), location: e.location }) })}\n`);
      return e.exitCode;
    }
    io.stderr(`tempkey: ${redactText(e.message)}\n`);
    if (e.fix) io.stderr(`  fix: ${redactText(e.fix)}\n`);
    return e.exitCode;
  }
  const err = e as Error;
  const message = redactText(err?.message ?? String(e));
  if (json) io.stderr(`${JSON.stringify({ error: { code: 'UNEXPECTED', message } })}\n`);
  else io.stderr(`tempkey: unexpected error: ${message}\n`);
  if (io.env.TEMPKEY_DEBUG && err?.stack) io.stderr(redactText(err.stack) + '\n');
  return 70;
}

/** --json among our own flags (not a program's, after `--`): errors are JSON too. */
export function wantsJson(args: string[]): boolean {
  const dash = args.indexOf('--');
  return (dash >= 0 ? args.slice(0, dash) : args).includes('--json');
}
