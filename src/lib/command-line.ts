/**
 * A command line for a `credential_process =` value, read the same by every
 * consumer: botocore splits it like POSIX shlex, the JS and Go SDKs hand it to
 * `sh -c`. A word with special characters has each of them backslash-escaped
 * rather than quoted, because the Go SDK's INI reader takes a value that starts
 * with a quote as a quoted string and cuts it at the closing quote.
 * (POSIX rules; a cmd.exe form belongs here too, beside this one.)
 */
export function commandLine(words: readonly string[]): string {
  return words.map(escapeWord).join(' ');
}

function escapeWord(word: string): string {
  if (word === '') return "''";
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(word) ? word : word.replace(/[^A-Za-z0-9_./:@%+=,-]/g, '\\$&');
}
