import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  LINUX,
  MACOS,
  WINDOWS,
  WSL,
  browserCommands,
  childSignalPolicy,
  launchCommand,
  defaultEnvFormat,
  detectPlatform,
  filePrivacyVerdict,
  fileProtection,
  homeDirFor,
  homeDisagreement,
  interactiveShell,
  keyringInfo,
  quoteCommandLine,
  selfArgv,
  splitCommandLineFor,
  terminalDevices,
  type Platform,
} from './platform.js';
import { splitCommandLine } from './split-command.js';

const noProc = () => undefined;
const WSL2_VERSION = 'Linux version 5.15.153.1-microsoft-standard-WSL2 (root@941d701f84f1) (gcc (GCC) 11.2.0) #1 SMP';
const WSL1_VERSION = 'Linux version 4.4.0-19041-Microsoft (Microsoft@Microsoft.com) (gcc version 5.4.0 (GCC) ) #3996-Microsoft';
const DEBIAN_VERSION = 'Linux version 6.1.0-18-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0) #1 SMP';

describe('detectPlatform', () => {
  it('maps node platforms, and tells WSL from Linux by /proc/version or WSL_DISTRO_NAME', () => {
    expect(detectPlatform({}, { nodePlatform: 'darwin', procVersion: noProc })).toEqual(MACOS);
    expect(detectPlatform({}, { nodePlatform: 'win32', procVersion: noProc })).toEqual(WINDOWS);
    expect(detectPlatform({}, { nodePlatform: 'linux', procVersion: () => DEBIAN_VERSION })).toEqual(LINUX);
    expect(detectPlatform({}, { nodePlatform: 'linux', procVersion: () => WSL2_VERSION })).toEqual(WSL);
    expect(detectPlatform({}, { nodePlatform: 'linux', procVersion: () => WSL1_VERSION })).toEqual(WSL);
    expect(detectPlatform({ WSL_DISTRO_NAME: 'Ubuntu' }, { nodePlatform: 'linux', procVersion: () => DEBIAN_VERSION })).toEqual(WSL);
    expect(detectPlatform({}, { nodePlatform: 'linux', procVersion: noProc })).toEqual(LINUX);
    expect(detectPlatform({}, { nodePlatform: 'freebsd', procVersion: noProc })).toEqual({ os: 'unix', wsl: false });
    // /proc/version is read when WSL matters (a browser, a path), once, not to find the home folder.
    let reads = 0;
    const lazy = detectPlatform({}, { nodePlatform: 'linux', procVersion: () => (reads++, WSL2_VERSION) });
    expect(lazy.os).toBe('linux');
    expect(reads).toBe(0);
    expect(lazy.wsl).toBe(true);
    expect(lazy.wsl).toBe(true);
    expect(reads).toBe(1);
  });
  it('obeys TEMPKEY_PLATFORM, and names the fix for a value it does not know', () => {
    expect(detectPlatform({ TEMPKEY_PLATFORM: 'win32' }, { nodePlatform: 'linux', procVersion: () => DEBIAN_VERSION })).toEqual(WINDOWS);
    expect(detectPlatform({ TEMPKEY_PLATFORM: 'linux' }, { nodePlatform: 'linux', procVersion: () => WSL2_VERSION })).toEqual(LINUX);
    expect(detectPlatform({ TEMPKEY_PLATFORM: 'WSL' }, { nodePlatform: 'linux', procVersion: noProc })).toEqual(WSL);
    expect(() => detectPlatform({ TEMPKEY_PLATFORM: 'beos' }, { nodePlatform: 'linux', procVersion: noProc })).toThrow(/TEMPKEY_PLATFORM='beos'/);
  });
});

describe('homeDirFor', () => {
  const never = () => {
    throw new Error('fallback not expected');
  };
  it('Unix reads HOME (not USERPROFILE), else the password entry', () => {
    expect(homeDirFor({ HOME: '/home/zoë', USERPROFILE: 'C:\\Users\\zoe' }, LINUX, never)).toBe('/home/zoë');
    expect(homeDirFor({ HOME: '/Users/zoe' }, MACOS, never)).toBe('/Users/zoe');
    expect(homeDirFor({ USERPROFILE: 'C:\\Users\\zoe' }, WSL, () => '/home/zoe')).toBe('/home/zoe');
  });
  it('Windows reads USERPROFILE first (like botocore and the Go SDK), then HOME, then HOMEDRIVE+HOMEPATH', () => {
    expect(homeDirFor({ USERPROFILE: 'C:\\Users\\Zoë Ö' }, WINDOWS, never)).toBe('C:\\Users\\Zoë Ö');
    expect(homeDirFor({ USERPROFILE: 'C:\\Users\\zoe', HOME: '/c/Users/zoe' }, WINDOWS, never)).toBe('C:\\Users\\zoe');
    expect(homeDirFor({ HOME: 'C:\\msys\\home' }, WINDOWS, never)).toBe('C:\\msys\\home');
    expect(homeDirFor({ HOMEDRIVE: 'D:', HOMEPATH: '\\Users\\zoe' }, WINDOWS, never)).toBe('D:\\Users\\zoe');
    expect(homeDirFor({}, WINDOWS, () => 'C:\\fallback')).toBe('C:\\fallback');
  });
});

