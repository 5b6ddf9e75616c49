import { TempkeyError } from '../../lib/errors.js';
import { analyze, DEFAULT_SECTION, joinedValue, type Analysis, type OptionNode, type SectionNode } from './analyze.js';
import { isNestedValue, parseNested } from './nested.js';
import { firstNonSpace, pyStrip, splitRawLines, type RawLine } from './python-text.js';

/**
 * A lossless INI document for ~/.aws/config and ~/.aws/credentials.
 *
 * Hand-rolled on purpose: the npm INI libraries rewrite the whole file
 * (dropping comments, blank lines and spacing) and none reads the way
 * botocore's configparser does (continuations, nested `s3 =` blocks, `:`
 * delimiters, DEFAULT merging). Here every physical line is kept verbatim;
 * an edit replaces, inserts or removes whole lines and nothing else, then the
 * lines are analysed again with configparser's rules.
 */

export interface IniValue {
  value: string | Record<string, string>;
  /** 1-based line of the key that wins. */
  line: number;
}

export interface IniSectionView {
  name: string;
  line: number;
  values: Record<string, IniValue>;
  /** Lines of the other headers with the same name. */
  duplicateLines: number[];
}

export class IniDocument {
  readonly file: string;
  private lines: RawLine[];
  private readonly bom: boolean;
  private readonly eol: RawLine['eol'];
  private analysis: Analysis;

  private constructor(file: string, lines: RawLine[], bom: boolean) {
    this.file = file;
    this.lines = lines;
    this.bom = bom;
    this.eol = lines.find((l) => l.eol)?.eol || '\n';
    this.analysis = analyze(lines);
  }

  /** Reads a document; a file botocore could not read at all is a TempkeyError naming file:line. */
  static parse(text: string, file: string): IniDocument {
    const bom = text.charCodeAt(0) === 0xfeff;
    const doc = new IniDocument(file, splitRawLines(bom ? text.slice(1) : text), bom);
    const fatal = doc.analysis.problems.find((p) => p.fatal);
    if (fatal) throw doc.parseError(fatal.line, fatal.message);
    return doc;
  }

  /** The file starts with a byte-order mark (botocore refuses such files; we read them). */
  get hasBom(): boolean {
    return this.bom;
  }

  /** One view per distinct section name, merged the way configparser merges repeats. */
  sections(): IniSectionView[] {
    const byName = new Map<string, IniSectionView>();
    const defaults = this.sectionValues(DEFAULT_SECTION);
    for (const node of this.analysis.sections) {
      if (node.name === DEFAULT_SECTION) continue;
      let view = byName.get(node.name);
      if (!view) {
        view = { name: node.name, line: node.header + 1, values: {}, duplicateLines: [] };
        byName.set(node.name, view);
      } else {
        view.duplicateLines.push(node.header + 1);
      }
      for (const opt of node.options) view.values[opt.key] = toIniValue(opt);
    }
    for (const view of byName.values()) {
      for (const [k, v] of Object.entries(defaults)) if (!(k in view.values)) view.values[k] = v;
    }
    return [...byName.values()];
  }

  section(name: string): IniSectionView | undefined {
    return this.sections().find((s) => s.name === name);
  }

  /** Keys set more than once in one section (across repeated headers too). */
  duplicateKeys(): { section: string; key: string; lines: number[] }[] {
    const seen = new Map<string, { section: string; key: string; lines: number[] }>();
    for (const node of this.analysis.sections) {
      for (const opt of node.options) {
        const id = `${node.name}\u0000${opt.key}`;
        const entry = seen.get(id) ?? { section: node.name, key: opt.key, lines: [] };
        entry.lines.push(opt.line + 1);
        seen.set(id, entry);
      }
    }
    return [...seen.values()].filter((e) => e.lines.length > 1);
  }

