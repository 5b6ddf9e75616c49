import type { Origin } from '../lib/domain.js';

/**
 * The AWS config and credentials files, parsed once into a typed model
 * (Granted-style): profiles, sso-sessions and services sections, each key
 * with the file:line it came from. Profile names follow botocore's
 * build_profile_map: `[default]` and `[profile x]` in the config file (the
 * header split shell-like into exactly two words), every `[x]` of the
 * credentials file; credentials-file keys override config-file keys.
 */

/** The part of an INI document the model reads (src/files/ini's IniDocument has it). */
export interface IniSectionView {
  name: string;
  line: number;
  values: Record<string, { value: string | Record<string, string>; line: number }>;
  duplicateLines?: number[];
}
export interface IniDocumentView {
  sections(): IniSectionView[];
}

/** Every credential-related key the AWS CLI v2 knows, plus tempkey's own. */
export const CREDENTIAL_KEYS = [
  'aws_access_key_id',
  'aws_secret_access_key',
  'aws_session_token',
  'aws_security_token',
  'role_arn',
  'source_profile',
  'credential_source',
  'external_id',
  'mfa_serial',
  'duration_seconds',
  'role_session_name',
  'web_identity_token_file',
  'credential_process',
  'sso_session',
  'sso_start_url',
  'sso_region',
  'sso_account_id',
  'sso_role_name',
  'sso_registration_scopes',
  'region',
  'endpoint_url',
  'services',
  'tempkey_vault',
  'tempkey_vault_backend',
  'tempkey_mfa_session_duration',
] as const;
export type CredentialKey = (typeof CREDENTIAL_KEYS)[number];

/** One key's value and where it was written. Nested sub-sections (`s3 =` + indented lines) keep their map. */
export interface Setting {
  value: string;
  nested?: Record<string, string>;
  origin: Origin;
}

export type Settings = Partial<Record<string, Setting>>;

export interface ProfileEntry {
  readonly name: string;
  /** `[profile x]` / `[default]` header in the config file. */
  readonly configSection?: Origin;
  /** `[x]` header in the credentials file. */
  readonly credentialsSection?: Origin;
  readonly fromConfig: Settings;
  readonly fromCredentials: Settings;
  /** Config keys overridden by credentials-file keys, like botocore's full_config. */
  readonly merged: Settings;
}

/**
 * A record of settings with no inherited keys, like Object.create(null) (a key
 * named `constructor` or `__proto__` is only ever the file's), but kept by V8
 * as a fast object: Object.create(null) starts in dictionary mode, which made
 * building 10,000 profiles' settings the largest cost of `profiles list`.
 */
const NoInheritedKeys = function () {} as unknown as new () => Settings;
NoInheritedKeys.prototype = Object.create(null);
const newSettings = (): Settings => new NoInheritedKeys();

const EMPTY: Settings = Object.freeze(newSettings());

/**
 * Settings are built on first use: resolving one profile of a 10,000-profile
 * file touches a handful of sections, not all of them.
 */
class LazyProfile implements ProfileEntry {
  private cfg?: IniSectionView;
  private cred?: IniSectionView;
  private c?: Settings;
  private r?: Settings;
  private m?: Settings;
  private cfgOrigin?: Origin;
  private credOrigin?: Origin;

  constructor(
    readonly name: string,
    private files: { config: string; credentials: string },
  ) {}

  setConfig(section: IniSectionView) {
    this.cfg = section;
    this.c = this.m = this.cfgOrigin = undefined;
  }

  setCredentials(section: IniSectionView) {
    this.cred = section;
    this.r = this.m = this.credOrigin = undefined;
  }

  get configSection(): Origin | undefined {
    return this.cfg && (this.cfgOrigin ??= { file: this.files.config, line: this.cfg.line });
  }

  get credentialsSection(): Origin | undefined {
    return this.cred && (this.credOrigin ??= { file: this.files.credentials, line: this.cred.line });
  }

  get fromConfig(): Settings {
    return (this.c ??= this.cfg ? toSettings(this.cfg, this.files.config) : EMPTY);
  }

  get fromCredentials(): Settings {
    return (this.r ??= this.cred ? toSettings(this.cred, this.files.credentials) : EMPTY);
  }

  get merged(): Settings {
    return (this.m ??= !this.cred ? this.fromConfig : !this.cfg ? this.fromCredentials : Object.assign(newSettings(), this.fromConfig, this.fromCredentials));
  }

