import { readFile } from 'node:fs/promises';

/**
 * Leverage's build.env: `KEY=VALUE` lines, `#` comments. Values may be quoted.
 * Returns each key with its 1-based line, so edits and messages can point at it.
 */
export interface EnvEntry {
  value: string;
  line: number;
}

export function parseBuildEnv(text: string): Map<string, EnvEntry> {
  const out = new Map<string, EnvEntry>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    if (eq <= 0) return;
    const key = line.slice(0, eq).trim().replace(/^export\s+/, '');
    let value = line.slice(eq + 1).trim();
    if (/^(["']).*\1$/.test(value)) value = value.slice(1, -1);
    else value = value.replace(/\s+#.*$/, '');
    out.set(key, { value, line: i + 1 });
  });
  return out;
}

export async function readBuildEnv(file: string): Promise<Map<string, EnvEntry> | undefined> {
  try {
    return parseBuildEnv(await readFile(file, 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}
