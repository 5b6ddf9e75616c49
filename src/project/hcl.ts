import { readFile } from 'node:fs/promises';
import { TempkeyError } from '../lib/errors.js';

/**
 * Terraform files and tfvars read with HashiCorp's own HCL parser (hcl2json:
 * the Go library compiled to WebAssembly), never with regexes. Values keep
 * terraform's `${...}` interpolation syntax; see interpolate().
 */
export type HclValue = string | number | boolean | null | HclValue[] | { [key: string]: HclValue };
export type HclBody = Record<string, HclValue>;

export async function parseHcl(file: string, text?: string): Promise<HclBody> {
  const content = text ?? (await readFile(file, 'utf8'));
  const { parse } = await import('@cdktf/hcl2json');
  try {
    return (await parse(file, content)) as HclBody;
  } catch (e) {
    const msg = String((e as Error).message ?? e);
    const line = /:(\d+),\d+/.exec(msg)?.[1];
    throw new TempkeyError('HCL_PARSE', `${file}${line ? `:${line}` : ''}: not valid HCL: ${msg.split('\n')[0]}`, {
      location: { file, line: line ? Number(line) : undefined },
      fix: `Fix the syntax of ${file}${line ? ` at line ${line}` : ''} (terraform fmt shows the error too).`,
    });
  }
}

export async function parseHclIfPresent(file: string): Promise<HclBody | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  return parseHcl(file, text);
}

/**
 * Resolves `${var.x}`, `${local.x}` and `${x}`-free strings with the given
 * variables; undefined when a reference cannot be resolved.
 */
export function interpolate(value: HclValue | undefined, vars: Record<string, HclValue | undefined>, locals: Record<string, HclValue | undefined>, depth = 0): string | undefined {
  if (typeof value !== 'string' || depth > 10) return typeof value === 'number' ? String(value) : undefined;
  let unresolved = false;
  const out = value.replace(/\$\{\s*([^}]+?)\s*\}/g, (_, expr: string) => {
    const m = /^(var|local)\.([A-Za-z0-9_-]+)$/.exec(expr);
    const v = m ? (m[1] === 'var' ? vars[m[2]!] : locals[m[2]!]) : undefined;
    const text = interpolate(v, vars, locals, depth + 1);
    if (text === undefined) unresolved = true;
    return text ?? '';
  });
  return unresolved ? undefined : out;
}

/** 1-based line of the first line at or after `from` matching `pattern`, to point people at file:line. */
export function lineOf(text: string, pattern: RegExp, from = 1): number | undefined {
  const lines = text.split('\n');
  for (let i = from - 1; i < lines.length; i++) if (pattern.test(lines[i]!)) return i + 1;
  return undefined;
}
