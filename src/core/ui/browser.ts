import { spawn } from 'node:child_process';
import { splitCommandLine } from '../../lib/split-command.js';

/**
 * Opens a URL in the person's browser. TEMPKEY_BROWSER (a command line; the
 * URL is appended) wins, then BROWSER, then the desktop's opener when there is
 * a display. Without any, there is no browser here (SSH, CI): callers fall
 * back to the device code flow and print the URL.
 */
export type BrowserOpener = (url: string) => Promise<boolean>;

export function browserCommand(env: NodeJS.ProcessEnv, platform = process.platform): string[] | undefined {
  const configured = env.TEMPKEY_BROWSER || env.BROWSER;
  if (configured) return splitCommandLine(configured);
  if (platform === 'darwin') return ['open'];
  if (platform === 'win32') return ['cmd', '/c', 'start', '""'];
  if (env.DISPLAY || env.WAYLAND_DISPLAY) return ['xdg-open'];
  return undefined;
}

export function hasBrowser(env: NodeJS.ProcessEnv): boolean {
  return browserCommand(env) !== undefined;
}

export function systemBrowser(env: NodeJS.ProcessEnv): BrowserOpener {
  return async (url) => {
    const cmd = browserCommand(env);
    if (!cmd) return false;
    const [file, ...args] = cmd as [string, ...string[]];
    return new Promise((resolve) => {
      // Detached and silent: the browser outlives us, and its chatter must not mix with our output.
      const child = spawn(file, [...args, url], { env, stdio: 'ignore', detached: true });
      child.once('error', () => resolve(false));
      child.once('spawn', () => {
        child.unref();
        resolve(true);
      });
    });
  };
}
