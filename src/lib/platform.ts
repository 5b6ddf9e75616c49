import { existsSync, readFileSync } from 'node:fs';
import { win32 } from 'node:path';
import { TempkeyError } from './errors.js';
import { commandLine, windowsCommandLine } from './command-line.js';
import { splitCommandLine, splitWindowsCommandLine } from './split-command.js';

/**
 * Every choice that differs between macOS, Windows, WSL and Linux, in one
 * place. Each function takes the platform as a parameter (nothing below reads
 * process.platform), so every branch runs in the unit tests on a Linux box.
 * Callers get the running platform once, from currentPlatform().
 */
export type OsFamily = 'darwin' | 'win32' | 'linux' | 'unix';

export interface Platform {
  os: OsFamily;
  /** Linux running under Windows (WSL 1 or 2): Windows' browser and drives are near. */
  wsl: boolean;
}

export const MACOS: Platform = { os: 'darwin', wsl: false };
export const WINDOWS: Platform = { os: 'win32', wsl: false };
export const LINUX: Platform = { os: 'linux', wsl: false };
export const WSL: Platform = { os: 'linux', wsl: true };

const OVERRIDES: Record<string, Platform> = { darwin: MACOS, macos: MACOS, win32: WINDOWS, windows: WINDOWS, linux: LINUX, wsl: WSL };

export interface DetectDeps {
  /** process.platform of the running node. */
  nodePlatform: NodeJS.Platform;
  /** The contents of /proc/version, or undefined where there is none. */
  procVersion: () => string | undefined;
}

/**
 * TEMPKEY_PLATFORM (darwin|win32|linux|wsl) wins: for a WSL user who wants
 * Linux behaviour, and for tests that run the Windows choices on Linux. Else
 * node's platform; a Linux kernel built by Microsoft, or WSL_DISTRO_NAME
 * (which WSL sets in every shell), means WSL.
 */
export function detectPlatform(env: NodeJS.ProcessEnv, deps: DetectDeps): Platform {
  const forced = env.TEMPKEY_PLATFORM?.toLowerCase();
  if (forced) {
    const p = OVERRIDES[forced];
    if (!p) {
      throw new TempkeyError('BAD_PLATFORM', `TEMPKEY_PLATFORM='${env.TEMPKEY_PLATFORM}' is not a platform tempkey knows.`, {
        fix: 'Use one of: darwin, win32, linux, wsl (or unset TEMPKEY_PLATFORM to detect it).',
      });
    }
    return p;
  }
  switch (deps.nodePlatform) {
    case 'darwin':
      return MACOS;
    case 'win32':
      return WINDOWS;
    case 'linux':
      return env.WSL_DISTRO_NAME ? WSL : linuxOrWsl(deps.procVersion);
    default:
      return { os: 'unix', wsl: false };
  }
}

/**
 * Linux, and whether it is WSL, decided when first asked: only a browser or a
 * path choice asks, and reading /proc/version would cost every cached
 * credential-process call that never does.
 */
function linuxOrWsl(procVersion: () => string | undefined): Platform {
  let wsl: boolean | undefined;
  return {
    os: 'linux',
    get wsl() {
      return (wsl ??= /microsoft/i.test(procVersion() ?? ''));
    },
  };
}

const cache = new Map<string, Platform>();

/** The running platform (memoized per TEMPKEY_PLATFORM/WSL_DISTRO_NAME value). */
export function currentPlatform(env: NodeJS.ProcessEnv = process.env): Platform {
  const key = `${env.TEMPKEY_PLATFORM ?? ''}\0${env.WSL_DISTRO_NAME ?? ''}`;
  let p = cache.get(key);
  if (!p) {
    p = detectPlatform(env, { nodePlatform: process.platform, procVersion: readProcVersion });
    cache.set(key, p);
  }
  return p;
}

function readProcVersion(): string | undefined {
  try {
    return readFileSync('/proc/version', 'utf8');
  } catch {
    return undefined;
  }
}

export function isWindows(p: Platform): boolean {
  return p.os === 'win32';
}

/**
 * os.homedir(), loaded only when asked (HOME is unset): loading node:os costs
 * every start ~0.5 ms. process.getBuiltinModule (Node >= 20.16) works in the
 * CommonJS bundles and the ESM library alike; older Nodes run the bundles,
 * which have require.
 */
function osHomedir(): string {
  const os = (process.getBuiltinModule?.('node:os') ?? require('node:os')) as typeof import('node:os');
  return os.homedir();
}

