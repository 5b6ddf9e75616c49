import { COMMANDS } from './commands.js';
import { COMMON_FLAGS, flagNames, type DefinedCommand, type FlagSpec } from './command.js';
import type { CliIo } from './io.js';

/**
 * `tempkey __complete CWORD WORD...`: what the shell completion scripts ask
 * on TAB (the words after `tempkey`, CWORD counting `tempkey` as 0, as bash's
 * COMP_CWORD does). The answer knows the command at hand from its definition:
 * its own flags only, the values of a flag (--format's choices, regions,
 * sso-session names, profiles), PROFILE and SHELL arguments, and after `--`
 * a program. One candidate a line; `:commands` or `:files` asks the shell
 * for program names or paths instead.
 */
const SHELL_NAMES: Record<string, string[]> = { completion: ['bash', 'zsh', 'fish', 'powershell'], 'shell-init': ['bash', 'zsh', 'fish'] };

export async function complete(args: string[], io: CliIo): Promise<number> {
  const cword = Number(args[0]);
  const words = args.slice(1);
  const at = Number.isInteger(cword) && cword >= 1 ? Math.min(cword - 1, words.length) : words.length;
  const before = words.slice(0, at);
  const cur = words[at] ?? '';
  const out = (list: string[]) => io.stdout(list.filter((w) => w.startsWith(cur)).map((w) => `${w}\n`).join(''));

  const name = commandAt(before);
  if (!name) {
    // Still typing the command: its first word, or the second of a group (`profiles sync`).
    const group = before.join(' ');
    const next = Object.keys(COMMANDS)
      .filter((c) => (group ? c.startsWith(`${group} `) : true))
      .map((c) => c.split(' ')[before.length]!)
      .filter(Boolean);
    out([...new Set(next)].sort());
    return 0;
  }
  const mod = (await COMMANDS[name]!.load()) as Partial<DefinedCommand>;
  const spec = mod.spec;
  const own = before.slice(name.split(' ').length);
  const dash = own.indexOf('--');
  if (dash >= 0 && spec?.program) {
    io.stdout(own.length - dash - 1 === 0 ? ':commands\n' : ':files\n');
    return 0;
  }
  const flags: Record<string, FlagSpec> = { ...(spec?.flags ?? {}), ...COMMON_FLAGS };
  const prev = own.at(-1);
  const prevFlag = prev?.startsWith('--') ? prev.slice(2) : prev?.startsWith('-') ? Object.keys(flags).find((k) => 'short' in flags[k]! && flags[k]!.short === prev.slice(1)) : undefined;
  const prevSpec = prevFlag ? flags[prevFlag] : undefined;
  if (prevSpec?.type === 'string') {
    out(await flagValues(prevFlag!, prevSpec, name, io));
    return 0;
  }
  if (cur.startsWith('-')) {
    out(spec ? flagNames(spec) : ['--help']);
    return 0;
  }
  // A positional argument: which one is next (flags and their values skipped).
  const positionals: string[] = [];
  for (let i = 0; i < own.length; i++) {
    const w = own[i]!;
    if (w.startsWith('-')) {
      const f = w.startsWith('--') ? flags[w.slice(2).replace(/=.*$/, '')] : Object.values(flags).find((s) => 'short' in s && s.short === w.slice(1));
      if (f?.type === 'string' && !w.includes('=')) i++;
    } else positionals.push(w);
  }
  const argNames = (spec?.args ?? []).filter((a) => a !== 'PROFILE' || !own.some((w) => w === '--profile' || w === '-p'));
  const next = argNames[positionals.length];
  if (next === 'PROFILE') out(await profileNames(name, io));
  else if (next === 'SHELL') out(SHELL_NAMES[name] ?? []);
  else if (next === 'FILE') io.stdout(':files\n');
  return 0;
}

function commandAt(words: string[]): string | undefined {
  for (let n = Math.min(3, words.length); n >= 1; n--) {
    const name = words.slice(0, n).join(' ');
    if (COMMANDS[name]) return name;
  }
  return undefined;
}

async function flagValues(flag: string, spec: FlagSpec, command: string, io: CliIo): Promise<string[]> {
  if (spec.type !== 'string') return [];
  if (spec.choices) return [...spec.choices];
  if (spec.region) return [...(await import('../lib/regions.js')).KNOWN_REGIONS];
  if (flag === 'profile') return profileNames(command, io);
  if (flag === 'sso-session') return (await choices(io)).ssoSessions;
  if (/file|dir|layer|template/.test(flag)) {
    io.stdout(':files\n');
    return [];
  }
  return [];
}

async function choices(io: CliIo, only?: 'sso') {
  const { profileChoices } = await import('../core/ui/profile-choices.js');
  return profileChoices({ env: io.env, cwd: io.cwd, only }).catch(() => ({ names: [] as string[], ssoSessions: [] as string[] }));
}

/** Every profile (login --console takes any, so login is not narrowed to SSO profiles here). */
async function profileNames(_command: string, io: CliIo): Promise<string[]> {
  return (await choices(io)).names;
}
