/**
 * Python's notion of whitespace and lines, which configparser (and so
 * botocore) uses. JavaScript's trim() and split differ (trim() eats a BOM,
 * Python's strip() does not), and a config file must read the same here as
 * in the AWS CLI.
 */
const PY_WHITESPACE = new Set<number>([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003,
  0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);

export function isPyWhitespace(code: number): boolean {
  return PY_WHITESPACE.has(code);
}

/** Index of the first non-whitespace character, or -1 when there is none. */
export function firstNonSpace(s: string): number {
  for (let i = 0; i < s.length; i++) if (!PY_WHITESPACE.has(s.charCodeAt(i))) return i;
  return -1;
}

export function pyStrip(s: string): string {
  return pyRstrip(pyLstrip(s));
}

export function pyLstrip(s: string): string {
  const i = firstNonSpace(s);
  return i < 0 ? '' : s.slice(i);
}

export function pyRstrip(s: string): string {
  let end = s.length;
  while (end > 0 && PY_WHITESPACE.has(s.charCodeAt(end - 1))) end--;
  return s.slice(0, end);
}

/** str.splitlines(): the line boundaries _parse_nested splits on. */
export function pySplitlines(s: string): string[] {
  return s.split(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/);
}

/** A physical line and the terminator it had, so it can be written back unchanged. */
export interface RawLine {
  text: string;
  eol: '' | '\n' | '\r\n' | '\r';
}

/** Universal newlines, as Python's text-mode file reading sees them. */
export function splitRawLines(text: string): RawLine[] {
  const lines: RawLine[] = [];
  const re = /\r\n|\n|\r/g;
  let start = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    lines.push({ text: text.slice(start, m.index), eol: m[0] as RawLine['eol'] });
    start = m.index + m[0].length;
  }
  if (start < text.length) lines.push({ text: text.slice(start), eol: '' });
  return lines;
}