/**
 * The home directory, where ~/.aws lives. Unix: HOME (else the password
 * entry), like botocore, the Go SDK and the shell. Windows: USERPROFILE, then
 * HOME, then HOMEDRIVE+HOMEPATH: botocore (os.path.expanduser) and the Go SDK
 * (terraform) read USERPROFILE, so a HOME set by Git Bash must not move ~/.aws
 * away from them.
 */
export function homeDirFor(env: NodeJS.ProcessEnv, p: Platform, fallback: () => string = osHomedir): string {
  if (isWindows(p)) {
    return env.USERPROFILE || env.HOME || (env.HOMEDRIVE && env.HOMEPATH ? `${env.HOMEDRIVE}${env.HOMEPATH}` : '') || fallback();
  }
  return env.HOME || fallback();
}

/**
 * Windows with both HOME (Git Bash, MSYS, Cygwin set it) and USERPROFILE, and
 * they differ: botocore, the AWS CLI and the Go SDK (terraform) read
 * USERPROFILE, the JS SDK reads HOME first, so they see two different ~/.aws.
 * Says so, or undefined when there is nothing to say.
 */
export function homeDisagreement(env: NodeJS.ProcessEnv, p: Platform): string | undefined {
  if (!isWindows(p) || !env.HOME || !env.USERPROFILE) return undefined;
  const norm = (d: string) => d.replace(/[\\/]+$/, '').toLowerCase();
  if (norm(env.HOME) === norm(env.USERPROFILE)) return undefined;
  return `HOME (${env.HOME}) and USERPROFILE (${env.USERPROFILE}) differ: tempkey, the AWS CLI, boto3 and terraform read ${env.USERPROFILE}\\.aws, tools on the AWS SDK for JavaScript read ${env.HOME}\\.aws`;
}

/**
 * Where a prompt reads and writes: the controlling terminal, never stdin and
 * stdout (a tool calling credential_process captures those). Windows has no
 * /dev/tty; its console is two devices, CONIN$ and CONOUT$.
 */
export interface TerminalDevices {
  input: string;
  output: string;
  /** How echo is switched off for a secret. */
  echoOff: 'stty' | 'console-raw-mode';
}

export function terminalDevices(p: Platform): TerminalDevices {
  if (isWindows(p)) return { input: 'CONIN$', output: 'CONOUT$', echoOff: 'console-raw-mode' };
  return { input: '/dev/tty', output: '/dev/tty', echoOff: 'stty' };
}

/** The stty arguments that switch echo (Unix). */
export function sttyEchoArgs(on: boolean): string[] {
  return [on ? 'echo' : '-echo'];
}

/**
 * The desktop's URL opener, or undefined where there is none (SSH, CI): then
 * callers print the URL and use the device code flow. TEMPKEY_BROWSER (a
 * command line; the URL is appended) wins, then BROWSER.
 *  - macOS: open.
 *  - Windows: rundll32 url.dll,FileProtocolHandler, not `cmd /c start "" URL`:
 *    cmd.exe would read the & of a query string as a command separator and
 *    %xx escapes as variables; rundll32 takes the URL verbatim.
 *  - WSL: wslview (wslu) opens the Windows browser; with WSLg's display,
 *    xdg-open works too, so wslview is tried first and xdg-open after.
 *  - Linux: xdg-open when there is a display.
 * Several candidates: each is tried in turn while the previous is missing.
 */
export function browserCommands(env: NodeJS.ProcessEnv, p: Platform): string[][] {
  const configured = env.TEMPKEY_BROWSER || env.BROWSER;
  if (configured) return [splitCommandLineFor(configured, p)];
  const hasDisplay = Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
  if (p.os === 'darwin') return [['open']];
  if (isWindows(p)) return [['rundll32', 'url.dll,FileProtocolHandler']];
  if (p.wsl) return hasDisplay ? [['wslview'], ['xdg-open']] : [['wslview']];
  return hasDisplay ? [['xdg-open']] : [];
}

/**
 * The OS keyring @napi-rs/keyring reaches here, whether it is likely
 * reachable, and what to do when it is not.
 */
export interface KeyringInfo {
  name: string;
  likelyReachable: boolean;
  /** What makes the keyring reachable. */
  howToReach: string;
  /** The message for a keyring error: how to reach it, or the encrypted file instead. */
  unreachableFix: string;
}

