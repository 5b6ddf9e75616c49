import { readdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { CliIo } from './io.js';
import { credentialScope, obtainFromFlags, type CredentialFlagValues } from './credential-flags.js';
import { selfCommand } from './self-command.js';
import { TempkeyError } from '../lib/errors.js';
import type { Layer } from '../project/layer.js';
import type { Project } from '../project/detect.js';

/**
 * exec in terraform layers (directories with .tf files inside a project):
 * the current directory, or each of `--layers a,b,c` (globs allowed, as
 * Leverage's --layers). Every profile of every layer is warmed first, so one
 * MFA code or one SSO login serves them all; then the command runs in each
 * layer in turn and the first failure stops the rest. Undefined when this is
 * not a layer, so plain exec takes over.
 */
export async function runInLayer(values: CredentialFlagValues & { layers?: string }, program: string[], io: CliIo, verbose: (line: string) => void): Promise<number | undefined> {
  const dirs = values.layers ? await expandLayers(io.cwd, values.layers) : [io.cwd];
  const hasTf = async (d: string) => (await readdir(d).catch(() => [] as string[])).some((f) => f.endsWith('.tf'));
  if (!values.layers && !(await hasTf(io.cwd))) return undefined;
  const { findProject } = await import('../project/detect.js');
  const { readLayer, distinctProfiles } = await import('../project/layer.js');
  const layers: { layer: Layer; project: Project; profiles: string[] }[] = [];
  for (const dir of dirs) {
    const project = await findProject(dir, io.env);
    if (!project || !(await hasTf(dir))) {
      if (!values.layers) return undefined;
      throw new TempkeyError('NOT_IN_PROJECT', `--layers: ${dir} is not a terraform layer of a Leverage-style project (no .tf files, or no project above it).`, { location: { flag: '--layers' }, fix: 'List layer directories relative to where you stand, e.g. --layers us-east-1/base-network,us-east-1/k8s-eks', exitCode: 2 });
    }
    const layer = await readLayer(dir, project);
    for (const u of layer.unresolved) io.stderr(`tempkey: warning: ${u.file}:${u.line}: cannot resolve profile ${u.expression}; it gets no credentials\n`);
    const profiles = distinctProfiles(layer.profiles);
    if (!profiles.length && !values.layers) return undefined;
    verbose(`layer ${layer.dir} uses profiles: ${profiles.join(', ')}`);
    layers.push({ layer, project, profiles });
  }
  const scope = await credentialScope(values, io);
  const regions: Record<string, string | undefined> = {};
  let files: { config: string; credentials: string } | undefined;
  // One at a time: the first asks for the MFA code (or logs in), the others reuse that session.
  for (const p of new Set(layers.flatMap((l) => l.profiles))) {
    const got = await obtainFromFlags({ ...values, project: values.project ?? scope.project, profile: p }, p, { ...io, env: scope.env }, verbose);
    regions[p] = got.region;
    files = got.plan.files;
  }
  const { prepareLayerEnvironment } = await import('../core/project/layer-exec.js');
  const { runProgram } = await import('../core/credentials/exec.js');
  for (const { layer, project, profiles } of layers) {
    if (layers.length > 1) io.stderr(`tempkey: layer ${relative(io.cwd, layer.dir) || '.'}\n`);
    const backend = layer.profiles.find((p) => p.kind === 'backend')?.profile ?? profiles[0]!;
    const prepared = await prepareLayerEnvironment(
      scope.env,
      { profiles, defaultProfile: backend, region: values.region ?? project.regionPrimary, configFile: files!.config, credentialsFile: files!.credentials, tempkey: selfCommand(io.env) },
      regions,
    );
    try {
      const code = await runProgram(program, prepared.env, undefined, layer.dir);
      if (code !== 0) return code;
    } finally {
      await prepared.cleanup();
    }
  }
  return 0;
}

/** `a,b,c` with `*` and `?` inside path segments, relative to `cwd`; directories only, in order, no repeats. */
export async function expandLayers(cwd: string, spec: string): Promise<string[]> {
  const out: string[] = [];
  for (const raw of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    let found = [resolve(cwd)];
    for (const seg of raw.split('/').filter((s) => s && s !== '.')) {
      if (!/[*?]/.test(seg)) {
        found = found.map((d) => resolve(d, seg));
        continue;
      }
      const re = new RegExp(`^${seg.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
      const next: string[] = [];
      for (const d of found) {
        for (const e of (await readdir(d, { withFileTypes: true }).catch(() => [])).sort((a, b) => a.name.localeCompare(b.name))) {
          if ((e.isDirectory() || e.isSymbolicLink()) && re.test(e.name)) next.push(join(d, e.name));
        }
      }
      found = next;
    }
    if (!found.length) throw new TempkeyError('BAD_FLAG', `--layers: '${raw}' matches no directory under ${cwd}.`, { location: { flag: '--layers' }, exitCode: 2 });
    for (const d of found) if (!out.includes(d)) out.push(d);
  }
  return out;
}
