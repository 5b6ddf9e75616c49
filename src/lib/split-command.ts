import { TempkeyError } from './errors.js';

/**
 * Splits a command line the way Python's shlex.split (POSIX mode) does, which
 * is how botocore runs credential_process: no shell, quotes and backslashes
 * honoured, no globbing or variable expansion.
 */
export function splitCommandLine(line: string): string[] {
  const words = new Words();
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else words.add(ch);
    } else if (quote === '"') {
      if (ch === '"') quote = undefined;
      // shlex: inside double quotes only \\ and \" are escapes (unlike sh, \$ keeps its backslash).
      else if (ch === '\\' && i + 1 < line.length && '\\"'.includes(line[i + 1]!)) words.add(line[++i]!);
      else words.add(ch);
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      words.start();
    } else if (ch === '\\') {
      if (i + 1 < line.length) words.add(line[++i]!);
      else words.start();
    } else if (/\s/.test(ch)) words.end();
    else words.add(ch);
  }
  if (quote) throw new TempkeyError('BAD_COMMAND_LINE', `Unclosed ${quote} quote in the command line: ${line}`, { fix: 'Close the quote in the config file.' });
  return words.done();
}

/**
 * Splits a command line by the Windows C runtime's argv rules, which is how
 * botocore splits credential_process on Windows: only space and tab separate
 * words, double quotes are the only quotes, and backslashes are literal
 * except in a run that ends at a quote (each pair is one backslash; an odd
 * one out makes the quote literal).
 */
export function splitWindowsCommandLine(line: string): string[] {
  const words = new Words();
  let quoted = false;
  let backslashes = 0;
  for (const ch of line) {
    if (ch === '\\') {
      backslashes++;
      continue;
    }
    if (ch === '"') {
      words.add('\\'.repeat(Math.floor(backslashes / 2)));
      const escaped = backslashes % 2 === 1;
      backslashes = 0;
      if (escaped) words.add('"');
      else quoted = !quoted;
      continue;
    }
    if (backslashes) words.add('\\'.repeat(backslashes));
    backslashes = 0;
    if ((ch === ' ' || ch === '\t') && !quoted) words.end();
    else words.add(ch);
  }
  if (backslashes) words.add('\\'.repeat(backslashes));
  if (quoted) throw new TempkeyError('BAD_COMMAND_LINE', `Unclosed " quote in the command line: ${line}`, { fix: 'Close the quote in the config file.' });
  return words.done();
}

/**
 * The words of a command line as both splitters build them: a word exists once
 * anything starts it, even an empty pair of quotes, and ends at unquoted white space.
 */
class Words {
  private readonly out: string[] = [];
  private cur = '';
  private started = false;
  /** Adds text to the current word (starting it). */
  add(text: string): void {
    this.cur += text;
    this.started = true;
  }
  /** Starts a word with nothing in it yet (an opening quote). */
  start(): void {
    this.started = true;
  }
  /** Ends the current word, if one was started. */
  end(): void {
    if (this.started) this.out.push(this.cur);
    this.cur = '';
    this.started = false;
  }
  done(): string[] {
    this.end();
    return this.out;
  }
}