const FILE_FALLBACK = 'or keep the keys in the encrypted file instead: --backend file (or TEMPKEY_VAULT_BACKEND=file)';

export function keyringInfo(env: NodeJS.ProcessEnv, p: Platform): KeyringInfo {
  const info = (name: string, likelyReachable: boolean, howToReach: string): KeyringInfo => ({ name, likelyReachable, howToReach, unreachableFix: `${howToReach}, ${FILE_FALLBACK}.` });
  if (p.os === 'darwin') return info('the macOS Keychain', true, 'Unlock the login keychain (Keychain Access)');
  if (isWindows(p)) return info('the Windows Credential Manager', true, 'Sign in to Windows with a profile that has a Credential Manager (not a service account)');
  const reachable = Boolean(env.DBUS_SESSION_BUS_ADDRESS);
  if (p.wsl) {
    return info('the Secret Service (D-Bus)', reachable, "WSL has no Secret Service by default (and cannot reach the Windows Credential Manager): start one, e.g. gnome-keyring-daemon in a D-Bus session");
  }
  return info('the Secret Service (D-Bus)', reachable, 'Start a Secret Service (gnome-keyring or KeePassXC) in a D-Bus session');
}

/**
 * What keeps tempkey's files private, in words that are true on the platform.
 * Unix: modes 0600 (files) and 0700 (directories). Windows has no modes (node
 * maps chmod to the read-only flag): the user profile's ACLs protect
 * %USERPROFILE%\.aws, and tempkey neither sets nor checks them.
 */
export interface FileProtection {
  kind: 'mode' | 'acl';
  /** Whether file modes mean anything here (doctor checks them only then). */
  modesEnforced: boolean;
  description: string;
}

export function fileProtection(p: Platform): FileProtection {
  if (isWindows(p)) {
    return { kind: 'acl', modesEnforced: false, description: "your user profile's access control lists (Windows has no file modes; tempkey does not change ACLs)" };
  }
  return { kind: 'mode', modesEnforced: true, description: 'mode 0600 for files and 0700 for directories' };
}

/**
 * What doctor says about one file's privacy. Unix: group/other bits are a
 * problem (fail for credentials, warn for config). WSL on a Windows drive
 * (/mnt/c/…, DrvFs) shows 0777 unless mounted with `metadata`: that is
 * Windows' ACLs at work, not a leak, so a warning with the mount fix. Windows:
 * no mode to judge; say what protects the file.
 */
export interface PrivacyVerdict {
  severity: 'ok' | 'warn' | 'fail';
  found: string;
  fix?: string;
}

export function filePrivacyVerdict(path: string, mode: number, kind: 'credentials' | 'config', p: Platform): PrivacyVerdict {
  const m = (mode & 0o777).toString(8).padStart(3, '0');
  if (isWindows(p)) return { severity: 'ok', found: `${path} is protected by ${fileProtection(p).description}` };
  if (!(mode & 0o077)) return { severity: 'ok', found: `${path} mode ${m}` };
  if (p.wsl && isWindowsDriveMount(path)) {
    return {
      severity: 'warn',
      found: `${path} is on a Windows drive (DrvFs) and shows mode ${m}: Linux modes are not kept there, Windows' ACLs decide who reads it`,
      fix: `Keep ~/.aws in the Linux file system, or mount the drive with metadata (/etc/wsl.conf: [automount] options = "metadata") and run: chmod 600 '${path}'`,
    };
  }
  return {
    severity: kind === 'credentials' ? 'fail' : 'warn',
    found: `${path} has mode ${m}: other users can read it`,
    fix: `chmod 600 '${path}'`,
  };
}

/** /mnt/c/... : a Windows drive seen from WSL. */
export function isWindowsDriveMount(path: string): boolean {
  return /^\/mnt\/[a-z](\/|$)/i.test(path);
}

/**
 * The program `tempkey exec PROFILE` starts when no command is given: the
 * user's login shell. TEMPKEY_SHELL wins everywhere (e.g. pwsh on Windows).
 * Unix: $SHELL, else /bin/sh. Windows: COMSPEC (cmd.exe), else PowerShell;
 * $SHELL there is often a Git Bash path (/usr/bin/bash) Windows cannot start.
 */
export function interactiveShell(env: NodeJS.ProcessEnv, p: Platform): string {
  if (env.TEMPKEY_SHELL) return env.TEMPKEY_SHELL;
  if (isWindows(p)) return env.COMSPEC || env.ComSpec || 'powershell.exe';
  return env.SHELL || '/bin/sh';
}

