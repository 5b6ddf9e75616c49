/**
 * The mistakes people make when they edit ~/.aws/config and ~/.aws/credentials
 * by hand, found on the raw text (a file the parser accepts can still mean
 * something else to the AWS CLI than to its author). Collected from the issue
 * trackers of the AWS CLI (aws/aws-cli#157 profile prefix, #7496 chained roles
 * on sso_session), botocore (#2101 quoted values, #2835 sso_session beside
 * sso_start_url), aws-lite#207 (inline comments), cdk-multi-profile-plugin#25
 * (start URL copied with '#/'), and the peers' (granted, aws-vault, aws-sso-cli)
 * reports of profiles "not found".
 *
 * Checked and found harmless, so not reported: `region` only in the credentials
 * file (botocore, boto3, the AWS CLI v1 and v2, the JS SDK v3, Debian's Go SDK
 * v2 and Ruby aws-sdk-core all read it there), and CRLF line endings (every
 * one of them splits lines on \r?\n).
 *
 * Pure: text in, findings out. Every finding names file:line, says what the
 * AWS CLI (botocore's configparser) does with the line, and carries the line
 * edit that fixes it; `tempkey doctor --fix ID` applies those edits.
 */

export type HandEditId =
  | 'handedit.bom'
  | 'handedit.config-header'
  | 'handedit.credentials-header'
  | 'handedit.key-case'
  | 'handedit.key-typo'
  | 'handedit.colon'
  | 'handedit.quoted-value'
  | 'handedit.inline-comment'
  | 'handedit.indented-line'
  | 'handedit.start-url'
  | 'handedit.sso-keys-disagree'
  | 'handedit.keys-beside-process'
  | 'handedit.duplicate-key';

export const HAND_EDIT_IDS: HandEditId[] = [
  'handedit.bom',
  'handedit.config-header',
  'handedit.credentials-header',
  'handedit.key-case',
  'handedit.key-typo',
  'handedit.colon',
  'handedit.quoted-value',
  'handedit.inline-comment',
  'handedit.indented-line',
  'handedit.start-url',
  'handedit.sso-keys-disagree',
  'handedit.keys-beside-process',
  'handedit.duplicate-key',
];

/** Replace line `line` (1-based) of `file` by `with` (several lines, or none to delete); `append` adds lines to a section. */
export type LineEdit = { file: string; line: number; with: string[] } | { file: string; appendToSection: string; lines: string[] };

export interface HandEdit {
  id: HandEditId;
  severity: 'fail' | 'warn';
  file: string;
  line: number;
  profile?: string;
  /** What is on the line and what the AWS CLI does with it. */
  found: string;
  /** The edit in words (the command `tempkey doctor --fix ID` makes it). */
  change: string;
  edits: LineEdit[];
}

export interface AwsTexts {
  config: { path: string; text: string };
  credentials: { path: string; text: string };
}

const PROFILE_KEYS = [
  'aws_access_key_id', 'aws_secret_access_key', 'aws_session_token', 'aws_account_id', 'region', 'output', 'role_arn', 'source_profile',
  'credential_source', 'external_id', 'mfa_serial', 'role_session_name', 'duration_seconds', 'web_identity_token_file', 'sso_session',
  'sso_start_url', 'sso_region', 'sso_account_id', 'sso_role_name', 'sso_registration_scopes', 'credential_process', 'ca_bundle',
  'endpoint_url', 'services', 'cli_pager', 'cli_timestamp_format', 'cli_binary_format', 'cli_auto_prompt', 'cli_history', 'max_attempts',
  'retry_mode', 's3', 'sts_regional_endpoints', 'parameter_validation', 'tcp_keepalive', 'use_dualstack_endpoint', 'use_fips_endpoint',
  'login_session', 'metadata_service_timeout', 'metadata_service_num_attempts', 'ec2_metadata_service_endpoint',
  'ec2_metadata_service_endpoint_mode', 'account_id_endpoint_mode', 'request_checksum_calculation', 'response_checksum_validation',
  'ignore_configured_endpoint_urls', 'defaults_mode', 'sdk_ua_app_id', 'api_versions', 'disable_request_compression',
  'request_min_compression_size_bytes', 'sigv4a_signing_region_set', 'auth_scheme_preference', 'endpoint_discovery_enabled',
];
const KNOWN = new Set(PROFILE_KEYS);
/** Keys whose whole value is one token: quotes or a trailing comment there are always a mistake. */
const SIMPLE = new Set(['region', 'output', 'role_arn', 'source_profile', 'credential_source', 'mfa_serial', 'sso_session', 'sso_start_url', 'sso_region', 'sso_account_id', 'sso_role_name', 'aws_access_key_id', 'aws_secret_access_key', 'aws_session_token', 'duration_seconds', 'external_id', 'role_session_name']);
/** Config sections that are not profiles. */
const NON_PROFILE_SECTION = /^(default|profile\s.+|sso-session\s.+|services\s.+|plugins|preview|toplevel)$/;
const PROFILE_LIKE = new Set(['region', 'output', 'role_arn', 'source_profile', 'credential_source', 'credential_process', 'sso_session', 'sso_start_url', 'sso_account_id', 'sso_role_name', 'aws_access_key_id', 'mfa_serial']);