  /**
   * Exactly what botocore.configloader.raw_config_parse returns for this file,
   * or the error botocore would raise (repeated sections or keys, a BOM, a
   * nested block line without `=`), naming the line.
   */
  toRaw(): Record<string, Record<string, string | Record<string, string>>> {
    if (this.bom) {
      throw this.parseError(1, 'the file starts with a byte-order mark (BOM), which the AWS CLI and botocore cannot read', 'Save the file as UTF-8 without BOM.');
    }
    const repeat = this.analysis.problems.find((p) => !p.fatal);
    if (repeat) throw this.parseError(repeat.line, repeat.message, 'Merge the repeated entries into one; the AWS CLI refuses the file as it is.');
    const raw: Record<string, Record<string, string | Record<string, string>>> = {};
    const defaults: Record<string, string | Record<string, string>> = {};
    const collect = (node: SectionNode, into: Record<string, string | Record<string, string>>) => {
      for (const opt of node.options) {
        const value = joinedValue(opt);
        if (isNestedValue(value)) {
          const nested = parseNested(value);
          if (!nested) throw this.parseError(opt.line + 1, `the nested block under '${opt.key}' has a line without '='`);
          into[opt.key] = nested;
        } else into[opt.key] = value;
      }
    };
    // [DEFAULT]'s values join each section (configparser's options()), and only there are they parsed,
    // as botocore does: a bad nested block under [DEFAULT] fails only when some section inherits it.
    const defaultNodes = this.analysis.sections.filter((n) => n.name === DEFAULT_SECTION);
    for (const node of this.analysis.sections) if (node.name !== DEFAULT_SECTION) collect(node, (raw[node.name] ??= {}));
    if (Object.keys(raw).length) for (const node of defaultNodes) collect(node, defaults);
    for (const section of Object.values(raw)) {
      for (const [k, v] of Object.entries(defaults)) if (!(k in section)) section[k] = v;
    }
    return raw;
  }

  // ---- edits: each changes whole lines only, then re-reads ----

  /** Sets `key = value` in a section (the last occurrence wins, as on reading); adds the section if missing. */
  set(section: string, key: string, value: string): void {
    checkKey(key);
    checkValue(value);
    value = pyStrip(value); // configparser strips values on reading; store what will be read
    const opt = this.lastOption(section, key);
    if (opt) {
      this.replaceOption(opt, [this.optionLineWithValue(opt, value)]);
    } else if (this.nodes(section).length) {
      this.insertInSection(section, [`${key} = ${value}`]);
    } else {
      this.addSection(section, [[key, value]]);
    }
  }

  /** Sets `subKey = value` inside a nested block (`key =` + indented lines). */
  setSub(section: string, key: string, subKey: string, value: string): void {
    checkKey(key);
    checkKey(subKey);
    if (subKey.includes('=')) throw new TempkeyError('INI_EDIT', `A nested key cannot contain '=': '${subKey}'.`);
    checkValue(value);
    value = pyStrip(value);
    const opt = this.lastOption(section, key);
    if (!opt) {
      if (!this.nodes(section).length) this.addSection(section, []);
      this.insertInSection(section, [`${key} =`, `  ${subKey} = ${value}`]);
      return;
    }
    if (!isNestedValue(joinedValue(opt))) {
      this.replaceOption(opt, [this.optionLineWithValue(opt, ''), `${this.subIndent(opt)}${subKey} = ${value}`]);
      return;
    }
    // The last line with this sub key is the one botocore reads.
    let target = -1;
    for (let i = opt.line + 1; i <= opt.lastLine; i++) {
      const text = this.lines[i]!.text;
      const eq = text.indexOf('=');
      const lead = firstNonSpace(text);
      if (eq < 0 || lead < 0 || isCommentLine(text)) continue;
      if (pyStrip(text.slice(lead, eq)) === subKey) target = i;
    }
    if (target >= 0) {
      const text = this.lines[target]!.text;
      const eq = text.indexOf('=');
      const after = text.slice(eq + 1);
      const space = after.length - after.trimStart().length;
      this.lines[target] = { text: `${text.slice(0, eq + 1)}${after.slice(0, space) || ' '}${value}`, eol: this.lines[target]!.eol };
      this.reanalyze();
      return;
    }
    this.insertLines(opt.lastLine + 1, [`${this.subIndent(opt)}${subKey} = ${value}`]);
  }

