import { describe, expect, it } from 'vitest';
import { LINUX, MACOS, WINDOWS, WSL, type Platform } from './platform.js';
import { terminalPrompter, type ConsoleDeps } from './prompt.js';

/**
 * A scripted console: records every device opened, every write, every mode
 * switch, and hands out the keys a person would type, chunk by chunk.
 */
function fakeConsole(typed: string[], opts: { devices?: string[] } = {}) {
  const events: string[] = [];
  const fdOf = new Map<number, string>();
  let next = 10;
  const deps: ConsoleDeps = {
    open(path, flags) {
      if (opts.devices && !opts.devices.includes(path)) throw Object.assign(new Error(`ENXIO: ${path}`), { code: 'ENXIO' });
      const fd = next++;
      fdOf.set(fd, path);
      events.push(`open ${path} ${flags}`);
      return fd;
    },
    read(fd, buf) {
      const chunk = typed.shift() ?? '';
      events.push(`read ${fdOf.get(fd)}`);
      return buf.write(chunk);
    },
    write(fd, text) {
      events.push(`write ${fdOf.get(fd)} ${JSON.stringify(text)}`);
    },
    close(fd) {
      events.push(`close ${fdOf.get(fd)}`);
    },
    stty(fd, args) {
      events.push(`stty ${fdOf.get(fd)} ${args.join(' ')}`);
    },
    rawModeSwitch(device) {
      events.push(`raw-switch ${device}`);
      return { set: (on) => void events.push(`raw ${on}`), close: () => void events.push('raw-switch closed') };
    },
  };
  return { deps, events };
}

/** Asks `question` on `platform` of a scripted console that types `typed`: the answer, and what the console saw. */
async function askTyped(platform: Platform, typed: string[], question: string, opts?: { secret?: boolean }) {
  const c = fakeConsole(typed);
  const answer = await terminalPrompter('x', { platform, console: c.deps }).ask(question, opts);
  return { answer, events: c.events };
}

// Every Windows prompt opens both console devices first and closes them last, output first.
const OPENED = ['open CONIN$ r', 'open CONOUT$ w'];
const CLOSED = ['close CONOUT$', 'close CONIN$'];

describe('terminal prompts on Windows (CONIN$/CONOUT$, injected console)', () => {
  it('asks on CONOUT$, reads the line from CONIN$, never touches stty', async () => {
    const { answer, events } = await askTyped(WINDOWS, ['1234', '56\r\n'], 'Enter MFA code for arn:aws:iam::111122223333:mfa/zoe: ');
    expect(answer).toBe('123456');
    expect(events).toEqual([...OPENED, 'write CONOUT$ "Enter MFA code for arn:aws:iam::111122223333:mfa/zoe: "', 'read CONIN$', 'read CONIN$', ...CLOSED]);
  });
  it('reads a secret in raw mode (no echo): handles Backspace and Enter itself, restores the mode, ends the line', async () => {
    const { answer, events } = await askTyped(WINDOWS, ['pa', 'sx\b', 's wörd\r'], 'Passphrase: ', { secret: true });
    expect(answer).toBe('pass wörd');
    expect(events).toEqual([
      ...OPENED,
      'raw-switch CONIN$',
      'raw true',
      'write CONOUT$ "Passphrase: "',
      'read CONIN$',
      'read CONIN$',
      'read CONIN$',
      'raw false',
      'write CONOUT$ "\\r\\n"',
      'raw-switch closed',
      ...CLOSED,
    ]);
    expect(events.some((e) => e.startsWith('stty'))).toBe(false);
  });
  it('Ctrl-C at a secret prompt cancels, and still restores the console mode', async () => {
    const c = fakeConsole(['ab\x03']);
    await expect(terminalPrompter('x', { platform: WINDOWS, console: c.deps }).ask('Passphrase: ', { secret: true })).rejects.toMatchObject({ code: 'CANCELLED', exitCode: 130 });
    expect(c.events.slice(-5)).toEqual(['raw false', 'write CONOUT$ "\\r\\n"', 'raw-switch closed', ...CLOSED]);
  });
  it('without a console (a service, CI), says which flag to use', async () => {
    const c = fakeConsole([], { devices: [] });
    await expect(terminalPrompter('Pass --mfa-token CODE.', { platform: WINDOWS, console: c.deps }).ask('Enter MFA code: ')).rejects.toMatchObject({ code: 'NO_TERMINAL', fix: 'Pass --mfa-token CODE.', exitCode: 2 });
  });
  it('with CONIN$ but no CONOUT$, closes what it opened', async () => {
    const c = fakeConsole([], { devices: ['CONIN$'] });
    await expect(terminalPrompter('x', { platform: WINDOWS, console: c.deps }).ask('Q: ')).rejects.toMatchObject({ code: 'NO_TERMINAL' });
    expect(c.events).toEqual(['open CONIN$ r', 'close CONIN$']);
  });
});

describe('terminal prompts on Unix (/dev/tty, stty; injected console)', () => {
  for (const platform of [LINUX, MACOS, WSL]) {
    it(`${platform.os}${platform.wsl ? ' (WSL)' : ''}: one /dev/tty for both ways, echo switched with stty around a secret`, async () => {
      const { answer, events } = await askTyped(platform, ['s3cret\n'], 'Passphrase: ', { secret: true });
      expect(answer).toBe('s3cret');
      expect(events).toEqual([
        'open /dev/tty r+',
        'stty /dev/tty -echo',
        'write /dev/tty "Passphrase: "',
        'read /dev/tty',
        'stty /dev/tty echo',
        'write /dev/tty "\\n"',
        'close /dev/tty',
      ]);
    });
  }
  it('the terminal does the line editing (canonical mode): a CRLF line is cut at the CR', async () => {
    expect((await askTyped(LINUX, ['123456\r\n'], 'Code: ')).answer).toBe('123456');
  });
  it('end of input returns what was typed', async () => {
    expect((await askTyped(LINUX, ['12'], 'Code: ')).answer).toBe('12');
  });
});
