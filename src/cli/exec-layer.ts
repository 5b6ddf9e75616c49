import { readdir } from 'node:fs/promises';
import type { CliIo } from './io.js';
import { credentialScope, obtainFromFlags, type CredentialFlagValues } from './credential-flags.js';
import { selfCommand } from './self-command.js';

/**
 * exec in a terraform layer (a directory with .tf files inside a project):
 * undefined when this is not a layer, so plain exec takes over.
 */
export async function runInLayer(values: CredentialFlagValues, program: string[], io: CliIo, verbose: (line: string) => void): Promise<number | undefined> {
  const hasTf = (await readdir(io.cwd).catch(() => [] as string[])).some((f) => f.endsWith('.tf'));
  if (!hasTf) return undefined;
  const { findProject } = await import('../project/detect.js');
  const project = await findProject(io.cwd, io.env);
  if (!project) return undefined;
  const { readLayer, distinctProfiles } = await import('../project/layer.js');
  const layer = await readLayer(io.cwd, project);
  const profiles = distinctProfiles(layer.profiles);
  if (!profiles.length) return undefined;
  for (const u of layer.unresolved) io.stderr(`tempkey: warning: ${u.file}:${u.line}: cannot resolve profile ${u.expression}; it gets no credentials\n`);
  verbose(`layer ${layer.dir} uses profiles: ${profiles.join(', ')}`);
  const scope = await credentialScope(values, io);
  const regions: Record<string, string | undefined> = {};
  let files: { config: string; credentials: string } | undefined;
  // One at a time: the first asks for the MFA code (or logs in), the others reuse that session.
  for (const p of profiles) {
    const got = await obtainFromFlags({ ...values, project: values.project ?? scope.project, profile: p }, p, { ...io, env: scope.env }, verbose);
    regions[p] = got.region;
    files = got.plan.files;
  }
  const { prepareLayerEnvironment } = await import('../core/project/layer-exec.js');
  const backend = layer.profiles.find((p) => p.kind === 'backend')?.profile ?? profiles[0]!;
  const prepared = await prepareLayerEnvironment(
    scope.env,
    { profiles, defaultProfile: backend, region: values.region ?? project.regionPrimary, configFile: files!.config, credentialsFile: files!.credentials, tempkey: selfCommand(io.env) },
    regions,
  );
  const { runProgram } = await import('../core/credentials/exec.js');
  try {
    return await runProgram(program, prepared.env);
  } finally {
    await prepared.cleanup();
  }
}
