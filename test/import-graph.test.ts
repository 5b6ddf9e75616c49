import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Layers import down only (ARCHITECTURE.md). This is the one statement of the
 * order, bottom first; a module may import its own layer or any below it.
 * Tests are left out: they wire layers together on purpose.
 */
const LAYERS = ['lib', 'aws', 'files', 'vault', 'project', 'sources', 'resolve', 'core', 'cli'] as const;

const SRC = join(import.meta.dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** Every relative module specifier of a file: static imports, re-exports, dynamic import() and type-position import(). */
function importsOf(text: string): string[] {
  const out: string[] = [];
  const re = /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g;
  for (const m of text.matchAll(re)) out.push(m[1]!);
  return out;
}

const layerOf = (file: string): string => relative(SRC, file).split(/[\\/]/)[0]!;

describe('import graph', () => {
  const files = sourceFiles(SRC);

  it('knows every top-level folder of src/ as a layer', () => {
    const folders = new Set(files.map(layerOf).filter((l) => !l.endsWith('.ts')));
    expect([...folders].filter((f) => !(LAYERS as readonly string[]).includes(f))).toEqual([]);
  });

  it('has no import pointing up a layer', () => {
    const upward: string[] = [];
    for (const file of files) {
      const from = layerOf(file);
      if (from.endsWith('.ts')) continue; // src/index.ts, the library entry, may export any layer
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        const target = normalize(join(dirname(file), spec));
        const to = layerOf(target);
        if (LAYERS.indexOf(to as never) > LAYERS.indexOf(from as never)) upward.push(`${relative(SRC, file)} → ${relative(SRC, target)} (${from} imports ${to})`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('finds the imports it checks (a file known to import down is seen doing so)', () => {
    const text = readFileSync(join(SRC, 'sources', 'assume-role.ts'), 'utf8');
    expect(importsOf(text).some((s) => s.startsWith('../lib/'))).toBe(true);
    expect(importsOf(`const m = await import('../core/x.js'); import type { A } from '../cli/y.js';`)).toEqual(['../core/x.js', '../cli/y.js']);
  });
});
