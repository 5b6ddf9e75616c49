import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { editIniFile, readIniFile } from './ini-file.js';

const run = promisify(execFile);
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tempkey-ini-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('editing INI files on disk', () => {
  it('writes atomically with mode 0600 and leaves the file alone when nothing changed', async () => {
    const file = join(dir, 'config');
    await writeFile(file, '[default]\nregion = us-east-1\n');
    await chmod(file, 0o644);
    const same = await editIniFile(file, (doc) => doc.set('default', 'region', 'us-east-1'));
    expect(same.changed).toBe(false);
    expect((await stat(file)).mode & 0o777).toBe(0o644);
    await editIniFile(file, (doc) => doc.set('default', 'output', 'json'));
    expect(await readFile(file, 'utf8')).toBe('[default]\nregion = us-east-1\noutput = json\n');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('edits the target of a symlinked config instead of replacing the link', async () => {
    const real = join(dir, 'dotfiles-config');
    const link = join(dir, 'config');
    await writeFile(real, '[default]\n');
    await symlink(real, link);
    await editIniFile(link, (doc) => doc.set('default', 'region', 'x'));
    expect(await readFile(real, 'utf8')).toBe('[default]\nregion = x\n');
  });

  it('writes nothing when the file on disk is malformed, and says where', async () => {
    const file = join(dir, 'config');
    await writeFile(file, '[default]\nnot a setting\n');
    await expect(editIniFile(file, (doc) => doc.set('default', 'a', 'b'))).rejects.toThrow(/config:2: /);
    expect(await readFile(file, 'utf8')).toBe('[default]\nnot a setting\n');
  });

  it('names the line of invalid UTF-8 bytes', async () => {
    const file = join(dir, 'credentials');
    await writeFile(file, Buffer.from('[a]\nx = 1\ny = \xff\xfe\n', 'latin1'));
    await expect(readIniFile(file)).rejects.toThrow(/credentials:3: the file is not valid UTF-8/);
  });

  it('loses no edit when 8 processes edit the same file at once', async () => {
    const file = join(dir, 'config');
    await writeFile(file, '# keep this comment\n[default]\nregion = us-east-1\n');
    // Each writer is a separate node process running the real module (bundled by esbuild).
    const worker = join(dir, 'writer.mjs');
    await build({
      stdin: {
        contents: `import { editIniFile } from ${JSON.stringify(new URL('./ini-file.ts', import.meta.url).pathname)};
          const [file, n] = process.argv.slice(2);
          for (let i = 0; i < 5; i++) await editIniFile(file, (doc) => doc.set('profile p' + n, 'k' + i, 'v' + i));`,
        resolveDir: process.cwd(),
        loader: 'ts',
      },
      outfile: worker,
      bundle: true,
      platform: 'node',
      format: 'esm',
      banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
      logLevel: 'silent',
    });
    await Promise.all(Array.from({ length: 8 }, (_, n) => run(process.execPath, [worker, file, String(n)])));
    const doc = (await readIniFile(file))!;
    expect(doc.toString().startsWith('# keep this comment\n[default]\nregion = us-east-1\n')).toBe(true);
    for (let n = 0; n < 8; n++) {
      for (let i = 0; i < 5; i++) expect(doc.section(`profile p${n}`)?.values[`k${i}`]?.value).toBe(`v${i}`);
    }
  });
});
