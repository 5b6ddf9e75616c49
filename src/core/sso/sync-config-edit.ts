import { analyze, joinedValue } from '../../files/ini/analyze.js';
import { splitRawLines } from '../../files/ini/python-text.js';
import { classifyConfigSection } from '../../files/profile-model.js';

/**
 * The config-file side of `tempkey profiles sync`, as a pure text transform:
 * old file text + what the portal listed → new file text + a change list.
 *
 * Lossless by construction: the file is cut into blocks at section headers and
 * every block sync does not own is copied byte for byte. A block sync owns is
 * marked by the comment line right above its header,
 *   # tempkey:generated sso-session:acme account:123456789012 role:Admin
 * Inside an owned block only the identity keys (sso_session, or sso_start_url
 * and sso_region in the legacy form, sso_account_id, sso_role_name) are
 * enforced; region is written when the profile is created and then left
 * alone; any line the user added stays where it is.
 *
 * The marker has no '=' on purpose: Ruby's aws-sdk-core INI parser does not
 * skip '#' lines, so a marker with `key=value` became a junk key of the
 * profile above it. Markers written before (`sso-session=acme ...`) are still
 * recognised, and rewritten in the new form by the next sync.
 */
export const MARKER_PREFIX = '# tempkey:generated';

/**
 * modern: `sso_session = NAME` (AWS CLI ≥ 2.9, botocore, current SDKs);
 * legacy: `sso_start_url` + `sso_region` in each profile, for SDKs that predate
 * [sso-session] (Debian's Go SDK v2 1.17 refuses the modern form).
 */
export type ProfileForm = 'modern' | 'legacy';

export interface DesiredProfile {
  name: string;
  accountId: string;
  accountName: string;
  roleName: string;
  region?: string;
}

export interface SyncEditInput {
  ssoSession: string;
  /** Every account×role the portal listed, with the name it should have. */
  desired: DesiredProfile[];
  /** Accounts whose role list could not be read: their profiles are neither pruned nor reported stale. */
  incompleteAccounts: ReadonlySet<string>;
  prune: boolean;
  /** Generate a profile even when a hand-written one covers the same account and role (a second naming scheme). */
  includeCovered?: boolean;
  /** Form of the profiles written; undefined keeps each generated profile's form (new ones: modern). */
  form?: ProfileForm;
  /** The session's start URL and region, written into legacy-form profiles. */
  session?: { startUrl: string; region: string };
}

export type SyncChange =
  | { kind: 'add'; name: string; accountId: string; roleName: string; before: string[]; after: string[] }
  | { kind: 'update'; name: string; from?: string; accountId: string; roleName: string; before: string[]; after: string[] }
  | { kind: 'remove'; name: string; accountId: string; roleName: string; before: string[]; after: string[] }
  | { kind: 'stale'; name: string; accountId: string; roleName: string; before: string[]; after: string[] };

export interface SyncEditResult {
  text: string;
  changes: SyncChange[];
  unchanged: number;
  /** Entries a user-owned profile already covers (same session, account and role). */
  coveredByUser: string[];
}

interface Marker {
  ssoSession: string;
  accountId: string;
  roleName: string;
}

interface Block {
  /** Lines including their line endings; [0] may be the marker, then the header. */
  lines: string[];
  header?: { kind: 'profile' | 'sso-session' | 'other'; name: string; index: number };
  marker?: Marker;
}

export function formatMarker(m: Marker): string {
  return `${MARKER_PREFIX} sso-session:${enc(m.ssoSession)} account:${enc(m.accountId)} role:${enc(m.roleName)}`;
}

/** '=' is encoded too (role names may hold one): no client may read the marker as `key = value`. */
function enc(v: string): string {
  return v.replace(/[%\s=:]/g, (c) => encodeURIComponent(c));
}

export function parseMarker(line: string): Marker | undefined {
  const t = line.trim();
  if (!t.startsWith(MARKER_PREFIX + ' ')) return undefined;
  const fields: Record<string, string> = {};
  for (const part of t.slice(MARKER_PREFIX.length).trim().split(/\s+/)) {
    // `name:value`, or `name=value` as markers were written before.
    const f = part.match(/^(sso-session|account|role)[:=](.*)$/);
    if (f) fields[f[1]!] = safeDecode(f[2]!);
  }
  const s = fields['sso-session'];
  if (!s || !fields.account || !fields.role) return undefined;
  return { ssoSession: s, accountId: fields.account, roleName: fields.role };
}