describe('homeDisagreement', () => {
  it('warns on Windows when HOME and USERPROFILE name different folders, never elsewhere', () => {
    expect(homeDisagreement({ HOME: 'C:\\msys64\\home\\zoe', USERPROFILE: 'C:\\Users\\zoe' }, WINDOWS)).toMatch(/AWS CLI, boto3 and terraform read C:\\Users\\zoe\\\.aws, tools on the AWS SDK for JavaScript read C:\\msys64/);
    expect(homeDisagreement({ HOME: 'C:\\Users\\Zoe\\', USERPROFILE: 'c:\\users\\zoe' }, WINDOWS)).toBeUndefined();
    expect(homeDisagreement({ USERPROFILE: 'C:\\Users\\zoe' }, WINDOWS)).toBeUndefined();
    expect(homeDisagreement({ HOME: '/home/zoe', USERPROFILE: 'C:\\Users\\zoe' }, WSL)).toBeUndefined();
  });
});

describe('terminalDevices', () => {
  it('is /dev/tty with stty on Unix, CONIN$/CONOUT$ with raw mode on Windows', () => {
    for (const p of [LINUX, MACOS, WSL]) expect(terminalDevices(p)).toEqual({ input: '/dev/tty', output: '/dev/tty', echoOff: 'stty' });
    expect(terminalDevices(WINDOWS)).toEqual({ input: 'CONIN$', output: 'CONOUT$', echoOff: 'console-raw-mode' });
  });
});

describe('browserCommands', () => {
  const cmds = (env: NodeJS.ProcessEnv, p: Platform) => browserCommands(env, p);
  it('uses the desktop opener of each platform', () => {
    expect(cmds({}, MACOS)).toEqual([['open']]);
    expect(cmds({}, WINDOWS)).toEqual([['rundll32', 'url.dll,FileProtocolHandler']]);
    expect(cmds({}, WSL)).toEqual([['wslview']]);
    expect(cmds({ DISPLAY: ':0' }, WSL)).toEqual([['wslview'], ['xdg-open']]);
    expect(cmds({ WAYLAND_DISPLAY: 'wayland-0' }, LINUX)).toEqual([['xdg-open']]);
  });
  it('has none on Linux without a display (SSH, CI), so callers use the device code flow', () => {
    expect(cmds({}, LINUX)).toEqual([]);
  });
  it('lets TEMPKEY_BROWSER, then BROWSER, choose on every platform', () => {
    for (const p of [LINUX, MACOS, WINDOWS, WSL]) {
      expect(cmds({ TEMPKEY_BROWSER: '"/opt/my browser/run" --new-tab', BROWSER: 'firefox' }, p)).toEqual([['/opt/my browser/run', '--new-tab']]);
      expect(cmds({ BROWSER: 'firefox' }, p)).toEqual([['firefox']]);
    }
  });
});

