import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWorker } from '../../test/helpers/bundle.js';

/**
 * A writer that holds the lock and is suspended (SIGSTOP: a closed laptop lid)
 * longer than the lock's stale time loses the lock to another writer. When it
 * resumes, it must not write what it read before the other writer's edit.
 */
let dir: string;
let worker: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tempkey-stall-'));
  worker = await bundleWorker(
    `import { editIniFile } from './src/files/ini-file.ts';
     const [file, key, value, pauseMs, umask] = process.argv.slice(2);
     if (umask) process.umask(Number(umask));
     await editIniFile(file, async (doc) => {
       process.stdout.write('READ\\n');
       await new Promise((r) => setTimeout(r, Number(pauseMs)));
       doc.set('default', key, value);
     }, { staleMs: 2000 });
     process.stdout.write('DONE\\n');`,
    join(dir, 'writer.mjs'),
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function start(file: string, key: string, value: string, pauseMs: number, umask = ''): { child: ChildProcess; read: Promise<void>; exit: Promise<{ code: number | null; stderr: string }> } {
  const child = spawn(process.execPath, [worker, file, key, value, String(pauseMs), umask], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const read = new Promise<void>((res) => child.stdout!.on('data', (d: Buffer) => d.toString().includes('READ') && res()));
  const exit = new Promise<{ code: number | null; stderr: string }>((res) => child.on('close', (code) => res({ code, stderr })));
  return { child, read, exit };
}

describe('a lock holder stalled past the stale time', () => {
  it('does not drop the edit another writer made meanwhile (SIGSTOP, takeover, SIGCONT)', async () => {
    const file = join(dir, 'config');
    await writeFile(file, '# mine\n[default]\nregion = us-east-1\n');
    const a = start(file, 'a', '1', 400);
    await a.read; // A holds the lock and has read the file
    a.child.kill('SIGSTOP');
    await new Promise((r) => setTimeout(r, 2600)); // past the 2 s stale time: A looks dead
    const b = start(file, 'b', '2', 0);
    expect((await b.exit).code).toBe(0);
    expect(await readFile(file, 'utf8')).toContain('b = 2');
    a.child.kill('SIGCONT');
    const ra = await a.exit;
    const text = await readFile(file, 'utf8');
    // A either re-applied its edit on top of B's (exit 0) or failed loudly; B's edit is there either way.
    expect(text).toContain('b = 2');
    expect(text.startsWith('# mine\n[default]\nregion = us-east-1\n')).toBe(true);
    if (ra.code === 0) expect(text).toContain('a = 1');
    else expect(ra.stderr).toMatch(/LOCK_LOST|took over the lock/);
    expect(ra.code).toBe(0); // with a single takeover, the edit is redone, not lost
  }, 20_000);

  it('makes its lock directory 0700 even under umask 000', async () => {
    const file = join(dir, 'config-umask');
    await writeFile(file, '[default]\n');
    const a = start(file, 'k', 'v', 600, '0');
    await a.read;
    const mode = (await stat(`${file}.lock`)).mode & 0o777;
    await a.exit;
    expect(mode).toBe(0o700);
  });
});
