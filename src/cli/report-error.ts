import type { CliIo } from './io.js';
import { isTempkeyError } from '../lib/errors.js';
import { redactText } from '../lib/redact.js';

/** How every command's failure is printed (message, then fix) and its exit code; shared by the full CLI and the cached path. */
export function reportError(e: unknown, io: Pick<CliIo, 'stderr' | 'env'>): number {
  if (isTempkeyError(e)) {
    io.stderr(`tempkey: ${redactText(e.message)}\n`);
    if (e.fix) io.stderr(`  fix: ${redactText(e.fix)}\n`);
    return e.exitCode;
  }
  const err = e as Error;
  io.stderr(`tempkey: unexpected error: ${redactText(err?.message ?? String(e))}\n`);
  if (io.env.TEMPKEY_DEBUG && err?.stack) io.stderr(redactText(err.stack) + '\n');
  return 70;
}
