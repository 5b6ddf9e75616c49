import { writeSync } from 'node:fs';

/** Descriptors whose reader has gone (EPIPE): what is left to write is dropped. */
const gone = new Set<number>();

/**
 * Writes all of `text` to stdout (1) or stderr (2) with write(2), as
 * process.stdout does on Linux for files, pipes and terminals, without
 * setting that stream up (~3 ms) for a command's few lines. A non-blocking
 * descriptor (EAGAIN) gets the rest through the stream, which waits for it.
 *
 * A reader that stops early (`tempkey profiles list | head`) is not an error:
 * like any Unix filter, the output stops there, quietly, and the command ends
 * with its own status (node ignores SIGPIPE, so the write says EPIPE instead).
 */
export function writeAll(fd: 1 | 2, text: string | Uint8Array): void {
  if (gone.has(fd)) return;
  const buf = typeof text === 'string' ? Buffer.from(text) : text;
  let off = 0;
  try {
    while (off < buf.length) off += writeSync(fd, buf, off);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EPIPE') {
      gone.add(fd);
      return;
    }
    const stream = fd === 1 ? process.stdout : process.stderr;
    if (!stream.listenerCount('error')) {
      stream.on('error', (err: NodeJS.ErrnoException) => {
        if (err.code !== 'EPIPE') throw err;
        gone.add(fd);
      });
    }
    stream.write(buf.subarray(off));
  }
}
