import { pySplitlines, pyStrip } from './python-text.js';

/**
 * botocore's _parse_nested: a value that starts with a newline (`s3 =`
 * followed by indented lines) is a sub-section of `key = value` lines. Keys
 * keep their case here, unlike top-level keys. A line without `=` makes
 * botocore refuse the file; we return undefined and let the caller say so.
 */
export function parseNested(value: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const raw of pySplitlines(value)) {
    const line = pyStrip(raw);
    if (!line) continue;
    const eq = line.indexOf('=');
    if (eq < 0) return undefined;
    out[pyStrip(line.slice(0, eq))] = pyStrip(line.slice(eq + 1));
  }
  return out;
}

export function isNestedValue(value: string): boolean {
  return value.startsWith('\n');
}
