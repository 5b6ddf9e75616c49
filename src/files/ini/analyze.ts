import { firstNonSpace, isPyWhitespace, pyRstrip, pyStrip, type RawLine } from './python-text.js';

/**
 * configparser's reading rules (RawConfigParser with botocore's defaults:
 * `=` and `:` delimiters, whole-line `#`/`;` comments, no inline comments,
 * indented lines continue the previous value, empty lines inside values),
 * applied to lines we keep verbatim. The result says what each line is, so the
 * editor can change one value and leave every other byte alone.
 */

export interface OptionNode {
  /** Lower-cased, as configparser's optionxform does. */
  key: string;
  /** Index (0-based) of the `key = value` line. */
  line: number;
  /** Offset in that line's text where the value begins (after the delimiter and spaces). */
  valueStart: number;
  /** The value parts configparser collects: first line's value, then '' for blank lines, continuation texts. */
  parts: string[];
  /** Index of the last line that belongs to this option (itself or a continuation). */
  lastLine: number;
}

export interface SectionNode {
  /** The header text between the brackets, unstripped, exactly as configparser keys it. */
  name: string;
  header: number;
  options: OptionNode[];
}

export interface Problem {
  line: number; // 1-based
  message: string;
  /** Fatal in lenient reading too (botocore and tempkey both refuse the file). */
  fatal: boolean;
}

export interface Analysis {
  sections: SectionNode[];
  problems: Problem[];
}

const DEFAULT_SECTION = 'DEFAULT';

export function analyze(lines: RawLine[]): Analysis {
  const sections: SectionNode[] = [];
  const problems: Problem[] = [];
  const seenSections = new Set<string>();
  const seenOptions = new Set<string>();
  let current: SectionNode | undefined;
  let option: OptionNode | undefined;
  let indentLevel = 0;

  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!.text;
    const value = pyStrip(text);
    if (value.startsWith('#') || value.startsWith(';')) continue; // comments never join a value
    if (!value) {
      if (option) option.parts.push('');
      continue;
    }
    const indent = firstNonSpace(text);
    if (current && option && indent > indentLevel) {
      option.parts.push(value);
      option.lastLine = i;
      continue;
    }
    indentLevel = indent;
    const header = matchHeader(value);
    if (header !== undefined) {
      if (header !== DEFAULT_SECTION && seenSections.has(header)) {
        problems.push({ line: i + 1, message: `section [${header}] appears more than once`, fatal: false });
      }
      seenSections.add(header);
      current = { name: header, header: i, options: [] };
      sections.push(current);
      option = undefined;
      continue;
    }
    if (!current) {
      problems.push({ line: i + 1, message: 'a setting before any [section] header', fatal: true });
      // configparser stops at the first such line.
      break;
    }
    const delim = findDelimiter(value);
    if (delim < 0) {
      problems.push({
        line: i + 1,
        message: value.startsWith('[') ? 'a section header without its closing ]' : 'a line that is neither `key = value`, a [section] nor a comment',
        fatal: true,
      });
      option = undefined;
      continue;
    }
    const rawKey = pyRstrip(value.slice(0, delim));
    if (!rawKey) {
      problems.push({ line: i + 1, message: 'a value without a key name before the `=`', fatal: true });
      option = undefined;
      continue;
    }
    const key = rawKey.toLowerCase();
    const seenKey = `${current.name}\u0000${key}`;
    if (seenOptions.has(seenKey)) {
      problems.push({ line: i + 1, message: `key '${key}' is set more than once in [${current.name}]`, fatal: false });
    }
    seenOptions.add(seenKey);
    // The value starts after the delimiter and any whitespace, measured in the raw line.
    const lead = firstNonSpace(text);
    let valueStart = lead + delim + 1;
    while (valueStart < text.length && isPyWhitespace(text.charCodeAt(valueStart))) valueStart++;
    option = { key, line: i, valueStart, parts: [pyStrip(value.slice(delim + 1))], lastLine: i };
    current.options.push(option);
  }
  return { sections, problems };
}

/** SECTCRE `\[(?P<header>.+)\]` matched at the start: the last `]` closes it. */
function matchHeader(value: string): string | undefined {
  if (!value.startsWith('[')) return undefined;
  const close = value.lastIndexOf(']');
  if (close < 2) return undefined;
  return value.slice(1, close);
}

/** OPTCRE's lazy `(?P<option>.*?)\s*(=|:)`: the first `=` or `:`. */
function findDelimiter(value: string): number {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 61 /* = */ || c === 58 /* : */) return i;
  }
  return -1;
}

/** configparser joins parts with newlines and strips the end. */
export function joinedValue(option: OptionNode): string {
  return pyRstrip(option.parts.join('\n'));
}

export { DEFAULT_SECTION };
