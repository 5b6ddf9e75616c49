import { build } from 'esbuild';
import { resolve } from 'node:path';

/**
 * Bundles a small TypeScript program that imports the real modules (by path
 * from the repository root) into one .mjs file, so a test can run them in
 * separate processes: to stop, kill or race them like a person's shells would.
 */
export async function bundleWorker(source: string, outfile: string): Promise<string> {
  const root = resolve(__dirname, '../..');
  await build({
    stdin: { contents: source, resolveDir: root, loader: 'ts' },
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    logLevel: 'silent',
  });
  return outfile;
}
