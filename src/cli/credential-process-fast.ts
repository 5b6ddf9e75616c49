/**
 * Entry for `tempkey credential-process` (see bin/tempkey.js): one small
 * bundle that answers from a fresh cache entry without loading the rest of
 * the CLI (other tools call this on every AWS command, so startup is the
 * cost). Anything else (stale cache, --help, --verbose, errors) falls through
 * to the full CLI, which does the same thing the slow way.
 */
import { writeSync } from 'node:fs';
import { parseFlags } from './args.js';
import { CREDENTIAL_OPTIONS } from './credential-flags.js';
import { loadPlan } from '../resolve/resolve.js';
import { freshCachedResult } from '../core/run-plan.js';
import { credentialProcessJson } from '../core/credential-process.js';

async function fromCache(argv: string[]): Promise<string | undefined> {
  if (argv[0] !== 'credential-process') return undefined;
  const { values, positionals } = parseFlags('credential-process', argv.slice(1), CREDENTIAL_OPTIONS);
  if (values.help || values.verbose || values.json) return undefined;
  const env = process.env;
  const plan = await loadPlan({ env, cwd: process.cwd(), profile: values.profile ?? positionals[0], region: values.region, project: values.project });
  const creds = await freshCachedResult(plan, env, new Date());
  return creds ? credentialProcessJson(creds) : undefined;
}

/**
 * True when it answered; false means "run the full CLI" (bin/tempkey.js does).
 * Built as CommonJS: requiring builtins skips the ESM namespace objects,
 * whose getters (fs.promises, fs.ReadStream) would load streams and readline.
 */
export async function answerFromCache(argv: string[]): Promise<boolean> {
  let out: string | undefined;
  try {
    out = await fromCache(argv);
  } catch {
    return false; // the full CLI reports the error properly
  }
  if (out === undefined) return false;
  try {
    writeSync(1, out); // process.stdout would set up a stream (~3 ms) for one write
  } catch {
    process.stdout.write(out);
  }
  return true;
}
