import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { ReadStream } from 'node:tty';
import type { ConsoleDeps } from './prompt.js';

/** The real OS. Raw mode goes through a tty.ReadStream, node's only way to set a console's mode; the stream owns its handle and closes it. */
export const nodeConsole: ConsoleDeps = {
  open: (path, flags) => openSync(path, flags),
  read: (fd, buf) => readSync(fd, buf, 0, buf.length, null),
  write: (fd, text) => void writeSync(fd, text),
  close: (fd) => closeSync(fd),
  stty: (fd, args) => void spawnSync('stty', args, { stdio: [fd, 'ignore', 'ignore'] }),
  rawModeSwitch: (device) => {
    const stream = new ReadStream(openSync(device, 'r'));
    stream.pause();
    return { set: (on) => void stream.setRawMode(on), close: () => void stream.destroy() };
  },
};
