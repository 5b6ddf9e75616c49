import { realpathSync } from 'node:fs';

/**
 * How other tools should start this tempkey (for `credential_process =`
 * lines): the real path of the running executable, quoted when needed. The
 * line must read the same to botocore (shlex split, no shell) and to the JS
 * SDK (runs it through a shell), so only plain double quotes are used.
 */
export function selfCommand(env: NodeJS.ProcessEnv): string {
  if (env.TEMPKEY_SELF) return env.TEMPKEY_SELF;
  const script = process.argv[1] ? safeRealpath(process.argv[1]) : 'tempkey';
  return /[\s"'\\$`]/.test(script) ? `"${script.replace(/(["\\$`])/g, '\\$1')}"` : script;
}

function safeRealpath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}
