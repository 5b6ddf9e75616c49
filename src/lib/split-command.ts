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
      else if (ch === '\\' && i + 1 < line.length && '\\"$`\n'.includes(line[i + 1]!)) cur += line[++i];
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