function safeDecode(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

/** Splits text into lines that keep their endings (joining them gives the text back), as the INI reader splits them. */
export function splitLines(text: string): string[] {
  return splitRawLines(text).map((l) => l.text + l.eol);
}

/** What a header names, by botocore's rules (the same as the profiles model's). */
function classify(name: string): { kind: 'profile' | 'sso-session' | 'other'; name: string } {
  const c = classifyConfigSection(name);
  return c && c.kind !== 'services' ? { kind: c.kind, name: c.name } : { kind: 'other', name };
}

/**
 * The text read with configparser's rules by the lossless INI reader's
 * analysis (files/ini): which lines are headers, and each section's keys.
 * Lenient: a line botocore would refuse stays in its block untouched.
 */
function readLayout(text: string): { name: string; header: number; options: { key: string; line: number; value: string }[] }[] {
  return analyze(splitRawLines(text)).sections.map((node) => ({
    name: node.name,
    header: node.header,
    options: node.options.map((opt) => ({ key: opt.key, line: opt.line, value: joinedValue(opt) })),
  }));
}

/** Blocks: a preamble (no header) then one per section, the marker line attached to its section. */
export function parseBlocks(text: string): Block[] {
  const lines = splitLines(text);
  const headers = new Map(readLayout(text).map((s) => [s.header, s.name]));
  const blocks: Block[] = [{ lines: [] }];
  for (const [n, line] of lines.entries()) {
    const name = headers.get(n);
    if (name === undefined) {
      blocks[blocks.length - 1]!.lines.push(line);
      continue;
    }
    const prev = blocks[blocks.length - 1]!;
    const block: Block = { lines: [], header: { ...classify(name), index: 0 } };
    const last = prev.lines[prev.lines.length - 1];
    const marker = last !== undefined ? parseMarker(last) : undefined;
    if (marker) {
      prev.lines.pop();
      block.lines.push(last!);
      block.marker = marker;
    }
    // Comments just above a header belong to that section (the user's notes about it).
    const trivia = takeLeadingTrivia(prev.lines);
    block.lines.unshift(...trivia);
    block.header!.index = block.lines.length;
    block.lines.push(line);
    blocks.push(block);
  }
  return blocks;
}

/** Removes and returns the trailing comment lines (and blanks between them) that sit right above a header. */
function takeLeadingTrivia(lines: string[]): string[] {
  let i = lines.length;
  let firstComment = -1;
  while (i > 0) {
    const t = lines[i - 1]!.trim();
    if (t.startsWith('#') || t.startsWith(';')) firstComment = i - 1;
    else if (t !== '') break;
    i--;
  }
  if (firstComment < 0) return [];
  // Blank lines before the first comment stay as the previous block's separator.
  return lines.splice(firstComment);
}

/** The keys of a block's section, read with configparser's rules (the first of a repeated key), and the line of each. */
export function keysOf(block: Block): Map<string, { value: string; index: number }> {
  const out = new Map<string, { value: string; index: number }>();
  if (!block.header) return out;
  const from = block.header.index;
  const section = readLayout(block.lines.slice(from).join(''))[0];
  for (const opt of section?.options ?? []) if (!out.has(opt.key)) out.set(opt.key, { value: opt.value, index: from + opt.line });
  return out;
}

/** Reads `[sso-session NAME]` sections: name → keys. */
export function ssoSessionsOf(text: string): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  for (const b of parseBlocks(text)) {
    if (b.header?.kind !== 'sso-session' || out.has(b.header.name)) continue;
    const rec: Record<string, string> = {};
    for (const [k, v] of keysOf(b)) rec[k] = v.value;
    out.set(b.header.name, rec);
  }
  return out;
}

/** Names of every profile section (generated or not). */
export function profileNamesOf(text: string): { owned: Map<string, Marker>; other: Set<string> } {
  const owned = new Map<string, Marker>();
  const other = new Set<string>();
  for (const b of parseBlocks(text)) {
    if (b.header?.kind !== 'profile') continue;
    if (b.marker && !owned.has(b.header.name)) owned.set(b.header.name, b.marker);
    else other.add(b.header.name);
  }
  return { owned, other };
}

const eolOf = (text: string) => (text.includes('\r\n') ? '\r\n' : '\n');

