/**
 * Entry for `tempkey credential-process` (see bin/tempkey.js). Other tools run
 * it before every AWS call, so its startup is the cost that matters. This
 * small CommonJS bundle answers from a fresh cache entry found through the
 * hot-path index (no profile resolution, no AWS SDK, no ESM loader); anything
 * else (no index entry yet, stale cache, --help, --verbose) returns false and
 * the full CLI does the same work the slow way, recording the index entry.
 */
import { writeSync } from 'node:fs';
import { hotPathFingerprint, readHotPathEntry } from '../core/credentials/hot-path-index.js';
import { isFresh, readCredentialCacheSync } from '../files/credential-cache.js';
import { credentialProcessJson } from '../core/credentials/credential-process.js';

function fromCache(argv: string[]): string | undefined {
  if (argv[0] !== 'credential-process') return undefined;
  const args = argv.slice(1);
  if (args.some((a) => /^(-h|--help|-v|--verbose|--json)$/.test(a))) return undefined;
  const env = process.env;
  const entry = readHotPathEntry(env, hotPathFingerprint(args, env, process.cwd()));
  if (!entry) return undefined;
  const creds = readCredentialCacheSync(entry.cachePath);
  return isFresh(creds, new Date(), entry.marginSeconds) ? credentialProcessJson(creds!) : undefined;
}

/** True when it answered; false means "run the full CLI" (bin/tempkey.js does). */
export async function answerFromCache(argv: string[]): Promise<boolean> {
  let out: string | undefined;
  try {
    out = fromCache(argv);
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
