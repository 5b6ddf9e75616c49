import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ORPHAN_AGE_MS, writeFileAtomic } from './atomic-write.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tempkey-atomic-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** A pid that is certainly not running: a child that has exited. */
async function deadPid(): Promise<number> {
  const c = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => c.on('close', r));
  return c.pid!;
}

describe('temp files left by a writer that was killed', () => {
  it('are removed by the next write of the same file; live writers, fresh ones and other files are left alone', async () => {
    const target = join(dir, 'credentials');
    const dead = await deadPid();
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      const orphan = join(dir, `.credentials.${dead}.0123456789ab.tmp`);
      const liveFresh = join(dir, `.credentials.${sleeper.pid}.aaaaaaaaaaaa.tmp`);
      const liveOld = join(dir, `.credentials.${sleeper.pid}.bbbbbbbbbbbb.tmp`);
      const otherFile = join(dir, `.config.${dead}.cccccccccccc.tmp`);
      const notOurs = join(dir, `.credentials.bak`);
      for (const f of [orphan, liveFresh, liveOld, otherFile, notOurs]) await writeFile(f, 'aws_secret_access_key = x\n', { mode: 0o600 });
      const old = new Date(Date.now() - ORPHAN_AGE_MS - 60_000);
      await utimes(liveOld, old, old);

      await writeFileAtomic(target, '[default]\n');

      const left = (await readdir(dir)).sort();
      expect(left).toEqual(['.config.' + dead + '.cccccccccccc.tmp', '.credentials.bak', `.credentials.${sleeper.pid}.aaaaaaaaaaaa.tmp`, 'credentials'].sort());
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  it('the temp file is 0600 under umask 000, and the final mode is applied only to the finished file', async () => {
    const target = join(dir, 'shared.txt');
    const old = process.umask(0);
    try {
      let tempMode = -1;
      await writeFileAtomic(target, 'x', 0o600, {
        beforeRename: () => {
          const tmp = readdirSync(dir).find((f) => f.endsWith('.tmp'))!;
          tempMode = statSync(join(dir, tmp)).mode & 0o777;
        },
      });
      expect(tempMode).toBe(0o600);
      await writeFileAtomic(target, 'y', 0o644);
      expect((await stat(target)).mode & 0o777).toBe(0o644);
    } finally {
      process.umask(old);
    }
  });

  it('a beforeRename that throws leaves the old content and no temp file', async () => {
    const target = join(dir, 'config');
    await writeFile(target, 'old\n');
    await expect(
      writeFileAtomic(target, 'new\n', 0o600, {
        beforeRename: () => {
          throw new Error('lock lost');
        },
      }),
    ).rejects.toThrow('lock lost');
    expect(await readdir(dir)).toEqual(['config']);
  });
});