/** The keys that tie a profile to its session, in one form or the other. */
function sessionKeys(form: ProfileForm, ssoSession: string, session?: { startUrl: string; region: string }): [string, string][] {
  if (form === 'modern') return [['sso_session', ssoSession]];
  if (!session) throw new Error('legacy-form profiles need the session start URL and region');
  return [
    ['sso_start_url', session.startUrl],
    ['sso_region', session.region],
  ];
}
const OTHER_FORM_KEYS: Record<ProfileForm, string[]> = { modern: ['sso_start_url', 'sso_region'], legacy: ['sso_session'] };

/** A generated profile's form, from its keys: legacy when it names a start URL and no session. */
export function formOf(keys: Map<string, unknown>): ProfileForm {
  return !keys.has('sso_session') && keys.has('sso_start_url') ? 'legacy' : 'modern';
}

function renderNew(p: DesiredProfile, ssoSession: string, eol: string, form: ProfileForm, session?: { startUrl: string; region: string }): string[] {
  const lines = [
    formatMarker({ ssoSession, accountId: p.accountId, roleName: p.roleName }),
    `[profile ${p.name}]`,
    ...sessionKeys(form, ssoSession, session).map(([k, v]) => `${k} = ${v}`),
    `sso_account_id = ${p.accountId}`,
    `sso_role_name = ${p.roleName}`,
  ];
  if (p.region) lines.push(`region = ${p.region}`);
  return lines.map((l) => l + eol);
}

/** Index after the last non-blank, non-comment line (where a missing key goes). */
function bodyEnd(b: Block): number {
  for (let i = b.lines.length - 1; i > (b.header?.index ?? 0); i--) {
    const t = b.lines[i]!.trim();
    if (t && !t.startsWith('#') && !t.startsWith(';')) return i + 1;
  }
  return (b.header?.index ?? 0) + 1;
}

function updateOwned(b: Block, p: DesiredProfile, ssoSession: string, eol: string, wantForm: ProfileForm | undefined, session?: { startUrl: string; region: string }): string[] {
  let lines = [...b.lines];
  const form = wantForm ?? formOf(keysOf(b));
  const markerLine = formatMarker({ ssoSession, accountId: p.accountId, roleName: p.roleName });
  const hIdx = b.header!.index;
  const lineEol = (l: string) => (l.endsWith('\r\n') ? '\r\n' : l.endsWith('\n') ? '\n' : eol);
  if (hIdx > 0 && parseMarker(lines[hIdx - 1]!) && lines[hIdx - 1]!.trim() !== markerLine) lines[hIdx - 1] = markerLine + lineEol(lines[hIdx - 1]!);
  if (b.header!.name !== p.name) lines[hIdx] = `[profile ${p.name}]` + lineEol(lines[hIdx]!);
  // Switching forms: the other form's keys go (they are sync's own keys in a generated profile).
  const drop = new Set([...keysOf({ ...b, lines })].filter(([k]) => OTHER_FORM_KEYS[form].includes(k)).map(([, v]) => v.index));
  if (drop.size) lines = lines.filter((_, i) => !drop.has(i));
  const keys = keysOf({ ...b, lines });
  const enforced: [string, string][] = [
    ...sessionKeys(form, ssoSession, session),
    ['sso_account_id', p.accountId],
    ['sso_role_name', p.roleName],
  ];
  const missing: string[] = [];
  for (const [k, v] of enforced) {
    const have = keys.get(k);
    if (!have) missing.push(`${k} = ${v}${eol}`);
    else if (have.value !== v) lines[have.index] = `${k} = ${v}` + lineEol(lines[have.index]!);
  }
  if (missing.length) {
    const at = bodyEnd({ ...b, lines });
    // The line before the insertion point may lack a newline (end of file).
    if (at > 0 && !lines[at - 1]!.endsWith('\n')) lines[at - 1] += eol;
    lines.splice(at, 0, ...missing);
  }
  return lines;
}