describe('keyringInfo', () => {
  it('names the keyring of each platform, and how to do without it', () => {
    expect(keyringInfo({}, MACOS)).toMatchObject({ name: 'the macOS Keychain', likelyReachable: true });
    expect(keyringInfo({}, WINDOWS)).toMatchObject({ name: 'the Windows Credential Manager', likelyReachable: true });
    expect(keyringInfo({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/user/1000/bus' }, LINUX)).toMatchObject({ name: 'the Secret Service (D-Bus)', likelyReachable: true });
    expect(keyringInfo({}, LINUX).likelyReachable).toBe(false);
    const wsl = keyringInfo({}, WSL);
    expect(wsl.likelyReachable).toBe(false);
    expect(wsl.unreachableFix).toMatch(/WSL has no Secret Service.*Windows Credential Manager/);
    for (const p of [LINUX, MACOS, WINDOWS, WSL]) expect(keyringInfo({}, p).unreachableFix).toContain('--backend file');
  });
});

describe('file protection and doctor wording', () => {
  it('claims modes on Unix only', () => {
    expect(fileProtection(LINUX)).toMatchObject({ kind: 'mode', modesEnforced: true });
    expect(fileProtection(MACOS).description).toContain('0600');
    expect(fileProtection(WINDOWS)).toMatchObject({ kind: 'acl', modesEnforced: false });
    expect(fileProtection(WINDOWS).description).not.toMatch(/0600|0700|chmod/);
  });
  it('fails a group-readable credentials file on Unix and says chmod', () => {
    expect(filePrivacyVerdict('/home/z/.aws/credentials', 0o100644, 'credentials', LINUX)).toEqual({
      severity: 'fail',
      found: '/home/z/.aws/credentials has mode 644: other users can read it',
      fix: "chmod 600 '/home/z/.aws/credentials'",
    });
    expect(filePrivacyVerdict('/Users/z/.aws/config', 0o100644, 'config', MACOS).severity).toBe('warn');
    expect(filePrivacyVerdict('/home/z/.aws/credentials', 0o100600, 'credentials', LINUX)).toEqual({ severity: 'ok', found: '/home/z/.aws/credentials mode 600' });
  });
  it('on Windows names the ACLs and no mode, whatever node reports', () => {
    const v = filePrivacyVerdict('C:\\Users\\z\\.aws\\credentials', 0o100666, 'credentials', WINDOWS);
    expect(v.severity).toBe('ok');
    expect(v.found).toMatch(/access control lists/);
    expect(v.found).not.toMatch(/mode \d|0[67]00|chmod/);
    expect(v.fix).toBeUndefined();
  });
  it('under WSL, a file on a Windows drive (DrvFs) is a warning with the mount fix, not a leak', () => {
    const v = filePrivacyVerdict('/mnt/c/Users/z/.aws/credentials', 0o100777, 'credentials', WSL);
    expect(v.severity).toBe('warn');
    expect(v.found).toMatch(/Windows drive \(DrvFs\)/);
    expect(v.fix).toMatch(/metadata/);
    // The Linux side of WSL has real modes: same verdict as Linux.
    expect(filePrivacyVerdict('/home/z/.aws/credentials', 0o100644, 'credentials', WSL).severity).toBe('fail');
    // And on plain Linux, /mnt/c is just a directory.
    expect(filePrivacyVerdict('/mnt/c/creds', 0o100644, 'credentials', LINUX).severity).toBe('fail');
  });
});

describe('defaultEnvFormat', () => {
  it('is powershell on Windows, bash elsewhere', () => {
    expect(defaultEnvFormat(WINDOWS)).toBe('powershell');
    for (const p of [LINUX, MACOS, WSL]) expect(defaultEnvFormat(p)).toBe('bash');
  });
});

describe('childSignalPolicy', () => {
  it('forwards the usual signals on Unix; on Windows forwards none and only outlives the Ctrl-C the program gets itself', () => {
    for (const p of [LINUX, MACOS, WSL]) expect(childSignalPolicy(p)).toEqual({ forward: ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH'], ignore: [] });
    expect(childSignalPolicy(WINDOWS)).toEqual({ forward: [], ignore: ['SIGINT', 'SIGBREAK'] });
  });
});

describe('launchCommand', () => {
  const files = new Set(['C:\\nodejs\\npm.cmd', 'C:\\tools\\terraform.exe', 'C:\\tools\\run me.bat']);
  const exists = (p: string) => files.has(p);
  const env = { PATH: 'C:\\tools;C:\\nodejs', PATHEXT: '.COM;.EXE;.BAT;.CMD', COMSPEC: 'C:\\Windows\\system32\\cmd.exe' };
  it('Windows: a .cmd or .bat found on PATH runs through cmd.exe, its line quoted; an .exe runs directly', () => {
    expect(launchCommand(['npm', 'run', 'deploy prod'], env, WINDOWS, exists)).toEqual({
      file: 'C:\\Windows\\system32\\cmd.exe',
      args: ['/d', '/s', '/c', '"C:\\nodejs\\npm.cmd run "deploy prod""'],
      windowsVerbatimArguments: true,
    });
    expect(launchCommand(['terraform', 'plan'], env, WINDOWS, exists)).toEqual({ file: 'terraform', args: ['plan'] });
    expect(launchCommand(['C:\\tools\\run me.bat', 'a&b'], env, WINDOWS, exists).args[3]).toBe('""C:\\tools\\run me.bat" "a&b""');
    expect(launchCommand(['missing'], env, WINDOWS, exists)).toEqual({ file: 'missing', args: [] });
  });
  it('Windows: refuses an argument cmd.exe would expand (%)', () => {
    expect(() => launchCommand(['npm', '100%'], env, WINDOWS, exists)).toThrow(/cmd\.exe/);
  });
  it('Unix: runs argv as given', () => {
    expect(launchCommand(['npm', 'run', 'x'], env, LINUX, exists)).toEqual({ file: 'npm', args: ['run', 'x'] });
  });
});

describe('interactiveShell', () => {
  it('is $SHELL on Unix, COMSPEC on Windows (never a Git Bash $SHELL), TEMPKEY_SHELL everywhere', () => {
    expect(interactiveShell({ SHELL: '/bin/zsh' }, MACOS)).toBe('/bin/zsh');
    expect(interactiveShell({}, LINUX)).toBe('/bin/sh');
    expect(interactiveShell({ SHELL: '/usr/bin/bash', COMSPEC: 'C:\\Windows\\system32\\cmd.exe' }, WINDOWS)).toBe('C:\\Windows\\system32\\cmd.exe');
    expect(interactiveShell({}, WINDOWS)).toBe('powershell.exe');
    expect(interactiveShell({ TEMPKEY_SHELL: 'pwsh', COMSPEC: 'cmd.exe' }, WINDOWS)).toBe('pwsh');
    expect(interactiveShell({ TEMPKEY_SHELL: 'fish', SHELL: '/bin/bash' }, LINUX)).toBe('fish');
  });
});

/** What botocore's compat_shell_split makes of each line, on the platform given. */
function botocoreSplit(lines: string[], platform: 'win32' | 'linux'): string[][] {
  const py = 'import json,sys\nfrom botocore.compat import compat_shell_split\nprint(json.dumps([compat_shell_split(l, sys.argv[1]) for l in json.load(sys.stdin)]))';
  return JSON.parse(execFileSync('python3', ['-c', py, platform], { input: JSON.stringify(lines), encoding: 'utf8' }));
}

/** The words /bin/sh makes of a line (the JS SDK runs credential_process through a shell). */
function shSplit(line: string): string[] {
  const out = execFileSync('sh', ['-c', `printf '%s\\0' ${line}`], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

/** cmd.exe's rule for a line it runs: & | < > ^ ( ) are commands, unless inside double quotes; %VAR% expands anywhere. */
function cmdMetacharactersOutsideQuotes(line: string): string[] {
  const found: string[] = [];
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && '&|<>^()'.includes(ch)) found.push(ch);
    if (ch === '%') found.push(ch);
  }
  return found;
}

const ODD_WORDS = [
  'C:\\Program Files\\nodejs\\node.exe',
  'C:\\Users\\Zoë Öztürk\\AppData\\Roaming\\npm\\node_modules\\tempkey\\bin\\tempkey.js',
  'credential-process',
  '--profile',
  'acme dev (eu) & co',
  'C:\\dir with space\\',
  '',
  'a\\\\b',
  "it's",
  '日本語',
];

describe('quoteCommandLine', () => {
  it('Windows: botocore (win32 rules) reads back the same words, and cmd.exe sees no operator outside quotes', () => {
    const line = quoteCommandLine(ODD_WORDS, WINDOWS);
    expect(botocoreSplit([line], 'win32')[0]).toEqual(ODD_WORDS);
    expect(cmdMetacharactersOutsideQuotes(line)).toEqual([]);
    expect(quoteCommandLine(['C:\\node\\node.exe', 'C:\\t\\tempkey.js', 'credential-process', '--profile', 'dev'], WINDOWS)).toBe('C:\\node\\node.exe C:\\t\\tempkey.js credential-process --profile dev');
  });
  it('Windows: refuses % and " (cmd.exe would expand or split them) with a clear error', () => {
    expect(() => quoteCommandLine(['C:\\100%\\tempkey.js'], WINDOWS)).toThrow(/cmd\.exe/);
    expect(() => quoteCommandLine(['a"b'], WINDOWS)).toThrow(/contains %/);
  });
  it('Windows and Unix: any words (without % " or line breaks on Windows) read back through botocore', () => {
    const samples = fc.sample(fc.array(fc.string({ unit: 'binary' }).filter((s) => !/[%"\r\n\0]/.test(s)), { minLength: 1, maxLength: 5 }), 300);
    expect(botocoreSplit(samples.map((w) => quoteCommandLine(w, WINDOWS)), 'win32')).toEqual(samples);
    const posix = fc.sample(fc.array(fc.string({ unit: 'binary' }).filter((s) => !s.includes('\0')), { minLength: 1, maxLength: 5 }), 300);
    expect(botocoreSplit(posix.map((w) => quoteCommandLine(w, LINUX)), 'linux')).toEqual(posix);
    expect(posix.map((w) => splitCommandLine(quoteCommandLine(w, LINUX)))).toEqual(posix);
  });
  it('Unix: shlex (botocore), /bin/sh (the JS SDK) and tempkey itself read back the same words', () => {
    const words = ODD_WORDS.map((w) => w.replace(/\\/g, '/')).concat(['$HOME', '`id`', 'a"b', '~', '*']);
    const line = quoteCommandLine(words, LINUX);
    expect(botocoreSplit([line], 'linux')[0]).toEqual(words);
    expect(shSplit(line)).toEqual(words);
    expect(splitCommandLine(line)).toEqual(words);
    expect(quoteCommandLine(['/usr/lib/node_modules/tempkey/bin/tempkey.js', 'credential-process', '--profile', 'dev'], MACOS)).toBe('/usr/lib/node_modules/tempkey/bin/tempkey.js credential-process --profile dev');
  });
});

describe('selfArgv', () => {
  const o = { nodePath: 'C:\\Program Files\\nodejs\\node.exe', runsByItself: false, nodeOnPathIsThis: true };
  it('Unix: the script itself when it runs by itself (#!), else node and the script', () => {
    expect(selfArgv('/opt/tempkey/bin/tempkey.js', LINUX, { ...o, nodePath: '/usr/bin/node', runsByItself: true })).toEqual(['/opt/tempkey/bin/tempkey.js']);
    expect(selfArgv('/opt/tempkey/bin/tempkey.js', MACOS, { ...o, nodePath: '/usr/local/bin/node' })).toEqual(['/usr/local/bin/node', '/opt/tempkey/bin/tempkey.js']);
  });
  it('Windows: always node and the script; `node` bare when the node on PATH is this one, so the line does not start with a quote', () => {
    const script = 'C:\\Users\\Zoë\\AppData\\Roaming\\npm\\node_modules\\tempkey\\bin\\tempkey.js';
    expect(selfArgv(script, WINDOWS, { ...o, runsByItself: true })).toEqual(['node', script]);
    expect(selfArgv(script, WINDOWS, { ...o, nodeOnPathIsThis: false })).toEqual([o.nodePath, script]);
    const line = quoteCommandLine([...selfArgv(script, WINDOWS, o), 'credential-process', '--profile', 'dev'], WINDOWS);
    expect(line.startsWith('"')).toBe(false);
    expect(botocoreSplit([line], 'win32')[0]).toEqual(['node', script, 'credential-process', '--profile', 'dev']);
  });
});

describe('splitCommandLineFor', () => {
  it('Windows: splits like botocore on win32 (backslashes kept, "" quotes, odd backslash runs)', () => {
    const lines = [
      'C:\\tools\\creds.exe --profile dev',
      '"C:\\Program Files\\x\\creds.exe" a\\\\"b c" "d\\"e" f\\\\\\"g  \t h\\',
      'node "C:\\Users\\Zoë Ö\\tempkey.js" credential-process --profile "a b"',
      '"" x ""y',
    ];
    expect(lines.map((l) => splitCommandLineFor(l, WINDOWS))).toEqual(botocoreSplit(lines, 'win32'));
    const random = fc.sample(fc.string({ unit: fc.constantFrom('a', ' ', '\t', '\\', '"', 'ö'), maxLength: 14 }), 400);
    const py = 'import json,sys\nfrom botocore.compat import compat_shell_split\nout=[]\nfor l in json.load(sys.stdin):\n  try: out.append(compat_shell_split(l, "win32"))\n  except ValueError: out.append(None)\nprint(json.dumps(out))';
    const expected: (string[] | null)[] = JSON.parse(execFileSync('python3', ['-c', py], { input: JSON.stringify(random), encoding: 'utf8' }));
    random.forEach((l, i) => {
      if (expected[i] === null) expect(() => splitCommandLineFor(l, WINDOWS)).toThrow(/Unclosed/);
      else expect(splitCommandLineFor(l, WINDOWS)).toEqual(expected[i]);
    });
  });
  it('Unix: shlex rules (backslashes escape)', () => {
    expect(splitCommandLineFor('/opt/x\\ y/creds --profile "a b"', LINUX)).toEqual(['/opt/x y/creds', '--profile', 'a b']);
  });
});
