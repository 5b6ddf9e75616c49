import { isAscii } from 'node:buffer';
import { decodeIniBytes, readIniBytesSync } from './decode.js';
import { TempkeyError } from '../../lib/errors.js';
import type { IniDocumentView, IniSectionView } from '../profile-model.js';
import { IniDocument } from './document.js';

/**
 * A read-only INI reader with Python configparser's rules as botocore uses
 * them: `[section]` headers, `key = value` or `key: value` (key lower-cased,
 * both sides stripped), whole-line `#` / `;` comments, indented lines
 * continuing the previous value (a value that starts on the next line is a
 * nested sub-section, like `s3 =` + indented `key = value`), BOM and CRLF.
 * Repeated headers merge into the first, their lines listed as duplicates.
 *
 * The hot-path reader: every plan reads through it (files/aws-files). It meets
 * the same botocore contract as the lossless files/ini document (test/ini-botocore).
 */
export function parseIniText(text: string, file: string): IniDocumentView {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // Rare shapes the scanner does not take (an indented `[` line: a header or a
  // continuation, [DEFAULT] merged into every section, a lone CR ending a
  // line) go to the lossless document, which configparser's rules fully.
  if (NEEDS_LINE_BY_LINE.test(body)) return IniDocument.parse(body, file);
  return new FastIniDocument(body, file);
}