  toJSON() {
    return { name: this.name, configSection: this.configSection, credentialsSection: this.credentialsSection, merged: this.merged };
  }

  /** merged[key]?.value, read from the sections without building any Settings. */
  mergedValue(key: string): string | undefined {
    if (this.m) return this.m[key]?.value;
    const v = (this.cred && ownValue(this.cred, key)) ?? (this.cfg && ownValue(this.cfg, key));
    return v === undefined ? undefined : typeof v.value === 'string' ? v.value : '';
  }

  /** This profile's node below `root` in a ProfileShapes trie, walked over the sections' keys. */
  shapeBelow(root: ShapeNode): ShapeNode {
    return keysBelow(keysBelow(root, this.cfg?.values), this.cred?.values);
  }
}

const ownValue = (section: IniSectionView, key: string) => (Object.hasOwn(section.values, key) ? section.values[key] : undefined);

/**
 * `p.merged[key]?.value` (a nested sub-section's value is ''), without building
 * the profile's settings: `profiles list` reads one value of 10,000 profiles.
 */
export function mergedValue(p: ProfileEntry, key: string): string | undefined {
  return p instanceof LazyProfile ? p.mergedValue(key) : p.merged[key]?.value;
}

/** A node of the trie of key lists: one child per next key, and where a file's keys end or its section is missing. */
class ShapeNode {
  readonly next = new Map<string, ShapeNode>();
  endOfFile?: ShapeNode;
  noSection?: ShapeNode;
}

/** The node reached from `node` by one file's keys in order (or by its missing section). */
function keysBelow(node: ShapeNode, values: object | undefined): ShapeNode {
  if (!values) return (node.noSection ??= new ShapeNode());
  for (const key in values) {
    let child = node.next.get(key);
    if (!child) node.next.set(key, (child = new ShapeNode()));
    node = child;
  }
  return (node.endOfFile ??= new ShapeNode());
}

/**
 * Which keys a profile sets in each file (config, then credentials), as a
 * token: profiles that differ only in their names and values get the same
 * object. Found by walking a trie of the key lists seen so far, so 10,000
 * profiles cost no strings and no settings.
 */
export class ProfileShapes {
  private root = new ShapeNode();

  of(p: ProfileEntry): object {
    if (p instanceof LazyProfile) return p.shapeBelow(this.root);
    return keysBelow(keysBelow(this.root, p.configSection ? p.fromConfig : undefined), p.credentialsSection ? p.fromCredentials : undefined);
  }
}

export interface SectionEntry {
  name: string;
  origin: Origin;
  settings: Settings;
}

export interface DuplicateSection {
  kind: 'profile' | 'sso-session' | 'services';
  name: string;
  origins: Origin[];
}

/** Everything, built in one pass over all sections (listing, did-you-mean). */
export interface FullProfileModel {
  profiles: ReadonlyMap<string, ProfileEntry>;
  ssoSessions: ReadonlyMap<string, SectionEntry>;
  services: ReadonlyMap<string, SectionEntry>;
  /** Config-file sections that are not profiles (e.g. `[dev]` missing its `profile ` prefix). */
  otherConfigSections: SectionEntry[];
  duplicates: DuplicateSection[];
}

/**
 * The model. Lookups by name (`profile`, `ssoSession`, `servicesSection`,
 * `duplicatesOf`) touch only the sections they need when the documents can
 * find a header directly; the full maps are built on first use.
 */
export interface AwsProfileModel extends FullProfileModel {
  files: { config: string; credentials: string };
  profile(name: string): ProfileEntry | undefined;
  ssoSession(name: string): SectionEntry | undefined;
  servicesSection(name: string): SectionEntry | undefined;
  duplicatesOf(kind: DuplicateSection['kind'], name: string): DuplicateSection | undefined;
}

/** A document that can find sections by exact header text (src/resolve/read-ini's FastIniDocument). */
interface HeaderLookup extends IniDocumentView {
  findHeader(header: string): IniSectionView[];
  headersAreCanonical(): boolean;
}

function canLookUp(doc: IniDocumentView | undefined): doc is HeaderLookup | undefined {
  return !doc || (typeof (doc as Partial<HeaderLookup>).findHeader === 'function' && (doc as HeaderLookup).headersAreCanonical());
}