/** The transform itself. Deterministic: same input text and listing → same output. */
export function applySync(text: string, input: SyncEditInput): SyncEditResult {
  const eol = eolOf(text);
  const blocks = parseBlocks(text);
  const desiredByKey = new Map(input.desired.map((d) => [`${d.accountId}/${d.roleName}`, d]));
  const changes: SyncChange[] = [];
  const coveredByUser: string[] = [];
  let unchanged = 0;

  // Profiles the user wrote by hand for the same session, account and role: theirs, not ours to add.
  const userCovered = new Set<string>();
  for (const b of blocks) {
    if (b.header?.kind !== 'profile' || b.marker) continue;
    const k = keysOf(b);
    if (k.get('sso_session')?.value === input.ssoSession && k.get('sso_account_id') && k.get('sso_role_name')) {
      userCovered.add(`${k.get('sso_account_id')!.value}/${k.get('sso_role_name')!.value}`);
    }
  }

  const seen = new Set<string>();
  const out: string[] = [];
  for (const b of blocks) {
    const m = b.marker;
    if (!m || m.ssoSession !== input.ssoSession || b.header?.kind !== 'profile') {
      out.push(...b.lines);
      continue;
    }
    const key = `${m.accountId}/${m.roleName}`;
    const want = desiredByKey.get(key);
    if (want && !seen.has(key)) {
      seen.add(key);
      const after = updateOwned(b, want, input.ssoSession, eol, input.form, input.session);
      if (after.join('') === b.lines.join('')) unchanged++;
      else
        changes.push({
          kind: 'update',
          name: want.name,
          ...(b.header.name !== want.name ? { from: b.header.name } : {}),
          accountId: m.accountId,
          roleName: m.roleName,
          before: b.lines,
          after,
        });
      out.push(...after);
      continue;
    }
    if (input.incompleteAccounts.has(m.accountId) || seen.has(key)) {
      out.push(...b.lines);
      continue;
    }
    if (input.prune) {
      changes.push({ kind: 'remove', name: b.header.name, accountId: m.accountId, roleName: m.roleName, before: b.lines, after: [] });
    } else {
      changes.push({ kind: 'stale', name: b.header.name, accountId: m.accountId, roleName: m.roleName, before: b.lines, after: b.lines });
      out.push(...b.lines);
    }
  }

  const toAdd = input.desired
    .filter((d) => {
      const key = `${d.accountId}/${d.roleName}`;
      if (seen.has(key)) return false;
      if (userCovered.has(key) && !input.includeCovered) {
        coveredByUser.push(key);
        return false;
      }
      return true;
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (toAdd.length) {
    if (out.length && !out[out.length - 1]!.endsWith('\n')) out[out.length - 1] += eol;
    // One blank line between the existing text and each new section.
    const lastLine = out.length ? out[out.length - 1]!.trim() : '';
    let needBlank = out.length > 0 && lastLine !== '';
    for (const p of toAdd) {
      const lines = renderNew(p, input.ssoSession, eol, input.form ?? 'modern', input.session);
      const withSep = needBlank ? [eol, ...lines] : lines;
      out.push(...withSep);
      changes.push({ kind: 'add', name: p.name, accountId: p.accountId, roleName: p.roleName, before: [], after: lines });
      needBlank = true;
    }
  }
  return { text: out.join(''), changes, unchanged, coveredByUser };
}

/** A unified-diff-like list of what sync changes; `+`/`-` lines per section. */
export function renderDiff(path: string, changes: SyncChange[]): string {
  const out: string[] = [`--- ${path}`, `+++ ${path} (after sync)`];
  const strip = (l: string) => l.replace(/\r?\n$/, '');
  for (const c of changes) {
    if (c.kind === 'stale') {
      out.push(`@@ stale [profile ${c.name}]: ${c.roleName} in ${c.accountId} is no longer assigned (kept; --prune removes it) @@`);
      continue;
    }
    const title =
      c.kind === 'add' ? `add [profile ${c.name}]` : c.kind === 'remove' ? `remove [profile ${c.name}]` : c.kind === 'update' && c.from ? `rename [profile ${c.from}] -> [profile ${c.name}]` : `update [profile ${c.name}]`;
    out.push(`@@ ${title} @@`);
    if (c.kind === 'update') {
      out.push(...lineDiff(c.before.map(strip), c.after.map(strip)));
    } else {
      for (const l of c.before) out.push(`-${strip(l)}`);
      for (const l of c.after) out.push(`+${strip(l)}`);
    }
  }
  return out.join('\n') + '\n';
}

/** Line diff of two short blocks (LCS): ' ' context, '-' removed, '+' added, in order. */
function lineDiff(a: string[], b: string[]): string[] {
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      out.push(` ${a[i++]}`);
      j++;
    } else if (i < n && (j >= m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) out.push(`-${a[i++]}`);
    else out.push(`+${b[j++]}`);
  }
  return out;
}