/**
 * Signals while `exec` waits for its program. Unix: the ones a shell would
 * pass on are forwarded. Windows has no such signals: Ctrl-C reaches every
 * process of the console, the program included, so tempkey only has to stay
 * alive until the program is done (node's child.kill there is TerminateProcess,
 * which would cut terraform off mid-apply with its state lock held).
 */
export function childSignalPolicy(p: Platform): { forward: NodeJS.Signals[]; ignore: NodeJS.Signals[] } {
  if (isWindows(p)) return { forward: [], ignore: ['SIGINT', 'SIGBREAK'] };
  return { forward: ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH'], ignore: [] };
}

/** How to start argv[0] with argv[1..]: spawn(file, args, { windowsVerbatimArguments }). */
export interface Launch {
  file: string;
  args: string[];
  windowsVerbatimArguments?: boolean;
}

/**
 * Unix: as given. Windows: node will not start a .cmd or .bat without a shell
 * (npm, yarn, cdk and az are .cmd files), so those run through cmd.exe with
 * the line quoted by windowsCommandLine (which refuses the % and " that
 * cmd.exe would expand or split). `exists` is injectable for tests.
 */
export function launchCommand(argv: readonly string[], env: NodeJS.ProcessEnv, p: Platform, exists: (path: string) => boolean = existsSync): Launch {
  const [file, ...args] = argv as [string, ...string[]];
  if (!isWindows(p)) return { file, args };
  const resolved = findWindowsProgram(file, env, exists);
  if (!resolved || !/\.(cmd|bat)$/i.test(resolved)) return { file, args };
  return { file: env.COMSPEC || env.ComSpec || 'cmd.exe', args: ['/d', '/s', '/c', `"${windowsCommandLine([resolved, ...args])}"`], windowsVerbatimArguments: true };
}

/** What Windows would run for a command name: PATH and PATHEXT, as cmd.exe searches (the current folder first). */
function findWindowsProgram(name: string, env: NodeJS.ProcessEnv, exists: (path: string) => boolean): string | undefined {
  const exts = (env.PATHEXT || '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean);
  const candidates = (base: string) => (win32.extname(base) ? [base] : exts.map((e) => base + e.toLowerCase()));
  if (/[\\/]/.test(name)) return candidates(name).find(exists);
  const dirs = ['.', ...(env.PATH || env.Path || '').split(';').filter(Boolean)];
  for (const dir of dirs) {
    const hit = candidates(win32.join(dir, name)).find(exists);
    if (hit) return hit;
  }
  return undefined;
}

/** `tempkey env` without --format: PowerShell on Windows (its default shell), bash elsewhere. */
export function defaultEnvFormat(p: Platform): 'bash' | 'powershell' {
  return isWindows(p) ? 'powershell' : 'bash';
}

/**
 * Joins argv into one command line (a credential_process value) that reads
 * back as the same argv where it will be read: POSIX escaping for shlex and
 * sh, the cmd.exe form on Windows (both in lib/command-line).
 */
export function quoteCommandLine(argv: readonly string[], p: Platform): string {
  return isWindows(p) ? windowsCommandLine(argv) : commandLine(argv);
}

/**
 * Splits a command line tempkey runs (credential_process, mfa_process,
 * TEMPKEY_BROWSER) the way botocore does on the platform: shlex on Unix, the
 * C runtime's argv rules on Windows (where C:\dir\tool.exe keeps its backslashes).
 */
export function splitCommandLineFor(line: string, p: Platform): string[] {
  return isWindows(p) ? splitWindowsCommandLine(line) : splitCommandLine(line);
}

/**
 * How other tools start this tempkey when `tempkey` on PATH is not it. Unix:
 * the script itself when it is executable with a #! line, else node and the
 * script. Windows has no #! lines: always node and the script, with `node`
 * bare when the node.exe on PATH is this one (the usual install), because a
 * line starting with a quoted "C:\Program Files\..." is cut short by the Go
 * SDK's INI reader (terraform).
 */
export function selfArgv(script: string, p: Platform, o: { nodePath: string; runsByItself: boolean; nodeOnPathIsThis: boolean }): string[] {
  if (isWindows(p)) return [o.nodeOnPathIsThis ? 'node' : o.nodePath, script];
  return o.runsByItself ? [script] : [o.nodePath, script];
}
