import { readFile } from 'node:fs/promises';
import { TempkeyError } from '../lib/errors.js';
import type { IniDocumentView, IniSectionView } from './profile-model.js';

/**
 * A read-only INI reader with Python configparser's rules as botocore uses
 * them: `[section]` headers, `key = value` or `key: value` (key lower-cased,
 * both sides stripped), whole-line `#` / `;` comments, indented lines
 * continuing the previous value (a value that starts on the next line is a
 * nested sub-section, like `s3 =` + indented `key = value`), BOM and CRLF.
 * Repeated headers merge into the first, their lines listed as duplicates.
 *
 * Stand-in until the lossless document parser (src/files/ini) is in place;
 * then loadPlan reads through it and this file goes.
 */
export function parseIniText(text: string, file: string): IniDocumentView {
  const sections: IniSectionView[] = [];
  const byName = new Map<string, IniSectionView>();
  let current: IniSectionView | undefined;
  let lastKey: string | undefined;
  let continuation: string[] | undefined;
  const flush = () => {
    if (current && lastKey && continuation) {
      const v = current.values[lastKey]!;
      const first = v.value as string;
      if (first === '') {
        const nested: Record<string, string> = {};
        for (const l of continuation) {
          const m = /^([^=]+?)\s*=\s*(.*)$/.exec(l);
          if (m) nested[m[1]!.trim()] = m[2]!.trim();
        }
        v.value = nested;
      } else v.value = [first, ...continuation].join('\n');
    }
    continuation = undefined;
  };
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const line = i + 1;
    if (/^\s*$/.test(raw) || /^\s*[#;]/.test(raw)) continue;
    if (/^\s/.test(raw) && lastKey) {
      (continuation ??= []).push(raw.trim());
      continue;
    }
    flush();
    const header = /^\[([^\]]+)\]/.exec(raw);
    if (header) {
      const name = header[1]!;
      const existing = byName.get(name);
      if (existing) {
        (existing.duplicateLines ??= []).push(line);
        current = existing;
      } else {
        current = { name, line, values: Object.create(null), duplicateLines: [] };
        sections.push(current);
        byName.set(name, current);
      }
      lastKey = undefined;
      continue;
    }
    const kv = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(raw);
    if (!current || !kv) {
      throw new TempkeyError('INI_PARSE', `${file}:${line}: ${current ? 'expected "key = value"' : 'a key before any [section]'}.`, {
        location: { file, line },
        fix: `Edit ${file} line ${line}.`,
      });
    }
    lastKey = kv[1]!.trim().toLowerCase();
    current.values[lastKey] = { value: kv[2]!.trim(), line };
  }
  flush();
  return { sections: () => sections };
}

/** The parsed file, or undefined when it does not exist. */
export async function readIniFile(path: string): Promise<IniDocumentView | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'EISDIR') return undefined;
    throw e;
  }
  return parseIniText(text, path);
}
