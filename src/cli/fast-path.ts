/**
 * The cached path of `credential-process`, `env`, `exec`, `whoami` and `profiles list` (see
 * bin/tempkey.js). Other tools run credential-process before every AWS call,
 * and people run the others all day, so startup is the cost that matters.
 * This small CommonJS bundle answers through the hot-path index (no profile
 * resolution, no AWS SDK, no ESM loader) when the credentials are in a fresh
 * cache entry or are a profile's static keys. Anything else (no index entry,
 * stale cache, --help, --verbose, a flag it does not know) returns false
 * before doing anything, and the full CLI does the same work the slow way,
 * recording the index entry.
 */
import { parseSimpleFlags, type FlagSpec } from './simple-flags.js';
import { hotPathInputs, hotPathRequest, readHotPathEntry, type HotPathEntry } from '../core/credentials/hot-path-index.js';
import { isFresh, readCredentialCacheSync } from '../files/credential-cache.js';
import { credentialProcessJson } from '../core/credentials/credential-process.js';
import { splitAtDoubleDash } from './args.js';
import { writeAll } from './write-all.js';
import { currentPlatform, defaultEnvFormat } from '../lib/platform.js';
import { findProjectRootSync } from '../project/root.js';
import { locateAwsFiles } from '../files/paths.js';
import { join } from 'node:path';
import type { AwsCredentials } from '../lib/domain.js';

type Values = { profile?: string; region?: string; project?: string; 'mfa-token'?: string; 'config-file'?: string; 'credentials-file'?: string; verbose?: boolean } & { help?: boolean; json?: boolean; format?: string; refresh?: boolean; 'export-marker'?: boolean };

interface Hit {
  entry: HotPathEntry;
  credentials: AwsCredentials & { fromCache: boolean };
}

/**
 * The flags this path understands, per command: its own list, not the
 * commands' (importing those would load their modules on every call). Any
 * other flag (or an unusual shape, see simple-flags) goes to the full CLI, so a flag added
 * to a command is never ignored here (--duration and --no-session, which ask
 * for other credentials than the cached entry's, go there this way);
 * src/cli/fast-path.test.ts checks each one means the same as in the command.
 */
type Options = Record<string, FlagSpec>;
const COMMON: Options = { help: { type: 'boolean', short: 'h' }, verbose: { type: 'boolean', short: 'v' }, json: { type: 'boolean' } };
const CREDENTIALS: Options = {
  profile: { type: 'string', short: 'p' },
  region: { type: 'string', short: 'r' },
  'mfa-token': { type: 'string' },
  project: { type: 'string' },
  'config-file': { type: 'string' },
  'credentials-file': { type: 'string' },
};
export const FAST_PATH_OPTIONS: Record<string, Options> = {
  'credential-process': { ...COMMON, ...CREDENTIALS },
  env: { ...COMMON, ...CREDENTIALS, format: { type: 'string', short: 'f' }, 'export-marker': { type: 'boolean' } },
  exec: { ...COMMON, ...CREDENTIALS },
  whoami: { ...COMMON, ...CREDENTIALS, refresh: { type: 'boolean' } },
};

/** `profiles list`'s flags (src/cli/profiles-list.ts), for its kept listings. */
export const LISTING_OPTIONS: Options = { ...COMMON, project: { type: 'string' }, names: { type: 'boolean' } };

/** The flags exactly as the full command parses them, or undefined (it will parse them, and report any error). */
function parse(command: string, args: string[]): { values: Values; positionals: string[] } | undefined {
  const r = parseSimpleFlags(args, FAST_PATH_OPTIONS[command]!);
  return r && { values: r.values as Values, positionals: r.positionals };
}

async function lookUp(values: Values, profile: string | undefined): Promise<Hit | undefined> {
  const env = process.env;
  const inputs = hotPathInputs(hotPathRequest(values, profile), env, process.cwd());
  const entry = readHotPathEntry(env, inputs);
  if (!entry) return undefined;
  if ('cachePath' in entry.answer) {
    const creds = readCredentialCacheSync(entry.answer.cachePath);
    return creds && isFresh(creds, new Date(), entry.answer.marginSeconds) ? { entry, credentials: { ...creds, fromCache: true } } : undefined;
  }
  const { runStaticKeys } = await import('./fast-path-tail.js');
  const creds = await runStaticKeys(entry.answer.staticKeys, undefined, { env, now: () => new Date(), prompt: { ask: () => Promise.reject(new Error('no prompt')) }, verbose: () => {} });
  return { entry, credentials: { ...creds, fromCache: false } };
}

const out = (text: string) => writeAll(1, text);

/**
 * True when it answered (process.exitCode is set); false means "run the full
 * CLI". Any failure before answering is a false too: the full CLI reports it.
 */
/** The commands this run looked up: bin/code-cache.cjs writes the bundle's code cache again when one is new to it. */
const covered = new Set<string>();
export const __codeCacheCoverage = (): string[] => [...covered];

