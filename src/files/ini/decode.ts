import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { TempkeyError } from '../../lib/errors.js';

/**
 * How both INI readers (the lossless document and the fast hot-path reader)
 * get text from disk, so they accept exactly the same files, as botocore does:
 * only regular files (anything else counts as absent, like os.path.isfile),
 * at most MAX_INI_BYTES, strict UTF-8 (Python's decoding; a bad byte is an
 * error naming its line, never a U+FFFD that changes a value).
 */
export const MAX_INI_BYTES = 16 * 1024 * 1024;

/** The file's bytes, or undefined when it is absent or not a regular file (a directory, /dev/zero, a FIFO). */
export function readIniBytesSync(path: string, maxBytes = MAX_INI_BYTES): Buffer | undefined {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR' || code === 'ENXIO') return undefined;
    throw new TempkeyError('FILE_READ', `Cannot read ${path}: ${(e as Error).message}`, { location: { file: path }, fix: `Check the permissions of ${path}.` });
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return undefined;
    if (st.size > maxBytes) {
      throw new TempkeyError('FILE_TOO_LARGE', `${path} is ${st.size} bytes; tempkey reads config and credentials files up to ${maxBytes} bytes.`, {
        location: { file: path },
        fix: `Check that ${path} is the file you mean (AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE), or trim it.`,
      });
    }
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Strict UTF-8, like Python reading the file; a bad byte is reported with its line. */
export function decodeIniBytes(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    let line = 1;
    let start = 0;
    for (let i = 0; i <= bytes.length; i++) {
      if (i === bytes.length || bytes[i] === 0x0a) {
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start, i));
        } catch {
          break;
        }
        line++;
        start = i + 1;
      }
    }
    throw new TempkeyError('INI_PARSE', `${file}:${line}: the file is not valid UTF-8 text (binary data?).`, {
      location: { file, line },
      fix: `Open ${file} and remove or re-save line ${line} as UTF-8 text.`,
    });
  }
}