interface KeyLine {
  line: number;
  raw: string;
  key: string;
  delimiter: '=' | ':';
  value: string;
}

interface Section {
  file: 'config' | 'credentials';
  path: string;
  header: string;
  line: number;
  keys: KeyLine[];
}

/** The file cut into sections as configparser reads it (header lines unindented; indented lines continue a value). */
function sectionsOf(kind: 'config' | 'credentials', path: string, text: string, out: HandEdit[]): Section[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const sections: Section[] = [];
  let current: Section | undefined;
  let last: KeyLine | undefined;
  lines.forEach((raw, i) => {
    const n = i + 1;
    const t = raw.trim();
    if (!t || t.startsWith('#') || t.startsWith(';')) return;
    if (/^[ \t]/.test(raw)) {
      // configparser: an indented line after a key continues that key's value; after `s3 =` it is a nested key.
      if (last && last.value !== '' && current) {
        const looksLike = /^\[.*\]$/.test(t) ? 'section header' : /^[\w.-]+\s*[=:]/.test(t) ? 'setting' : undefined;
        if (looksLike) {
          out.push({
            id: 'handedit.indented-line',
            severity: 'fail',
            file: path,
            line: n,
            profile: profileOf(current),
            found: `${path}:${n} '${t}' is indented: the AWS CLI reads it as a continuation of '${last.key}' (line ${last.line}), so ${last.key} becomes '${last.value}\\n${t}'${looksLike === 'setting' ? ` and ${t.split(/[=:]/)[0]!.trim()} is not set` : ' and the section does not exist'}`,
            change: `remove the indentation of line ${n}`,
            edits: [{ file: path, line: n, with: [raw.replace(/^[ \t]+/, '')] }],
          });
        }
      }
      return;
    }
    const h = raw.match(/^\[([^\]]+)\]/);
    if (h) {
      current = { file: kind, path, header: h[1]!.trim(), line: n, keys: [] };
      sections.push(current);
      last = undefined;
      return;
    }
    const eq = raw.indexOf('=');
    const colon = raw.indexOf(':');
    const at = eq >= 0 && (colon < 0 || eq < colon) ? eq : colon;
    if (at <= 0 || !current) return;
    last = { line: n, raw, key: raw.slice(0, at).trim(), delimiter: raw[at] as '=' | ':', value: raw.slice(at + 1).trim() };
    current.keys.push(last);
  });
  return sections;
}

function profileOf(s: Section): string | undefined {
  if (s.file === 'credentials') return s.header;
  if (s.header === 'default') return 'default';
  const m = s.header.match(/^profile\s+(.+)$/);
  return m ? m[1]!.trim() : undefined;
}

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length]![b.length]!;
}

/** The known key a mistyped one most likely means (hyphens or spaces for underscores, a letter or two off). */
function meantKey(key: string): string | undefined {
  const norm = key.toLowerCase().replace(/[\s-]+/g, '_');
  if (KNOWN.has(norm)) return norm === key ? undefined : norm;
  if (norm.startsWith('tempkey_') || norm.length < 6) return undefined;
  let best: string | undefined;
  let bestD = 3;
  for (const k of PROFILE_KEYS) {
    const dd = distance(norm, k);
    if (dd < bestD && k.length >= 8) [best, bestD] = [k, dd];
  }
  return best;
}

const setLine = (k: KeyLine, key: string, value: string) => `${key} = ${value}`;