/** Python's shlex.split (POSIX mode) for section headers; undefined where Python raises. */
export function shlexSplit(text: string): string[] | undefined {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
    } else if (ch === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) return undefined;
      word += text.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (ch === '"') {
      i++;
      let closed = false;
      while (i < text.length) {
        const c = text[i]!;
        if (c === '"') {
          closed = true;
          i++;
          break;
        }
        if (c === '\\' && i + 1 < text.length && '\\"$`\n'.includes(text[i + 1]!)) {
          word += text[i + 1];
          i += 2;
        } else {
          word += c;
          i++;
        }
      }
      if (!closed) return undefined;
      inWord = true;
    } else if (ch === '\\') {
      if (i + 1 >= text.length) return undefined;
      if (text[i + 1] !== '\n') word += text[i + 1];
      inWord = true;
      i += 2;
    } else {
      word += ch;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}

const NEEDS_SHLEX = /[\s'"\\]/;
const PREFIXES = ['profile', 'sso-session', 'services'] as const;

/** What a config-file header names, by botocore's rules. */
export function classifyConfigSection(header: string): { kind: 'profile' | 'sso-session' | 'services'; name: string } | undefined {
  if (header === 'default') return { kind: 'profile', name: 'default' };
  for (let i = 0; i < PREFIXES.length; i++) {
    const kind = PREFIXES[i]!;
    if (!header.startsWith(kind)) continue;
    // Fast path for the usual `profile name` (10,000-profile configs stay fast); shlex for the rest.
    if (header.charCodeAt(kind.length) === 32) {
      const rest = header.slice(kind.length + 1);
      if (rest && !NEEDS_SHLEX.test(rest)) return { kind, name: rest };
    }
    const parts = shlexSplit(header);
    if (!parts || parts.length !== 2) return undefined;
    return { kind, name: parts[1]! };
  }
  return undefined;
}

function toSettings(section: IniSectionView, file: string): Settings {
  const out = newSettings();
  const values = section.values;
  for (const key in values) {
    const v = values[key]!;
    const origin = { file, line: v.line };
    out[key] = typeof v.value === 'string' ? { value: v.value, origin } : { value: '', nested: v.value, origin };
  }
  return out;
}

export function buildProfileModel(
  config: IniDocumentView | undefined,
  credentials: IniDocumentView | undefined,
  files: { config: string; credentials: string },
): AwsProfileModel {
  let full: FullProfileModel | undefined;
  const all = () => (full ??= buildFullModel(config, credentials, files));
  // Whether lookups by header text are exact: asked at the first lookup (a listing builds everything and never asks).
  let directLookups: boolean | undefined;
  const direct = () => (directLookups ??= canLookUp(config) && canLookUp(credentials));
  const cache = new Map<string, ProfileEntry | undefined>();
  const origins = (doc: IniDocumentView | undefined, file: string, header: string) =>
    doc ? (doc as HeaderLookup).findHeader(header).map((section) => ({ section, origin: { file, line: section.line } })) : [];

  const looked = new Map<string, ReturnType<typeof findProfileSections>>();
  const lookUpProfile = (name: string) => {
    let r = looked.get(name);
    if (!r) looked.set(name, (r = findProfileSections(name)));
    return r;
  };
  const findProfileSections = (name: string) => {
    const inConfig = name === 'default' ? [...origins(config, files.config, 'default'), ...origins(config, files.config, 'profile default')] : origins(config, files.config, `profile ${name}`);
    const inCredentials = origins(credentials, files.credentials, name);
    return { inConfig, inCredentials };
  };

  return {
    files,
    get profiles() {
      return all().profiles;
    },
    get ssoSessions() {
      return all().ssoSessions;
    },
    get services() {
      return all().services;
    },
    get otherConfigSections() {
      return all().otherConfigSections;
    },
    get duplicates() {
      return all().duplicates;
    },
    profile(name) {
      if (!direct()) return all().profiles.get(name);
      if (cache.has(name)) return cache.get(name);
      const { inConfig, inCredentials } = lookUpProfile(name);
      let entry: LazyProfile | undefined;
      if (inConfig.length || inCredentials.length) {
        entry = new LazyProfile(name, files);
        // botocore keeps the later of `[default]` / `[profile default]`.
        const lastConfig = inConfig.sort((a, b) => a.origin.line - b.origin.line).at(-1);
        if (lastConfig) entry.setConfig(lastConfig.section);
        if (inCredentials[0]) entry.setCredentials(inCredentials[0].section);
      }
      cache.set(name, entry);
      return entry;
    },
    ssoSession(name) {
      if (!direct()) return all().ssoSessions.get(name);
      const found = origins(config, files.config, `sso-session ${name}`).at(-1);
      return found && { name, origin: found.origin, settings: toSettings(found.section, files.config) };
    },
    servicesSection(name) {
      if (!direct()) return all().services.get(name);
      const found = origins(config, files.config, `services ${name}`).at(-1);
      return found && { name, origin: found.origin, settings: toSettings(found.section, files.config) };
    },
    duplicatesOf(kind, name) {
      if (!direct()) return all().duplicates.find((d) => d.kind === kind && d.name === name);
      let found: Origin[];
      if (kind === 'profile') {
        const { inConfig, inCredentials } = lookUpProfile(name);
        found = [...inConfig, ...inCredentials].map((x) => x.origin);
        // One section in each file is the normal merge, not a duplicate.
        if (inConfig.length <= 1 && inCredentials.length <= 1) found = [];
      } else {
        found = origins(config, files.config, `${kind} ${name}`).map((x) => x.origin);
        if (found.length <= 1) found = [];
      }
      return found.length ? { kind, name, origins: sortOrigins(found) } : undefined;
    },
  };
}

function sortOrigins(origins: Origin[]): Origin[] {
  return origins.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file.localeCompare(b.file)));
}

