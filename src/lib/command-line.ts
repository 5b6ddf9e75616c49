import { TempkeyError } from './errors.js';

/**
 * A command line for a `credential_process =` value, read the same by every
 * consumer: botocore splits it like POSIX shlex, the JS and Go SDKs hand it to
 * `sh -c`. A word with special characters has each of them backslash-escaped
 * rather than quoted, because the Go SDK's INI reader takes a value that starts
 * with a quote as a quoted string and cuts it at the closing quote.
 * (POSIX rules; the cmd.exe form is windowsCommandLine below, and
 * lib/platform's quoteCommandLine picks the one for the platform.)
 */
export function commandLine(words: readonly string[]): string {
  return words.map(escapeWord).join(' ');
}

/** Letters and digits of any script stay bare (/home/Zoë reads as written); shlex and sh only treat ASCII specially. */
function escapeWord(word: string): string {
  if (word === '') return "''";
  return /^[\p{L}\p{N}_./:@%+=,-]+$/u.test(word) ? word : word.replace(/[^\p{L}\p{N}_./:@%+=,-]/gu, '\\$&');
}

/**
 * The Windows form: botocore splits the line with the Windows argv rules
 * (compat_shell_split, like CommandLineToArgvW); the JS and Go SDKs run it
 * through cmd.exe. Words with anything but plain characters go in double
 * quotes (inside them cmd.exe takes & | < > ^ ( ) literally); backslashes
 * are literal except before a quote, so a trailing run is doubled. cmd.exe
 * expands %VAR% even inside quotes, and no Windows argument can carry a "
 * through cmd.exe: such words are refused rather than written wrong. The
 * first word should be bare (a leading quote meets the Go SDK's INI rule
 * above): callers start the line with `node` when they can.
 */
export function windowsCommandLine(words: readonly string[]): string {
  return words.map(quoteWindowsWord).join(' ');
}

function quoteWindowsWord(word: string): string {
  if (/[%"\r\n\0]/.test(word)) {
    throw new TempkeyError('UNQUOTABLE_COMMAND_LINE', `Cannot write '${word}' into a command line that cmd.exe reads: it contains % or " or a line break.`, {
      fix: 'Use a path (or profile name) without %, " or line breaks.',
    });
  }
  if (/^[A-Za-z0-9_./:@+,\\-]+$/.test(word)) return word;
  return `"${word.replace(/(\\+)$/, '$1$1')}"`;
}