export async function answerFromCache(argv: string[]): Promise<boolean> {
  const [command, ...args] = argv;
  if (command) covered.add(command === 'profiles' ? `${command} ${args[0]}` : command);
  if (command === 'profiles' && args[0] === 'list') return answerListing(args.slice(1));
  if (!command || !(command in FAST_PATH_OPTIONS)) return false;
  const split = command === 'exec' ? splitAtDoubleDash(args) : { own: args, program: [] };
  const flags = parse(command, split.own);
  if (!flags || flags.values.help || flags.values.verbose || flags.values.refresh) return false;
  const { values } = flags;
  let positionals = flags.positionals;
  if (values.json && command !== 'whoami' && command !== 'env') return false; // refused or meaningless: the full CLI says so
  if (command === 'exec') {
    if (!values.profile && !positionals.length && !process.env.AWS_PROFILE) return false; // a terraform layer, or the picker
  } else if (positionals.length > 1) return false;
  // env with no profile on a terminal opens the picker (the full CLI), as exec does.
  if (command === 'whoami' && !values.profile && !positionals.length && process.env.TEMPKEY_PROFILE) return false; // names the exported profile
  if (command === 'env' && !values.profile && !positionals.length && !process.env.AWS_PROFILE && (await import('node:tty')).isatty(0)) return false; // node:tty loads node:net: only here
  let hit: Hit | undefined;
  try {
    hit = await lookUp(values, values.profile ?? positionals[0]);
  } catch {
    return false;
  }
  if (!hit) return false;
  switch (command) {
    case 'credential-process':
      out(credentialProcessJson(hit.credentials));
      return true;
    case 'env':
      return answerEnv(values, hit);
    case 'whoami':
      return answerWhoami(values, hit);
    case 'exec': {
      let program = split.program;
      if (!values.profile && positionals.length) positionals = positionals.slice(1);
      if (positionals.length) program = [...positionals, ...program];
      if (!program.length && process.env.TEMPKEY_PROFILE) return false; // a nested subshell: the full CLI says so
      return answerExec(program, hit);
    }
  }
  return false;
}

async function answerEnv(values: Values, hit: Hit): Promise<boolean> {
  const { ENV_FORMATS, credentialVariables, formatEnv, markerVariables } = await import('../core/credentials/export-env.js');
  const format = (values.json ? 'json' : (values.format ?? defaultEnvFormat(currentPlatform(process.env)))) as (typeof ENV_FORMATS)[number];
  if (!ENV_FORMATS.includes(format)) return false;
  const vars = credentialVariables(hit.credentials, hit.entry.region);
  if (values['export-marker']) Object.assign(vars, markerVariables(hit.entry.profile, hit.credentials.expiration));
  if (hit.entry.projectFiles) {
    vars.AWS_CONFIG_FILE = hit.entry.projectFiles.config;
    vars.AWS_SHARED_CREDENTIALS_FILE = hit.entry.projectFiles.credentials;
  }
  out(formatEnv(vars, format));
  return true;
}

async function answerWhoami(values: Values, hit: Hit): Promise<boolean> {
  const { readCachedIdentity, formatWhoami } = await import('../core/credentials/identity.js');
  const identity = readCachedIdentity(process.env, hit.credentials);
  if (!identity) return false; // the full CLI asks STS once and keeps the answer
  out(formatWhoami({ profile: hit.entry.profile, identity, credentials: hit.credentials, identityFromCache: true }, Boolean(values.json)));
  return true;
}

/**
 * `profiles list`, printed again from the listing cache
 * (core/ui/listing-cache) as dist/cmd/profiles.list.cjs kept it: the same key
 * (that bundle as the program, the arguments, the project, the files), so only
 * its own entries match. A directory inside a project goes to the command,
 * which names the project (project/detect).
 */
async function answerListing(args: string[]): Promise<boolean> {
  const flags = parseSimpleFlags(args, LISTING_OPTIONS);
  if (!flags || flags.values.help || flags.values.verbose || flags.positionals.length) return false;
  const env = process.env;
  const cwd = process.cwd();
  const project = flags.values.project as string | undefined;
  if (!project && !env.AWS_CONFIG_FILE && findProjectRootSync(cwd)) return false;
  let kept: Buffer | undefined;
  try {
    const { listingInputs, readListing } = await import('../core/ui/listing-cache.js');
    const program = typeof __dirname === 'string' ? join(__dirname, 'cmd', 'profiles.list.cjs') : undefined;
    const inputs = listingInputs(env, { args, project, files: locateAwsFiles(env, { project, cwd }) }, program);
    kept = inputs && readListing(inputs);
  } catch {
    return false; // the command reports it
  }
  if (kept === undefined) return false;
  writeAll(1, kept);
  return true;
}

/** Past this point the program runs, so errors are reported here, as the full CLI would. */
async function answerExec(program: string[], hit: Hit): Promise<boolean> {
  const env = process.env; // read, never changed: childEnvironment copies what the program gets
  try {
    const { childEnvironment } = await import('../core/credentials/export-env.js');
    const { runProgram } = await import('../core/credentials/exec.js');
    const running = runProgram(program, childEnvironment(env, hit.credentials, hit.entry.region, hit.entry.profile));
    running.catch(() => {}); // handled below, after the wait: not an unhandled rejection meanwhile
    // On Unix the program has started by now (spawnInherited's binding path spawns before runProgram's first
    // await; the child_process fallback a moment later): the recent list is kept meanwhile.
    const { recordProfileUse } = await import('../core/ui/mru.js');
    await recordProfileUse(env, hit.entry.profile);
    process.exitCode = await running;
  } catch (e) {
    const { reportError } = await import('./fast-path-tail.js');
    process.exitCode = await reportError(e, { env, stderr: (t) => writeAll(2, t) });
  }
  return true;
}
