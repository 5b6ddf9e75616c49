import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { interpolate, lineOf, parseHcl, parseHclIfPresent, type HclBody, type HclValue } from './hcl.js';
import type { Project } from './detect.js';

/**
 * Every AWS profile a terraform layer uses: the backend's (the account's
 * config/backend.tfvars, or the backend block), each `provider "aws"` block's
 * (aliases included), and each terraform_remote_state data source's.
 * `${var.x}` comes from the tfvars Leverage passes (common, account, backend);
 * `local.x` is followed into the layer's locals.
 */
export interface LayerProfile {
  profile: string;
  kind: 'backend' | 'provider' | 'remote_state';
  alias?: string;
  file: string;
  line: number;
}

export interface Layer {
  dir: string;
  account?: string;
  profiles: LayerProfile[];
  /** References that could not be resolved to a name (e.g. a variable with no value). */
  unresolved: { expression: string; file: string; line: number }[];
}

const asBlocks = (v: HclValue | undefined): Record<string, HclValue>[] => (Array.isArray(v) ? (v.filter((x) => x && typeof x === 'object' && !Array.isArray(x)) as Record<string, HclValue>[]) : []);

export async function readLayer(dir: string, project: Project): Promise<Layer> {
  const rel = relative(project.root, dir);
  const account = rel && !rel.startsWith('..') ? rel.split(sep)[0] : undefined;
  // Leverage passes every *.tfvars of config/ and of <account>/config/ to terraform, in that order.
  const varFiles = [...(await tfvarsIn(join(project.root, 'config'))), ...(account ? await tfvarsIn(join(project.root, account, 'config')) : [])];
  const vars: Record<string, HclValue> = {};
  for (const f of varFiles) Object.assign(vars, (await parseHclIfPresent(f)) ?? {});

  const tfFiles = (await readdir(dir)).filter((f) => f.endsWith('.tf')).sort();
  const parsed: { file: string; text: string; body: HclBody }[] = [];
  for (const f of tfFiles) {
    const file = join(dir, f);
    const text = await readFile(file, 'utf8');
    parsed.push({ file, text, body: await parseHcl(file, text) });
  }
  const locals: Record<string, HclValue> = {};
  const localFile: Record<string, { file: string; text: string }> = {};
  for (const p of parsed) {
    for (const block of asBlocks(p.body.locals)) {
      Object.assign(locals, block);
      for (const k of Object.keys(block)) localFile[k] = p;
    }
  }
  // Variable defaults count when no tfvars sets them.
  for (const p of parsed) {
    const variables = p.body.variable as Record<string, HclValue> | undefined;
    for (const [name, blocks] of Object.entries(variables ?? {})) {
      const def = asBlocks(blocks)[0]?.default;
      if (vars[name] === undefined && def !== undefined) vars[name] = def;
    }
  }

  const profiles: LayerProfile[] = [];
  const unresolved: Layer['unresolved'] = [];
  const add = (raw: HclValue | undefined, kind: LayerProfile['kind'], file: string, text: string, anchor: RegExp, alias?: string) => {
    if (raw === undefined) return;
    const start = lineOf(text, anchor) ?? 1;
    const line = lineOf(text, /^\s*profile\s*=/, start) ?? start;
    const name = interpolate(raw, vars, locals);
    if (name) profiles.push({ profile: name, kind, alias, file, line });
    else unresolved.push({ expression: String(raw), file, line });
  };

  // The backend: backend.tfvars of the account (Leverage passes it to init), else the block's own profile.
  const backendTfvars = account ? join(project.root, account, 'config', 'backend.tfvars') : undefined;
  const backendVars = backendTfvars ? await parseHclIfPresent(backendTfvars) : undefined;
  if (backendVars?.profile !== undefined && backendTfvars) {
    const text = await readFile(backendTfvars, 'utf8');
    add(backendVars.profile, 'backend', backendTfvars, text, /^\s*profile\s*=/);
  } else {
    for (const p of parsed) {
      for (const tf of asBlocks(p.body.terraform)) {
        const s3 = (tf.backend as Record<string, HclValue> | undefined)?.s3;
        for (const b of asBlocks(s3)) add(b.profile, 'backend', p.file, p.text, /backend\s+"s3"/);
      }
    }
  }
  for (const p of parsed) {
    const providers = asBlocks((p.body.provider as Record<string, HclValue> | undefined)?.aws);
    let searchFrom = 1;
    for (const block of providers) {
      // Point at this block: the n-th `provider "aws"` header in the file.
      const header = lineOf(p.text, /^\s*provider\s+"aws"/, searchFrom) ?? 1;
      searchFrom = header + 1;
      const line = lineOf(p.text, /^\s*profile\s*=/, header) ?? header;
      const name = block.profile === undefined ? undefined : interpolate(block.profile, vars, locals);
      const alias = typeof block.alias === 'string' ? block.alias : undefined;
      if (block.profile === undefined) continue;
      if (name) profiles.push({ profile: name, kind: 'provider', alias, file: p.file, line });
      else unresolved.push({ expression: String(block.profile), file: p.file, line });
    }
    const remote = (p.body.data as Record<string, HclValue> | undefined)?.terraform_remote_state as Record<string, HclValue> | undefined;
    for (const [name, blocks] of Object.entries(remote ?? {})) {
      for (const b of asBlocks(blocks)) {
        const config = b.config as Record<string, HclValue> | undefined;
        const anchor = new RegExp(`data\\s+"terraform_remote_state"\\s+"${name}"`);
        if (config?.profile === undefined || countIsZero(b.count, vars)) continue;
        if (b.for_each === undefined) {
          add(config.profile, 'remote_state', p.file, p.text, anchor, name);
          continue;
        }
        // for_each: the profile of every element of the map it walks, pointed at where the element is written.
        const source = /^\$\{\s*(local|var)\.([A-Za-z0-9_-]+)\s*\}$/.exec(String(b.for_each));
        const map = source ? (source[1] === 'local' ? locals[source[2]!] : vars[source[2]!]) : undefined;
        if (!map || typeof map !== 'object' || Array.isArray(map)) {
          const line = lineOf(p.text, /^\s*for_each\s*=/, lineOf(p.text, anchor) ?? 1) ?? 1;
          unresolved.push({ expression: `for_each = ${String(b.for_each)}`, file: p.file, line });
          continue;
        }
        const where = source![1] === 'local' ? localFile[source![2]!] : undefined;
        for (const [key, value] of Object.entries(map)) {
          const file = where?.file ?? p.file;
          const text = where?.text ?? p.text;
          const mapLine = where ? lineOf(where.text, new RegExp(`^\\s*"?${escapeRe(source![2]!)}"?\\s*=`)) : undefined;
          const keyLine = lineOf(text, new RegExp(`^\\s*"?${escapeRe(key)}"?\\s*=\\s*\\{`), mapLine ?? 1) ?? mapLine ?? lineOf(text, anchor) ?? 1;
          const line = lineOf(text, /^\s*profile\s*=/, keyLine) ?? keyLine;
          const profile = interpolate(config.profile, vars, locals, 0, { key, value });
          if (profile) profiles.push({ profile, kind: 'remote_state', alias: `${name}["${key}"]`, file, line });
          else unresolved.push({ expression: `${String(config.profile)} for ${name}["${key}"]`, file, line });
        }
      }
    }
  }
  return { dir, account, profiles, unresolved };
}

const escapeRe = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function tfvarsIn(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((n) => n.endsWith('.tfvars')).sort().map((n) => join(dir, n));
}

/** `count = var.enable_x ? 1 : 0` (or a literal) that comes to 0: terraform reads nothing, so no profile is needed. */
function countIsZero(count: HclValue | undefined, vars: Record<string, HclValue>): boolean {
  if (count === 0 || count === '0') return true;
  const m = /^\$\{\s*var\.([A-Za-z0-9_-]+)\s*\?\s*(\d+)\s*:\s*(\d+)\s*\}$/.exec(String(count ?? ''));
  if (!m) return false;
  const v = vars[m[1]!];
  if (typeof v !== 'boolean') return false;
  return Number(v ? m[2] : m[3]) === 0;
}

export async function layerProfiles(dir: string, project: Project): Promise<LayerProfile[]> {
  return (await readLayer(dir, project)).profiles;
}

/** Distinct profile names, in first-use order. */
export function distinctProfiles(profiles: LayerProfile[]): string[] {
  return [...new Set(profiles.map((p) => p.profile))];
}
