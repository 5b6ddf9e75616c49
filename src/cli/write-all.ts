import { writeSync } from 'node:fs';

/**
 * Writes all of `text` to stdout (1) or stderr (2) with write(2), as
 * process.stdout does on Linux for files, pipes and terminals, without
 * setting that stream up (~3 ms) for a command's few lines. A non-blocking
 * descriptor (EAGAIN) gets the rest through the stream, which waits for it.
 */
export function writeAll(fd: 1 | 2, text: string | Uint8Array): void {
  const buf = typeof text === 'string' ? Buffer.from(text) : text;
  let off = 0;
  try {
    while (off < buf.length) off += writeSync(fd, buf, off);
  } catch {
    (fd === 1 ? process.stdout : process.stderr).write(buf.subarray(off));
  }
}
