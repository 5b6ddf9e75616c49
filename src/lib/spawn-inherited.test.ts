import { mkdirSync, mkdtempSync, rmSync, writeFileSync, chmodSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnInherited } from './spawn-inherited.js';

// The direct binding and child_process.spawn must be indistinguishable to exec.
const dir = mkdtempSync(join(tmpdir(), 'tempkey-spawn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { PATH: process.env.PATH, MARK: 'from-parent' };

describe.runIf(process.platform !== 'win32').each(['binding', 'child_process'] as const)('spawnInherited through %s', (how) => {
  it('passes the environment, the working directory and the exit code', async () => {
    const out = join(dir, `out-${how}`);
    const child = await spawnInherited('sh', ['-c', `printf '%s %s' "$MARK" "$(pwd)" > ${out}; exit 7`], { env, cwd: dir }, how);
    expect(await child.exited).toEqual({ code: 7, signal: null });
    expect(readFileSync(out, 'utf8')).toBe(`from-parent ${dir}`);
  });

  it('finds the program on the child environment PATH', async () => {
    const bin = join(dir, `bin-${how}`);
    mkdirSync(bin);
    writeFileSync(join(bin, 'only-here'), '#!/bin/sh\nexit 5\n');
    chmodSync(join(bin, 'only-here'), 0o755);
    const child = await spawnInherited('only-here', [], { env: { PATH: `${bin}:/usr/bin:/bin` } }, how);
    expect(await child.exited).toEqual({ code: 5, signal: null });
  });

  it('reports the signal that ended the program, and kill() delivers one', async () => {
    const child = await spawnInherited('sleep', ['30'], { env }, how);
    child.kill('SIGTERM');
    expect(await child.exited).toEqual({ code: null, signal: 'SIGTERM' });
    child.kill('SIGTERM'); // after the end: nothing, no throw
  });

  it('rejects with the spawn error code when the program cannot start', async () => {
    await expect((await spawnInherited('no-such-program-tempkey', [], { env }, how)).exited).rejects.toMatchObject({ code: 'ENOENT' });
    const notExecutable = join(dir, `plain-${how}.txt`);
    writeFileSync(notExecutable, 'text');
    await expect((await spawnInherited(notExecutable, [], { env }, how)).exited).rejects.toMatchObject({ code: 'EACCES' });
  });
});

describe.runIf(process.platform !== 'win32')('spawnInherited refuses what child_process refuses', () => {
  it('an argument with a NUL byte is child_process\'s error, not a shortened argument', async () => {
    await expect(spawnInherited('echo', ['a\0b'], { env })).rejects.toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
  });
});