function buildFullModel(
  config: IniDocumentView | undefined,
  credentials: IniDocumentView | undefined,
  files: { config: string; credentials: string },
): FullProfileModel {
  const profiles = new Map<string, LazyProfile>();
  const ssoSessions = new Map<string, SectionEntry>();
  const services = new Map<string, SectionEntry>();
  const otherConfigSections: SectionEntry[] = [];
  const dupes = new Map<string, DuplicateSection>();
  const noteDuplicate = (kind: DuplicateSection['kind'], name: string, origins: Origin[]) => {
    const id = `${kind}\0${name}`;
    const d = dupes.get(id) ?? { kind, name, origins: [] };
    for (const o of origins) if (!d.origins.some((x) => x.file === o.file && x.line === o.line)) d.origins.push(o);
    sortOrigins(d.origins);
    dupes.set(id, d);
  };

  const origin = (file: string, section: IniSectionView): Origin => ({ file, line: section.line });
  for (const section of config?.sections() ?? []) {
    const kind = classifyConfigSection(section.name);
    if (!kind) {
      otherConfigSections.push({ name: section.name, origin: origin(files.config, section), settings: toSettings(section, files.config) });
      continue;
    }
    const dupLines = section.duplicateLines;
    if (dupLines?.length) noteDuplicate(kind.kind, kind.name, [origin(files.config, section), ...dupLines.map((line) => ({ file: files.config, line }))]);
    if (kind.kind === 'profile') {
      const existing = profiles.get(kind.name);
      if (existing) {
        // `[default]` and `[profile default]`, or two spellings of one header:
        // botocore keeps the later section whole.
        if (existing.configSection) noteDuplicate('profile', kind.name, [existing.configSection, origin(files.config, section)]);
        existing.setConfig(section);
      } else {
        const entry = new LazyProfile(kind.name, files);
        entry.setConfig(section);
        profiles.set(kind.name, entry);
      }
    } else {
      const map = kind.kind === 'sso-session' ? ssoSessions : services;
      const existing = map.get(kind.name);
      if (existing) noteDuplicate(kind.kind, kind.name, [existing.origin, origin(files.config, section)]);
      map.set(kind.name, { name: kind.name, origin: origin(files.config, section), settings: toSettings(section, files.config) });
    }
  }

  for (const section of credentials?.sections() ?? []) {
    const dupLines = section.duplicateLines;
    if (dupLines?.length) noteDuplicate('profile', section.name, [origin(files.credentials, section), ...dupLines.map((line) => ({ file: files.credentials, line }))]);
    const existing = profiles.get(section.name);
    if (existing?.credentialsSection) noteDuplicate('profile', section.name, [existing.credentialsSection, origin(files.credentials, section)]);
    const entry = existing ?? new LazyProfile(section.name, files);
    entry.setCredentials(section);
    if (!existing) profiles.set(section.name, entry);
  }

  return { profiles, ssoSessions, services, otherConfigSections, duplicates: [...dupes.values()] };
}

/** Where a profile is defined, for messages: the config header, else the credentials header. */
export function profileOrigin(p: ProfileEntry): Origin | undefined {
  return p.configSection ?? p.credentialsSection;
}