  /** Removes a key (every occurrence in the section, continuation lines included). */
  delete(section: string, key: string): boolean {
    const lower = key.toLowerCase();
    const doomed = this.nodes(section).flatMap((n) => n.options.filter((o) => o.key === lower));
    if (!doomed.length) return false;
    for (const opt of doomed.sort((a, b) => b.line - a.line)) this.lines.splice(opt.line, opt.lastLine - opt.line + 1);
    this.reanalyze();
    return true;
  }

  /** Appends a new section at the end, separated by one blank line. */
  addSection(name: string, entries: [string, string][] = [], opts: { comment?: string } = {}): void {
    checkSectionName(name);
    if (this.nodes(name).length) throw new TempkeyError('INI_EDIT', `Section [${name}] already exists in ${this.file}.`);
    for (const [k, v] of entries) {
      checkKey(k);
      checkValue(v);
    }
    const block: string[] = [];
    if (opts.comment !== undefined) {
      for (const c of opts.comment.split(/\r\n|\n|\r/)) block.push(c ? `# ${c}` : '#');
    }
    block.push(`[${name}]`, ...entries.map(([k, v]) => `${k} = ${v}`));
    const last = this.lines[this.lines.length - 1];
    if (last && last.text.trim() !== '') block.unshift('');
    this.insertLines(this.lines.length, block);
  }

  /**
   * Removes a section (every repeat of it): its header, its lines, and the blank
   * lines after it. With `withLeadingComments`, the comment lines directly above
   * the header go too (a marker a tool wrote there, for instance).
   */
  removeSection(name: string, opts: { withLeadingComments?: boolean } = {}): boolean {
    const nodes = this.nodes(name);
    if (!nodes.length) return false;
    for (const node of [...nodes].reverse()) {
      let start = node.header;
      if (opts.withLeadingComments) {
        while (start > 0 && isCommentLine(this.lines[start - 1]!.text)) start--;
      }
      let end = this.lastContentLine(node) + 1;
      while (end < this.lines.length && this.lines[end]!.text.trim() === '') end++;
      // Keep one blank line between the neighbours when the section sat between two blocks.
      if (end < this.lines.length && start > 0 && this.lines[start - 1]!.text.trim() !== '' && end > this.lastContentLine(node) + 1) end--;
      // The last section of the file takes the blank lines that separated it along.
      if (end >= this.lines.length) while (start > 0 && this.lines[start - 1]!.text.trim() === '') start--;
      this.lines.splice(start, end - start);
    }
    this.reanalyze();
    return true;
  }

  /** Renames a section's header(s), keeping indentation and anything after the `]`. */
  renameSection(from: string, to: string): boolean {
    checkSectionName(to);
    const nodes = this.nodes(from);
    if (!nodes.length) return false;
    if (from !== to && this.nodes(to).length) throw new TempkeyError('INI_EDIT', `Cannot rename [${from}] to [${to}]: [${to}] already exists in ${this.file}.`);
    for (const node of nodes) {
      const line = this.lines[node.header]!;
      const open = line.text.indexOf('[');
      const close = line.text.lastIndexOf(']');
      this.lines[node.header] = { text: `${line.text.slice(0, open)}[${to}]${line.text.slice(close + 1)}`, eol: line.eol };
    }
    this.reanalyze();
    return true;
  }

  toString(): string {
    return (this.bom ? '\ufeff' : '') + this.lines.map((l) => l.text + l.eol).join('');
  }

  // ---- internals ----

  private nodes(name: string): SectionNode[] {
    return this.analysis.sections.filter((s) => s.name === name);
  }

  private lastOption(section: string, key: string): OptionNode | undefined {
    const lower = key.toLowerCase();
    let found: OptionNode | undefined;
    for (const node of this.nodes(section)) for (const o of node.options) if (o.key === lower) found = o;
    return found;
  }

  private sectionValues(name: string): Record<string, IniValue> {
    const out: Record<string, IniValue> = {};
    for (const node of this.nodes(name)) for (const o of node.options) out[o.key] = toIniValue(o);
    return out;
  }

