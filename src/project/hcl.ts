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

/** `each` inside a for_each block: the key and value of one element of the map it walks. */
export interface EachBinding {
  key: string;
  value: HclValue;
}

/**
 * Resolves `${var.x}`, `${local.x}` and, inside a for_each block, `each.key`,
 * `each.value.x`, `each.value["x"]` and `lookup(each.value, "x"[, default])`;
 * undefined when a reference cannot be resolved.
 */
export function interpolate(value: HclValue | undefined, vars: Record<string, HclValue | undefined>, locals: Record<string, HclValue | undefined>, depth = 0, each?: EachBinding): string | undefined {
  if (typeof value !== 'string' || depth > 10) return typeof value === 'number' ? String(value) : undefined;
  let unresolved = false;
  const out = value.replace(/\$\{\s*([^}]+?)\s*\}/g, (_, expr: string) => {
    const v = reference(expr, vars, locals, each);
    const text = interpolate(v, vars, locals, depth + 1, each);
    if (text === undefined) unresolved = true;
    return text ?? '';
  });
  return unresolved ? undefined : out;
}

/** The value one reference names (a map, a list or a string still to interpolate). */
export function reference(expr: string, vars: Record<string, HclValue | undefined>, locals: Record<string, HclValue | undefined>, each?: EachBinding): HclValue | undefined {
  const e = expr.trim();
  const m = /^(var|local)\.([A-Za-z0-9_-]+)$/.exec(e);
  if (m) return m[1] === 'var' ? vars[m[2]!] : locals[m[2]!];
  if (!each) return undefined;
  if (e === 'each.key') return each.key;
  if (e === 'each.value') return each.value;
  const field = /^each\.value(?:\.([A-Za-z0-9_-]+)|\[\s*"([^"]+)"\s*\])$/.exec(e) ?? /^lookup\(\s*each\.value\s*,\s*"([^"]+)"\s*(?:,\s*(.+?)\s*)?\)$/.exec(e);
  if (!field) return undefined;
  const obj = each.value && typeof each.value === 'object' && !Array.isArray(each.value) ? (each.value as Record<string, HclValue>) : undefined;
  const name = field[1] ?? field[2];
  if (e.startsWith('lookup(')) {
    const got = obj?.[field[1]!];
    if (got !== undefined) return got;
    const def = field[2];
    return def === undefined ? undefined : /^"(.*)"$/.exec(def)?.[1] ?? `\${${def}}`;
  }
  return obj?.[name!];
}

/** 1-based line of the first line at or after `from` matching `pattern`, to point people at file:line. */
export function lineOf(text: string, pattern: RegExp, from = 1): number | undefined {
  const lines = text.split('\n');
  for (let i = from - 1; i < lines.length; i++) if (pattern.test(lines[i]!)) return i + 1;
  return undefined;
}
