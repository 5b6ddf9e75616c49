import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');

describe('writeAll', () => {
  it('stops quietly when the reader goes away (| head): no EPIPE trace, the command keeps its status', () => {
    const home = mkdtempSync(join(tmpdir(), 'tk-epipe-'));
    try {
      // More than a pipe holds (64 kB), so the write meets the closed pipe.
      const profiles = Array.from({ length: 3000 }, (_, i) => `[profile p-${i}]\nregion = eu-west-1\n`).join('');
      writeFileSync(join(home, 'config'), profiles);
      const line = `"${process.execPath}" "${join(root, 'bin/tempkey.js')}" profiles list | head -n 2; echo "status \${PIPESTATUS[0]}" >&2`;
      const r = spawnSync('bash', ['-c', line], { env: { PATH: process.env.PATH, HOME: home, AWS_CONFIG_FILE: join(home, 'config'), TEMPKEY_NO_CODE_CACHE: '1' }, encoding: 'utf8', timeout: 30_000 });
      expect(r.stdout.split('\n').slice(0, 2)).toEqual([expect.stringMatching(/^PROFILE\s+KIND/), expect.stringMatching(/^p-0\s/)]);
      expect(r.stderr).toBe('status 0\n');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
