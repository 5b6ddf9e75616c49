import { randomBytes } from 'node:crypto';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeFileAtomic } from '../../files/atomic-write.js';
import { tempkeyDir } from '../../files/paths.js';
import { currentPlatform } from '../../lib/platform.js';

/**
 * The console sign-in URL carries a SigninToken (a console session for 15
 * minutes); on a browser's command line it is visible to every user in `ps`.
 * So the browser is given a private page instead (0600, in tempkey's own 0700
 * folder) that forwards to the URL. Pages older than PAGE_LIFETIME_MS are
 * removed on the next use. On Windows and WSL the browser may not read that
 * folder, so the URL itself is passed there (its argv is not shown to other
 * users on Windows).
 */
const PAGE_LIFETIME_MS = 2 * 60_000;

export function signinPageDir(env: NodeJS.ProcessEnv): string {
  return join(tempkeyDir(env), 'console');
}

/** What to hand the browser: a file:// page that forwards to `url`, or `url` itself where that cannot work. */
export async function browserTargetFor(url: string, env: NodeJS.ProcessEnv): Promise<string> {
  const p = currentPlatform(env);
  if (p.os === 'win32' || p.wsl) return url;
  const dir = signinPageDir(env);
  await removeOldPages(dir);
  const page = join(dir, `signin-${randomBytes(8).toString('hex')}.html`);
  const target = JSON.stringify(url).replace(/</g, '\\u003c');
  const html = `<!doctype html><html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><title>AWS console sign-in</title></head><body><p>Signing in to the AWS console…</p><script>location.replace(${target});</script></body></html>\n`;
  await writeFileAtomic(page, html, 0o600);
  return pathToFileURL(page).href;
}

async function removeOldPages(dir: string, now = Date.now()): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const n of names) {
    if (!/^signin-[0-9a-f]{16}\.html$/.test(n)) continue;
    const f = join(dir, n);
    const st = await stat(f).catch(() => undefined);
    if (st && now - st.mtimeMs > PAGE_LIFETIME_MS) await rm(f, { force: true });
  }
}
