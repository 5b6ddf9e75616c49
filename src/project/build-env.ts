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
    // A quoted value ends at its closing quote: `"true" # comment` is true, as Leverage's env reader has it.
    const quoted = /^(["'])(.*?)\1(\s+#.*|\s*)$/.exec(value);
    if (quoted) value = quoted[2]!;
    else value = value.replace(/\s+#.*$/, '');
    out.set(key, { value, line: i + 1 });
  });
  return out;
}

/**
 * Every build.env from the project root down to `dir`, merged the way
 * Leverage does (deeper files win); returns the files read, root first.
 */
export async function readMergedBuildEnv(root: string, dir: string): Promise<{ values: Map<string, EnvEntry & { file: string }>; files: string[] }> {
  const { join, relative, sep } = await import('node:path');
  const rel = relative(root, dir);
  const parts = rel && !rel.startsWith('..') ? rel.split(sep) : [];
  const values = new Map<string, EnvEntry & { file: string }>();
  const files: string[] = [];
  for (let i = 0; i <= parts.length; i++) {
    const file = join(root, ...parts.slice(0, i), 'build.env');
    const entries = await readBuildEnv(file);
    if (!entries) continue;
    files.push(file);
    for (const [k, v] of entries) values.set(k, { ...v, file });
  }
  return { values, files };
}

export async function readBuildEnv(file: string): Promise<Map<string, EnvEntry> | undefined> {
  try {
    return parseBuildEnv(await readFile(file, 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}
