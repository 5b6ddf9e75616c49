/**
 * Every error a user can meet is a TempkeyError: a stable code, a message that
 * says what happened (naming the file, line, profile or flag), and the command
 * or edit that fixes it. The CLI prints `message` then `fix`, and exits non-zero.
 */
export interface ErrorLocation {
  file?: string;
  line?: number;
  profile?: string;
  flag?: string;
}

import type { ErrorCode } from './error-codes.js';

export type { ErrorCode };

/**
 * Marks a TempkeyError across copies of this module: the cached path's two
 * bundles (dist/fast.cjs and dist/fast-tail.cjs) each have one, and an error
 * thrown in one is reported by the other.
 */
const BRAND = Symbol.for('tempkey.TempkeyError');

export class TempkeyError extends Error {
  readonly [BRAND] = true;
  readonly code: ErrorCode;
  readonly fix?: string;
  readonly location?: ErrorLocation;
  readonly exitCode: number;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { fix?: string; location?: ErrorLocation; exitCode?: number; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'TempkeyError';
    this.code = code;
    this.fix = opts.fix;
    this.location = opts.location;
    this.exitCode = opts.exitCode ?? 1;
  }

  toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message, fix: this.fix, location: this.location };
  }
}

/** "file:line" or just "file", for messages. */
export function where(loc: { file?: string; line?: number }): string {
  if (!loc.file) return '';
  return loc.line ? `${loc.file}:${loc.line}` : loc.file;
}

export function isTempkeyError(e: unknown): e is TempkeyError {
  return e instanceof TempkeyError || (e instanceof Error && (e as unknown as Record<symbol, unknown>)[BRAND] === true);
}
