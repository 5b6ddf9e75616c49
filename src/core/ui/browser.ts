import { browserCommands, currentPlatform, type Platform } from '../../lib/platform.js';

/**
 * Opens a URL in the person's browser with the platform's opener (see
 * browserCommands in lib/platform). Without one there is no browser here
 * (SSH, CI): callers fall back to the device code flow and print the URL.
 */
export type BrowserOpener = (url: string) => Promise<boolean>;

export function browserCommand(env: NodeJS.ProcessEnv, platform: Platform = currentPlatform(env)): string[] | undefined {
  return browserCommands(env, platform)[0];
}

export function hasBrowser(env: NodeJS.ProcessEnv, platform: Platform = currentPlatform(env)): boolean {
  return browserCommands(env, platform).length > 0;
}

export function systemBrowser(env: NodeJS.ProcessEnv, platform: Platform = currentPlatform(env)): BrowserOpener {
  return async (url) => {
    // A candidate that is not installed (wslview without wslu) gives way to the next.
    for (const cmd of browserCommands(env, platform)) {
      const [file, ...args] = cmd as [string, ...string[]];
      if (await launch(file, [...args, url], env)) return true;
    }
    return false;
  };
}

/** Starts a browser command line chosen elsewhere (console's browser per profile); false when it cannot start. */
export function launchBrowser(argv: string[], env: NodeJS.ProcessEnv): Promise<boolean> {
  const [file, ...args] = argv as [string, ...string[]];
  return launch(file, args, env);
}

async function launch(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<boolean> {
  const { spawn } = await import('node:child_process'); // here, not at the top: it loads node:net (~3.5 ms) for every command
  return new Promise((resolve) => {
    // Detached and silent: the browser outlives us, and its chatter must not mix with our output.
    const child = spawn(file, args, { env, stdio: 'ignore', detached: true });
    child.once('error', () => resolve(false));
    child.once('spawn', () => {
      child.unref();
      resolve(true);
    });
  });
}
