import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/**
 * Fresh temp homes for one test file, all removed after the file's tests.
 * Call at the top level of a test file: it registers the afterAll there.
 */
export function tempHomes(): (prefix: string) => string {
  const homes: string[] = [];
  afterAll(() => {
    for (const d of homes) rmSync(d, { recursive: true, force: true });
  });
  return (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    homes.push(dir);
    return dir;
  };
}

/**
 * Writes ~/.aws/config (and ~/.aws/credentials, 0600, when given) under `home`,
 * the way a person's machine has them.
 */
export function writeAwsFiles(home: string, files: { config?: string; credentials?: string }): string {
  const aws = join(home, '.aws');
  mkdirSync(aws, { recursive: true });
  if (files.config !== undefined) writeFileSync(join(aws, 'config'), files.config);
  if (files.credentials !== undefined) writeFileSync(join(aws, 'credentials'), files.credentials, { mode: 0o600 });
  return aws;
}
