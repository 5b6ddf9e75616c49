// The project's emulator (dist/emulator.js, fronting moto) as its own process, for the benchmarks:
// resolves with the process and the world it prints on its first line (url, start URL, region...).
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export function startEmulator(root, args) {
  const emulator = spawn(process.execPath, [join(root, 'dist/emulator.js'), ...args, '--auto-approve'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((ok, fail) => {
    let buf = '';
    emulator.stdout.on('data', (d) => {
      buf += d;
      if (buf.includes('\n')) ok({ emulator, world: JSON.parse(buf.split('\n')[0]) });
    });
    emulator.once('exit', (c) => fail(new Error(`emulator exited (${c})`)));
  });
}
