import { TempkeyError } from '../lib/errors.js';
import { parseHcl, type HclBody } from './hcl.js';

/**
 * Minimal, lossless edits of tfvars and build.env: a whole line is replaced
 * or inserted, every other byte stays. No maintained library edits HCL
 * without reformatting it, so this is hand-rolled; each tfvars edit is
 * checked by parsing the result with the real HCL parser before it is kept.
 */
const eolOf = (text: string) => (text.includes('\r\n') ? '\r\n' : '\n');
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `key = value` at the top level: replace the line, or append it. */
export function setTopLevel(text: string, key: string, literal: string): string {
  const lines = text.split(/\r?\n/);
  const eol = eolOf(text);
  let depth = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const m = new RegExp(`^(\\s*"?${escapeRe(key)}"?\\s*=\\s*)(.*?)(\\s*(#.*|//.*)?)$`).exec(line);
    if (depth === 0 && m && !/[{[(]\s*$/.test(m[2]!)) {
      lines[i] = `${m[1]}${literal}${m[3] ?? ''}`;
      return lines.join(eol);
    }
    depth += (line.replace(/"(?:[^"\\]|\\.)*"/g, '').match(/[{[(]/g) ?? []).length - (line.replace(/"(?:[^"\\]|\\.)*"/g, '').match(/[}\])]/g) ?? []).length;
  }
  const body = text.endsWith('\n') || text === '' ? text : `${text}${eol}`;
  return `${body}${key} = ${literal}${eol}`;
}

/** Sets `id = "<id>"` inside `accounts = { <name> = { ... } }`. */
export function setAccountId(text: string, account: string, id: string): string {
  const lines = text.split(/\r?\n/);
  const eol = eolOf(text);
  const start = lines.findIndex((l) => /^\s*accounts\s*=\s*\{\s*$/.test(l));
  if (start < 0) return text;
  const header = lines.findIndex((l, i) => i > start && new RegExp(`^\\s*"?${escapeRe(account)}"?\\s*=\\s*\\{\\s*$`).test(l));
  if (header < 0) return text;
  let depth = 0;
  for (let i = header; i < lines.length; i++) {
    const l = lines[i]!;
    if (i > header && depth === 1) {
      const m = /^(\s*id\s*=\s*)(.*)$/.exec(l);
      if (m) {
        lines[i] = `${m[1]}"${id}"`;
        return lines.join(eol);
      }
    }
    depth += (l.match(/\{/g) ?? []).length - (l.match(/\}/g) ?? []).length;
    if (depth === 0) {
      const sibling = lines.slice(header + 1, i).find((x) => x.trim());
      const indent = /^(\s*)/.exec(sibling ?? '')?.[1] ?? `${/^(\s*)/.exec(lines[header]!)![1]}  `;
      lines.splice(i, 0, `${indent}id = "${id}"`);
      return lines.join(eol);
    }
  }
  return text;
}

/** `KEY=value` in build.env: replace the line, or append it. */
export function setEnvLine(text: string, key: string, value: string): string {
  const eol = eolOf(text);
  const lines = text.split(/\r?\n/);
  const i = lines.findIndex((l) => new RegExp(`^\\s*(export\\s+)?${escapeRe(key)}\\s*=`).test(l));
  if (i >= 0) {
    lines[i] = lines[i]!.replace(new RegExp(`^(\\s*(?:export\\s+)?${escapeRe(key)}\\s*=).*$`), `$1${value}`);
    return lines.join(eol);
  }
  const body = text.endsWith('\n') || text === '' ? text : `${text}${eol}`;
  return `${body}${key}=${value}${eol}`;
}

/** Parses an edited tfvars text and checks the edit did what it meant to; a wrong edit is never written. */
export async function verifiedTfvars(file: string, edited: string, check: (body: HclBody) => boolean): Promise<string> {
  const body = await parseHcl(file, edited);
  if (!check(body)) {
    throw new TempkeyError('TFVARS_EDIT', `Could not update ${file} safely (its layout is unusual); nothing was written.`, {
      fix: `Edit ${file} by hand, then run the command again.`,
      location: { file },
    });
  }
  return edited;
}
