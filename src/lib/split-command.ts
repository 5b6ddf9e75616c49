import { TempkeyError } from './errors.js';

/**
 * Splits a command line the way Python's shlex.split (POSIX mode) does, which
 * is how botocore runs credential_process: no shell, quotes and backslashes
 * honoured, no globbing or variable expansion.
 */
export function splitCommandLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else cur += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = undefined;
      // shlex: inside double quotes only \\ and \" are escapes (unlike sh, \$ keeps its backslash).
      else if (ch === '\\' && i + 1 < line.length && '\\"'.includes(line[i + 1]!)) cur += line[++i];
      else cur += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\') {
      if (i + 1 < line.length) cur += line[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += ch;
      inWord = true;
    }
  }
  if (quote) throw new TempkeyError('BAD_COMMAND_LINE', `Unclosed ${quote} quote in the command line: ${line}`, { fix: 'Close the quote in the config file.' });
  if (inWord) out.push(cur);
  return out;
}

/**
 * Splits a command line by the Windows C runtime's argv rules, which is how
 * botocore splits credential_process on Windows: only space and tab separate
 * words, double quotes are the only quotes, and backslashes are literal
 * except in a run that ends at a quote (each pair is one backslash; an odd
 * one out makes the quote literal).
 */
export function splitWindowsCommandLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  let quoted = false;
  let backslashes = 0;
  for (const ch of line) {
    if (ch === '\\') {
      backslashes++;
      continue;
    }
    if (ch === '"') {
      cur += '\\'.repeat(Math.floor(backslashes / 2));
      const escaped = backslashes % 2 === 1;
      backslashes = 0;
      inWord = true;
      if (escaped) cur += '"';
      else quoted = !quoted;
      continue;
    }
    cur += '\\'.repeat(backslashes);
    if (backslashes) inWord = true;
    backslashes = 0;
    if ((ch === ' ' || ch === '\t') && !quoted) {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += ch;
      inWord = true;
    }
  }
  cur += '\\'.repeat(backslashes);
  if (backslashes) inWord = true;
  if (quoted) throw new TempkeyError('BAD_COMMAND_LINE', `Unclosed " quote in the command line: ${line}`, { fix: 'Close the quote in the config file.' });
  if (inWord) out.push(cur);
  return out;
}