  private lastContentLine(node: SectionNode): number {
    let last = node.header;
    for (const o of node.options) last = Math.max(last, o.lastLine);
    return last;
  }

  private optionLineWithValue(opt: OptionNode, value: string): string {
    const text = this.lines[opt.line]!.text;
    let head = text.slice(0, opt.valueStart);
    // `key =` with nothing after it: put the usual space between `=` and a new value.
    if (value && opt.valueStart >= text.length && !/\s$/.test(head)) head += ' ';
    if (!value) head = head.replace(/\s+$/, '');
    return head + value;
  }

  private subIndent(opt: OptionNode): string {
    for (let i = opt.line + 1; i <= opt.lastLine; i++) {
      const text = this.lines[i]!.text;
      const lead = firstNonSpace(text);
      if (lead > 0 && !isCommentLine(text)) return text.slice(0, lead);
    }
    const base = firstNonSpace(this.lines[opt.line]!.text);
    return `${this.lines[opt.line]!.text.slice(0, Math.max(0, base))}  `;
  }

  private replaceOption(opt: OptionNode, texts: string[]): void {
    const eol = this.lines[opt.lastLine]!.eol || (opt.lastLine < this.lines.length - 1 ? this.eol : '');
    const replacement = texts.map((text, i) => ({ text, eol: i < texts.length - 1 ? this.eol : eol }));
    this.lines.splice(opt.line, opt.lastLine - opt.line + 1, ...replacement);
    this.reanalyze();
  }

  private insertInSection(section: string, texts: string[]): void {
    const nodes = this.nodes(section);
    const node = nodes[nodes.length - 1]!;
    this.insertLines(this.lastContentLine(node) + 1, texts);
  }

  /** Inserts whole lines before `index`; the line before gets an end of line if it had none. */
  private insertLines(index: number, texts: string[]): void {
    if (index > 0 && this.lines[index - 1]!.eol === '') this.lines[index - 1] = { ...this.lines[index - 1]!, eol: this.eol };
    this.lines.splice(index, 0, ...texts.map((text) => ({ text, eol: this.eol })));
    this.reanalyze();
  }

  private reanalyze(): void {
    this.analysis = analyze(this.lines);
    const fatal = this.analysis.problems.find((p) => p.fatal);
    if (fatal) throw this.parseError(fatal.line, `edit produced an unreadable file: ${fatal.message}`);
  }

  private parseError(line: number, message: string, fix?: string): TempkeyError {
    return new TempkeyError('INI_PARSE', `${this.file}:${line}: ${message}.`, {
      location: { file: this.file, line },
      fix: fix ?? `Edit ${this.file} line ${line}: every line must be a [section] header, a 'key = value' setting, an indented continuation, a '#' or ';' comment, or blank.`,
    });
  }
}

function toIniValue(opt: OptionNode): IniValue {
  const value = joinedValue(opt);
  const nested = isNestedValue(value) ? parseNested(value) : undefined;
  return { value: nested ?? value, line: opt.line + 1 };
}

function isCommentLine(text: string): boolean {
  const t = text.trimStart();
  return t.startsWith('#') || t.startsWith(';');
}

function checkKey(key: string): void {
  if (!key || /[\r\n=:[\]]/.test(key) || key.trim() !== key) {
    throw new TempkeyError('INI_EDIT', `Invalid key name ${JSON.stringify(key)}: it must be non-empty, without spaces at the ends, '=', ':', brackets or newlines.`);
  }
  if (key.startsWith('#') || key.startsWith(';')) throw new TempkeyError('INI_EDIT', `Invalid key name ${JSON.stringify(key)}: it would read as a comment.`);
}

function checkValue(value: string): void {
  if (/[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]/.test(value)) {
    throw new TempkeyError('INI_EDIT', `Invalid value ${JSON.stringify(value)}: values cannot span lines.`);
  }
}

function checkSectionName(name: string): void {
  if (!name || /[\r\n]/.test(name) || name.trim() !== name || name === DEFAULT_SECTION) {
    throw new TempkeyError('INI_EDIT', `Invalid section name ${JSON.stringify(name)}.`);
  }
}