const NEEDS_LINE_BY_LINE = /^[ \t]+\[|^\[DEFAULT\]|\r(?!\n)/m;

/** Config-file headers that the exact-text lookup cannot answer for (odd spacing, quotes, `[profiles x]`...). */
const NON_CANONICAL_HEADER = /^\[(?!(?:profile|sso-session|services) [^\s'"\\\]]+\][^\]\n]*$)(?:profile|sso-session|services)/m;

/**
 * A read-only document that answers two ways: every section in order (one
 * pass over the headers), or the sections whose header is exactly some text,
 * found with native string search without looking at the other 9,999.
 */
export class FastIniDocument implements IniDocumentView {
  private all?: LazySection[];
  private canonical?: boolean;
  readonly lines: LineCounter;

  constructor(
    private src: string,
    readonly file: string,
  ) {
    this.lines = new LineCounter(src);
  }

  sections(): IniSectionView[] {
    return (this.all ??= scanSections(this.src, this.file, this.lines));
  }

  /** True when every profile/sso-session/services header is written `[kind name]`, so findHeader is exact. */
  headersAreCanonical(): boolean {
    return (this.canonical ??= !NON_CANONICAL_HEADER.test(this.src));
  }

  /** Each section whose header line is exactly `[header]` (botocore: the name runs to the line's last `]`), in file order. */
  findHeader(header: string): IniSectionView[] {
    const src = this.src;
    const needle = `[${header}]`;
    const found: IniSectionView[] = [];
    for (let at = src.startsWith(needle) ? 0 : lineStartIndexOf(src, needle, 0); at >= 0; at = lineStartIndexOf(src, needle, at + 1)) {
      let lineEnd = src.indexOf('\n', at);
      if (lineEnd < 0) lineEnd = src.length;
      if (src.lastIndexOf(']', lineEnd) !== at + needle.length - 1) continue; // a later `]` makes it another name
      const section = new LazySection(header, at, src, this.file, this.lines);
      const bodyStart = Math.min(lineEnd + 1, src.length);
      section.addBody(bodyStart, nextRealHeader(src, bodyStart));
      found.push(section);
    }
    return found;
  }
}

function lineStartIndexOf(src: string, needle: string, from: number): number {
  const i = src.indexOf('\n' + needle, from > 0 ? from - 1 : 0);
  return i < 0 ? -1 : i + 1;
}

/** Where the section starting at `from` ends: the next line that is a header, or the end. */
function nextRealHeader(src: string, from: number): number {
  for (let at = src.charCodeAt(from) === 91 ? from : nextHeader(src, from); at >= 0; at = nextHeader(src, at + 1)) {
    let lineEnd = src.indexOf('\n', at);
    if (lineEnd < 0) lineEnd = src.length;
    if (src.lastIndexOf(']', lineEnd) > at + 1) return at;
  }
  return src.length;
}

function scanSections(src: string, file: string, lines: LineCounter): LazySection[] {
  const sections: LazySection[] = [];
  const byName = new Map<string, LazySection>();
  // Headers are found with native indexOf("\n[") (configparser: `[` at the start
  // of a line, the name up to the line's last `]`); bodies and line numbers are
  // worked out when first read: resolving one profile of a 10,000-profile file
  // reads a handful of sections.
  let current: LazySection | undefined;
  let bodyStart = 0;
  let scan = 0;
  for (let at = src.charCodeAt(0) === 91 ? 0 : nextHeader(src, 0); at >= 0; at = nextHeader(src, scan)) {
    let lineEnd = src.indexOf('\n', at);
    if (lineEnd < 0) lineEnd = src.length;
    const close = src.lastIndexOf(']', lineEnd);
    scan = lineEnd + 1;
    if (close <= at + 1) continue; // not a header: the body parser reports the line
    if (current) current.addBody(bodyStart, at);
    else if (!isBlankOrComment(src, 0, at)) throw parseError(file, firstContentLine(src, 0, at), 'a key before any [section]');
    const name = src.slice(at + 1, close);
    const existing = byName.get(name);
    if (existing) {
      existing.addDuplicate(at);
      current = existing;
    } else {
      current = new LazySection(name, at, src, file, lines);
      sections.push(current);
      byName.set(name, current);
    }
    bodyStart = Math.min(scan, src.length);
  }
  if (current) current.addBody(bodyStart, src.length);
  else if (!isBlankOrComment(src, 0, src.length)) throw parseError(file, firstContentLine(src, 0, src.length), 'a key before any [section]');
  return sections;
}

/** Offset of the next line that starts with `[`, or -1. */
function nextHeader(src: string, from: number): number {
  const i = src.indexOf('\n[', from > 0 ? from - 1 : 0);
  return i < 0 ? -1 : i + 1;
}

/**
 * Line numbers from offsets. Line starts are found with native indexOf and
 * kept (4 bytes a line), but only as far as the questions reach: `explain`
 * of a profile near the top of a 10,000-profile file reads a few lines, not
 * all of them; `profiles list` walks the file once. Every lookup is then a
 * binary search.
 */
export class LineCounter {
  /** starts[k] = offset of line k + 1, for k < known. */
  private starts = new Uint32Array(256);
  private known = 1;
  private complete = false;
  constructor(private src: string) {}

  /** Finds line starts until one lies past `offset` (or the text ends). */
  private reach(offset: number): void {
    let starts = this.starts;
    let k = this.known;
    while (starts[k - 1]! <= offset) {
      const nl = this.src.indexOf('\n', starts[k - 1]!);
      if (nl < 0) {
        this.complete = true;
        break;
      }
      if (k === starts.length) {
        const bigger = new Uint32Array(starts.length * 2);
        bigger.set(starts);
        starts = this.starts = bigger;
      }
      starts[k++] = nl + 1;
    }
    this.known = k;
  }

  /** 1-based line of the character at `offset`. */
  lineAt(offset: number): number {
    if (!this.complete && this.starts[this.known - 1]! <= offset) this.reach(offset);
    const starts = this.starts;
    let lo = 0;
    let hi = this.known - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}

function firstContentLine(src: string, from: number, to: number): number {
  const lines = src.slice(from, to).split('\n');
  const i = lines.findIndex((l) => !isBlankOrComment(l, 0, l.length));
  return i + 1;
}

/** Every line in [from, to) is blank or a comment (a key there is one before any section: botocore refuses it). */
function isBlankOrComment(src: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = src.charCodeAt(i);
    if (c === 32 || c === 9 || c === 13 || c === 10) continue;
    if (c !== 35 /* # */ && c !== 59 /* ; */) return false;
    const eol = src.indexOf('\n', i);
    if (eol < 0 || eol >= to) return true;
    i = eol;
  }
  return true;
}

function parseError(file: string, line: number, what: string): TempkeyError {
  return new TempkeyError('INI_PARSE', `${file}:${line}: ${what}.`, { location: { file, line }, fix: `Edit ${file} line ${line}.` });
}

/** The duplicate lines of nearly every section: one shared empty list, not 10,000. */
const NO_LINES: number[] = Object.freeze([]) as unknown as number[];

class LazySection implements IniSectionView {
  /** Offsets of repeated headers and extra bodies: rare, so allocated only when needed. */
  duplicateOffsets?: number[];
  private extraBodies?: number[];
  private bodyStart = -1;
  private bodyEnd = -1;
  private parsed?: IniSectionView['values'];
  private lineNo = 0;

  constructor(
    readonly name: string,
    private offset: number,
    private src: string,
    private file: string,
    private lines: LineCounter,
  ) {}

  addBody(start: number, end: number) {
    if (this.bodyStart < 0) {
      this.bodyStart = start;
      this.bodyEnd = end;
    } else (this.extraBodies ??= []).push(start, end);
  }

  addDuplicate(offset: number) {
    (this.duplicateOffsets ??= []).push(offset);
  }

  get line(): number {
    return this.lineNo || (this.lineNo = this.lines.lineAt(this.offset));
  }

  get duplicateLines(): number[] {
    return this.duplicateOffsets ? this.duplicateOffsets.map((o) => this.lines.lineAt(o)) : NO_LINES;
  }

  get values(): IniSectionView['values'] {
    if (!this.parsed) {
      const values: IniSectionView['values'] = new NoInheritedKeys();
      if (this.bodyStart >= 0) parseBody(this.src, this.bodyStart, this.bodyEnd, this.lines.lineAt(this.bodyStart), this.file, values);
      const extra = this.extraBodies;
      if (extra) for (let i = 0; i + 1 < extra.length; i += 2) parseBody(this.src, extra[i]!, extra[i + 1]!, this.lines.lineAt(extra[i]!), this.file, values);
      this.parsed = values;
    }
    return this.parsed;
  }
}

/** A record with no inherited keys like Object.create(null), but a fast object to V8 (Object.create(null) starts in dictionary mode). */
const NoInheritedKeys = function () {} as unknown as new () => IniSectionView['values'];
NoInheritedKeys.prototype = Object.create(null);

/** What String.prototype.trim() removes: ASCII white space and line ends, and Unicode's (U+00A0, U+1680, U+2000–U+200A, U+2028/9, U+202F, U+205F, U+3000, U+FEFF). */
function isTrimmed(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** From lastIndex, the rest of a line up to its first `=` or `:` (lastIndex - 1 is then that delimiter). */
const UP_TO_DELIMITER = /[^\n=:]*[=:]/y;

/**
 * `key = value` lines of one section body, with configparser's continuation and nesting rules.
 * Worked on offsets into the file (a line's trimmed bounds, its delimiter): only the key and
 * the value become strings, so a 10,000-profile file makes no throwaway copies of its lines.
 */
function parseBody(src: string, start: number, end: number, firstLine: number, file: string, values: IniSectionView['values']): void {
  let lastKey: string | undefined;
  let keyIndent = 0;
  let continuation: string[] | undefined;
  // configparser keeps blank lines inside a value (joined as newlines, trailing ones stripped).
  let blanks = 0;
  let line = firstLine - 1;
  for (let from = start; from < end; ) {
    let nl = src.indexOf('\n', from);
    if (nl < 0 || nl > end) nl = end;
    const stop = nl > from && src.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    const lineStart = from;
    from = nl + 1;
    line++;
    // The line's text as raw.trim() would leave it: [a, b).
    let a = lineStart;
    while (a < stop && isTrimmed(src.charCodeAt(a))) a++;
    if (a === stop) {
      if (lastKey) blanks++;
      continue;
    }
    let b = stop;
    while (isTrimmed(src.charCodeAt(b - 1))) b--;
    const c0 = src.charCodeAt(a);
    if (c0 === 35 /* # */ || c0 === 59 /* ; */) continue;
    const indent = a - lineStart; // the white space before the text, as trim() counts it
    if (lastKey && indent > keyIndent) {
      const parts = (continuation ??= []);
      for (; blanks > 0; blanks--) parts.push('');
      parts.push(src.slice(a, b));
      continue;
    }
    if (continuation) endValue(values, lastKey!, continuation);
    continuation = undefined;
    blanks = 0;
    keyIndent = indent;
    UP_TO_DELIMITER.lastIndex = a;
    const sep = UP_TO_DELIMITER.test(src) ? UP_TO_DELIMITER.lastIndex - 1 : -1;
    if (sep <= a) throw parseError(file, line, 'expected "key = value"'); // no delimiter, or no key before it
    let keyEnd = sep;
    while (isTrimmed(src.charCodeAt(keyEnd - 1))) keyEnd--;
    let valueStart = sep + 1;
    while (valueStart < b && isTrimmed(src.charCodeAt(valueStart))) valueStart++;
    const key = src.slice(a, keyEnd).toLowerCase();
    lastKey = key;
    values[key] = { value: src.slice(valueStart, b), line };
  }
  if (continuation) endValue(values, lastKey!, continuation);
}

/** The indented lines after a key: a nested sub-section (`s3 =` then `key = value` lines), else more lines of its value. */
function endValue(values: IniSectionView['values'], key: string, continuation: string[]): void {
  const v = values[key]!;
  const first = v.value as string;
  // A block with a line without `=` is no nested block (botocore refuses it): kept as text, as the lossless reader does.
  if (first === '' && continuation.every((l) => l === '' || l.includes('='))) {
    const nested: Record<string, string> = {};
    for (const l of continuation) {
      const eq = l.indexOf('=');
      if (eq > 0) nested[l.slice(0, eq).trim()] = l.slice(eq + 1).trim();
    }
    v.value = nested;
  } else v.value = [first, ...continuation].join('\n');
}

/** The parsed file, or undefined when it does not exist. */
export async function readIniFile(path: string): Promise<IniDocumentView | undefined> {
  // Sync on purpose: two small files, and the thread-pool round trip costs more than the read.
  // Same bytes rule as the lossless reader (ini/decode): regular files only, bounded, strict UTF-8.
  const bytes = readIniBytesSync(path);
  if (bytes === undefined) return undefined;
  // ASCII files (nearly all) decode faster as latin1, to the same string.
  return parseIniText(isAscii(bytes) ? bytes.toString('latin1') : decodeIniBytes(bytes, path), path);
}