export function findHandEdits(t: AwsTexts): HandEdit[] {
  const out: HandEdit[] = [];
  for (const [kind, f] of [['config', t.config], ['credentials', t.credentials]] as const) {
    if (f.text.startsWith('\uFEFF')) {
      const first = f.text.slice(1).split(/\r?\n/)[0]!;
      out.push({
        id: 'handedit.bom',
        severity: 'fail',
        file: f.path,
        line: 1,
        found: `${f.path} starts with a byte-order mark (an editor saved it as "UTF-8 with BOM"): botocore reads '\\ufeff${first}' as line 1, which is no section header, and the AWS CLI refuses the whole file`,
        change: 'remove the byte-order mark',
        edits: [{ file: f.path, line: 1, with: [first] }],
      });
    }
  }
  const config = sectionsOf('config', t.config.path, t.config.text, out);
  const credentials = sectionsOf('credentials', t.credentials.path, t.credentials.text, out);
  const configProfiles = new Map(config.flatMap((s) => (profileOf(s) ? [[profileOf(s)!, s] as const] : [])));
  const credentialProfiles = new Map(credentials.map((s) => [s.header, s] as const));
  const sessions = new Map(config.flatMap((s) => (/^sso-session\s/.test(s.header) ? [[s.header.replace(/^sso-session\s+/, ''), s] as const] : [])));
  const sourceRefs = new Map<string, number>();
  for (const s of config) for (const k of s.keys) if (k.key.toLowerCase() === 'source_profile') sourceRefs.set(k.value, k.line);

  for (const s of config) {
    if (!NON_PROFILE_SECTION.test(s.header) && s.keys.some((k) => PROFILE_LIKE.has(k.key.toLowerCase()))) {
      const ref = sourceRefs.get(s.header);
      out.push({
        id: 'handedit.config-header',
        severity: 'fail',
        file: s.path,
        line: s.line,
        profile: s.header,
        found: `${s.path}:${s.line} [${s.header}] has no 'profile ' prefix: in the config file the AWS CLI only reads [default] and [profile NAME], so '--profile ${s.header}' says "The config profile (${s.header}) could not be found"${ref ? ` and source_profile = ${s.header} (line ${ref}) points nowhere` : ''}`,
        change: `rename the section to [profile ${s.header}]`,
        edits: [{ file: s.path, line: s.line, with: [`[profile ${s.header}]`] }],
      });
    }
  }
  for (const s of credentials) {
    const m = s.header.match(/^profile\s+(.+)$/);
    if (m && m[1]!.trim() !== '') {
      const name = m[1]!.trim();
      const clash = credentialProfiles.has(name);
      out.push({
        id: 'handedit.credentials-header',
        severity: 'fail',
        file: s.path,
        line: s.line,
        profile: name,
        found: `${s.path}:${s.line} [${s.header}]: the credentials file takes bare names, so the AWS CLI files these keys under a profile literally named '${s.header}'; '--profile ${name}' finds no keys there`,
        change: clash ? `move its keys into the [${name}] section already in the file and delete [${s.header}]` : `rename the section to [${name}]`,
        edits: clash ? [] : [{ file: s.path, line: s.line, with: [`[${name}]`] }],
      });
    }
  }

  for (const s of [...config, ...credentials]) {
    const profile = profileOf(s);
    const seen = new Map<string, KeyLine>();
    for (const k of s.keys) {
      const lower = k.key.toLowerCase();
      const prev = seen.get(lower);
      if (prev) {
        out.push({
          id: 'handedit.duplicate-key',
          severity: 'fail',
          file: s.path,
          line: k.line,
          profile,
          found: `${s.path}:${k.line} sets ${lower} again (first at line ${prev.line}) in [${s.header}]: botocore's configparser raises DuplicateOptionError and the AWS CLI refuses the whole file (the JS SDK would take the last one)`,
          change: `delete line ${k.line}, keeping ${lower} = ${prev.value} from line ${prev.line}`,
          edits: [{ file: s.path, line: k.line, with: [] }],
        });
        continue;
      }
      seen.set(lower, k);
      // Sub-sections have keys of their own: no typo or case checks there.
      const ownKeys = /^sso-session\s|^services\s/.test(s.header) && s.file === 'config';
      const meant = ownKeys ? undefined : meantKey(k.key);
      if (meant && meant !== lower) {
        out.push({
          id: 'handedit.key-typo',
          severity: 'fail',
          file: s.path,
          line: k.line,
          profile,
          found: `${s.path}:${k.line} '${k.key}' is not a setting the AWS CLI knows; it ignores the line without a word, so ${meant} is not set${profile ? ` for '${profile}'` : ''}`,
          change: `rename '${k.key}' to '${meant}'`,
          edits: [{ file: s.path, line: k.line, with: [setLine(k, meant, k.value)] }],
        });
        continue;
      }
      if (!ownKeys && k.key !== lower && KNOWN.has(lower)) {
        out.push({
          id: 'handedit.key-case',
          severity: 'warn',
          file: s.path,
          line: k.line,
          profile,
          found: `${s.path}:${k.line} '${k.key}' is not lower case: the AWS CLI lower-cases keys and reads it, but the JS SDK v3, the Go SDK and terraform read keys as written and miss ${lower}`,
          change: `write it '${lower}'`,
          edits: [{ file: s.path, line: k.line, with: [setLine(k, lower, k.value)] }],
        });
      }
      if (k.delimiter === ':') {
        out.push({
          id: 'handedit.colon',
          severity: 'warn',
          file: s.path,
          line: k.line,
          profile,
          found: `${s.path}:${k.line} '${k.raw.trim()}' uses ':' for '=': the AWS CLI (configparser) accepts it, the JS SDK v3, the Go SDK and terraform do not`,
          change: `write '${lower} = ${k.value}'`,
          edits: [{ file: s.path, line: k.line, with: [setLine(k, k.key, k.value)] }],
        });
      }
      if (SIMPLE.has(lower) && /^(["']).*\1$/.test(k.value) && k.value.length >= 2) {
        const bare = k.value.slice(1, -1);
        out.push({
          id: 'handedit.quoted-value',
          severity: 'fail',
          file: s.path,
          line: k.line,
          profile,
          found: `${s.path}:${k.line} ${lower} = ${k.value}: the AWS CLI keeps the quotes as part of the value${lower === 'region' ? ` (endpoints become https://sts.${k.value}.amazonaws.com: "Invalid endpoint")` : ''}`,
          change: `remove the quotes: ${lower} = ${bare}`,
          edits: [{ file: s.path, line: k.line, with: [setLine(k, k.key, bare)] }],
        });
      }
      const comment = SIMPLE.has(lower) ? k.value.match(/^(.*?)\s+([#;].*)$/) : null;
      if (comment) {
        out.push({
          id: 'handedit.inline-comment',
          severity: 'fail',
          file: s.path,
          line: k.line,
          profile,
          found: `${s.path}:${k.line} ${lower} = ${k.value}: the AWS CLI has no inline comments, so ${lower} is '${k.value}', comment included`,
          change: `move '${comment[2]}' to a line of its own above`,
          edits: [{ file: s.path, line: k.line, with: [comment[2]!, setLine(k, k.key, comment[1]!)] }],
        });
      }
      if (lower === 'sso_start_url') {
        const bare = k.value.replace(/^(["'])(.*)\1$/, '$2');
        const fixed = (/^https?:\/\//i.test(bare) ? bare : `https://${bare}`).replace(/^http:\/\//i, 'https://').replace(/#.*$/, '');
        if (fixed !== bare && !/\s/.test(bare)) {
          out.push({
            id: 'handedit.start-url',
            severity: 'fail',
            file: s.path,
            line: k.line,
            profile,
            found: `${s.path}:${k.line} sso_start_url = ${bare}: ${/#/.test(bare) ? "the '#…' the browser shows is not part of the start URL; the AWS CLI uses the value verbatim, so its token cache key and the portal's issuer differ" : 'a start URL is an https:// URL; the AWS CLI sends it as is and the login fails (newer AWS CLIs refuse it outright)'}`,
            change: `write sso_start_url = ${fixed}`,
            edits: [{ file: s.path, line: k.line, with: [setLine(k, k.key, fixed)] }],
          });
        }
      }
    }
  }

  for (const [name, s] of configProfiles) {
    const keys = new Map(s.keys.map((k) => [k.key.toLowerCase(), k]));
    const session = keys.get('sso_session');
    const sessionSection = session ? sessions.get(session.value) : undefined;
    if (session && sessionSection) {
      const sKeys = new Map(sessionSection.keys.map((k) => [k.key.toLowerCase(), k]));
      const disagree = ['sso_start_url', 'sso_region'].filter((k) => keys.has(k) && sKeys.has(k) && keys.get(k)!.value !== sKeys.get(k)!.value);
      if (disagree.length) {
        out.push({
          id: 'handedit.sso-keys-disagree',
          severity: 'fail',
          file: s.path,
          line: keys.get(disagree[0]!)!.line,
          profile: name,
          found: `${s.path}:${keys.get(disagree[0]!)!.line} [profile ${name}] sets sso_session = ${session.value} and also ${disagree.map((k) => `${k} = ${keys.get(k)!.value} (line ${keys.get(k)!.line})`).join(', ')}, which [sso-session ${session.value}] (line ${sessionSection.line}) sets otherwise: botocore refuses the profile ("The value for ${disagree[0]} associated with profile ${name} does not match"), and SDKs from before sso_session use the other start URL`,
          change: `delete the profile's own ${disagree.join(' and ')} (the sso-session holds them)`,
          edits: ['sso_start_url', 'sso_region'].filter((k) => keys.has(k)).map((k) => ({ file: s.path, line: keys.get(k)!.line, with: [] })),
        });
      }
    }
    const process = keys.get('credential_process');
    const cred = credentialProfiles.get(name);
    const credKeys = cred?.keys.filter((k) => ['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token'].includes(k.key.toLowerCase())) ?? [];
    if (process && credKeys.length) {
      out.push({
        id: 'handedit.keys-beside-process',
        severity: 'fail',
        file: cred!.path,
        line: credKeys[0]!.line,
        profile: name,
        found: `[profile ${name}] sets credential_process (${s.path}:${process.line}), but [${name}] in ${cred!.path}:${cred!.line} has access keys: the AWS CLI takes credentials-file keys first, so credential_process never runs`,
        change: `comment out the keys in ${cred!.path} (lines ${credKeys.map((k) => k.line).join(', ')}); delete them once credential_process works`,
        edits: credKeys.map((k) => ({ file: cred!.path, line: k.line, with: [`# ${k.raw.trim()}`] })),
      });
    }
    const configKeys = s.keys.filter((k) => ['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token'].includes(k.key.toLowerCase()));
    if (process && configKeys.length) {
      out.push({
        id: 'handedit.keys-beside-process',
        severity: 'warn',
        file: s.path,
        line: configKeys[0]!.line,
        profile: name,
        found: `${s.path}:${configKeys[0]!.line} [profile ${name}] has both credential_process (line ${process.line}) and access keys (line ${configKeys[0]!.line}): the AWS CLI runs credential_process and never uses these keys, which sit in plaintext in the config file`,
        change: `comment out the keys (lines ${configKeys.map((k) => k.line).join(', ')}); delete them once credential_process works`,
        edits: configKeys.map((k) => ({ file: s.path, line: k.line, with: [`# ${k.raw.trim()}`] })),
      });
    }
  }

  return out.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
}

/** Applies line edits to one file's text (bottom-up, so line numbers stay valid); keeps the file's line endings. */
export function applyLineEdits(text: string, path: string, edits: LineEdit[]): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const bom = text.startsWith('\uFEFF');
  let lines = (bom ? text.slice(1) : text).split(/\r?\n/);
  const mine = edits.filter((e) => e.file === path);
  const replaces = mine.filter((e): e is Extract<LineEdit, { line: number }> => 'line' in e).sort((a, b) => b.line - a.line);
  for (const e of replaces) lines.splice(e.line - 1, 1, ...e.with);
  for (const e of mine.filter((e): e is Extract<LineEdit, { appendToSection: string }> => 'appendToSection' in e)) {
    const start = lines.findIndex((l) => l.trim() === `[${e.appendToSection}]`);
    if (start < 0) {
      while (lines.length && lines[lines.length - 1] === '') lines.pop();
      lines = [...lines, ...(lines.length ? [''] : []), `[${e.appendToSection}]`, ...e.lines, ''];
      continue;
    }
    let end = start + 1;
    while (end < lines.length && !/^\[/.test(lines[end]!)) end++;
    while (end > start + 1 && lines[end - 1]!.trim() === '') end--;
    lines.splice(end, 0, ...e.lines);
  }
  return lines.join(eol);
}
