import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/run.js';

// The profile picker in a real terminal (tmux), with what the screen shows
// asserted: the header redrawn at column 0, scrolling past ten rows, Ctrl-U,
// word queries, [default] chosen by Enter (as without a terminal), login's
// picker listing only IAM Identity Center profiles, env with a picker.
let home: string;
let socket: string;
const NAMES = [...Array.from({ length: 12 }, (_, i) => `p${String(i + 1).padStart(2, '0')}`), 'acme-0042-AdministratorAccess', 'acme-0042-ReadOnly'];

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'tempkey-picker-tty-'));
  socket = join(home, 'tmux.sock');
  mkdirSync(join(home, '.aws'));
  const creds = (id: string) => `${process.execPath} -e "process.stdout.write(JSON.stringify({Version:1,AccessKeyId:'${id}',SecretAccessKey:'s'}))"`;
  const profiles = ['default', ...NAMES].map((p) => `[${p === 'default' ? 'default' : `profile ${p}`}]\ncredential_process = ${creds(`AKID${p.replace(/\W/g, '').toUpperCase().slice(0, 12)}`)}\nregion = us-east-1\n`);
  const sso = ['sso-a', 'sso-b'].map((p) => `[profile ${p}]\nsso_session = org\nsso_account_id = 111111111111\nsso_role_name = Admin\n`);
  writeFileSync(join(home, '.aws/config'), [...profiles, ...sso, '[sso-session org]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = us-east-1\n'].join('\n'));
});
afterAll(() => {
  try {
    execFileSync('tmux', ['-S', socket, 'kill-server'], { stdio: 'ignore' });
  } catch {
    /* no server left */
  }
  rmSync(home, { recursive: true, force: true });
});

let n = 0;
/** Starts `tempkey ARGS` in a new 100x30 tmux window; the pane stays after it exits and shows EXIT=<status>. */
function start(args: string): string {
  const name = `w${n++}`;
  const cmd = `cd '${home}' && HOME='${home}' TEMPKEY_NO_LOGIN=1 AWS_EC2_METADATA_DISABLED=true ${process.execPath} ${join(repoRoot, 'bin/tempkey.js')} ${args}; echo EXIT=$?; sleep 60`;
  const common = ['-x', '100', '-y', '30', '-n', name, 'sh', '-c', cmd];
  try {
    execFileSync('tmux', ['-S', socket, 'new-window', '-d', ...common.slice(4)], { stdio: 'ignore' });
  } catch {
    execFileSync('tmux', ['-S', socket, 'new-session', '-d', '-s', 'picker', ...common], { stdio: 'ignore' });
  }
  return name;
}
const screen = (w: string) => execFileSync('tmux', ['-S', socket, 'capture-pane', '-p', '-t', w], { encoding: 'utf8' });
const keys = (w: string, ...k: string[]) => execFileSync('tmux', ['-S', socket, 'send-keys', '-t', w, ...k]);
async function waitFor(w: string, text: string | RegExp): Promise<string> {
  let last = '';
  for (let i = 0; i < 150; i++) {
    last = screen(w);
    if (typeof text === 'string' ? last.includes(text) : text.test(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the screen never showed ${String(text)}; it shows:\n${last}`);
}
const lines = (s: string) => s.split('\n');

describe('the picker on a terminal', () => {
  it('Enter with nothing typed picks [default], as the same command does without a terminal', async () => {
    const w = start(`exec -- sh -c 'echo picked=$TEMPKEY_PROFILE'`);
    const s = await waitFor(w, 'Profile>');
    expect(lines(s)[0]).toBe('Choose a profile (17/17, 1-10 shown)');
    expect(lines(s)[1]).toBe('> default  (default)');
    keys(w, 'Enter');
    expect(await waitFor(w, 'EXIT=')).toContain('picked=default');
  });

  it('redraws the header at column 0 on every key, and matches every word of the query', async () => {
    const w = start(`exec -- sh -c 'echo picked=$TEMPKEY_PROFILE'`);
    await waitFor(w, 'Profile>');
    keys(w, '-l', '0042 admin');
    const s = await waitFor(w, 'Profile> 0042 admin');
    // One header, at the top left, with the new count: nothing left of an earlier frame.
    expect(lines(s)[0]).toBe('Choose a profile (1/17)');
    expect(s.match(/Choose a profile/g)).toHaveLength(1);
    expect(lines(s)[1]).toBe('> acme-0042-AdministratorAccess');
    keys(w, 'Enter');
    expect(await waitFor(w, 'EXIT=')).toContain('picked=acme-0042-AdministratorAccess');
  });

  it('scrolls past the tenth row; Ctrl-U clears the query', async () => {
    const w = start(`exec -- sh -c 'echo picked=$TEMPKEY_PROFILE'`);
    await waitFor(w, 'Profile>');
    keys(w, '-l', 'zzz');
    expect(lines(await waitFor(w, 'Profile> zzz'))[0]).toBe('Choose a profile (0/17)');
    keys(w, 'C-u');
    expect(lines(await waitFor(w, /^Profile>$/m))[0]).toBe('Choose a profile (17/17, 1-10 shown)');
    for (let i = 0; i < 12; i++) keys(w, 'Down');
    const s = await waitFor(w, '4-13 shown');
    expect(lines(s).filter((l) => l.startsWith('>'))).toHaveLength(1);
    const selected = lines(s).find((l) => l.startsWith('>'))!;
    expect(lines(s)[10]).toBe(selected); // the last visible row
    keys(w, 'Enter');
    expect(await waitFor(w, 'EXIT=')).toContain(`picked=${selected.slice(2).trim()}`);
  });

  it("login's picker lists only IAM Identity Center profiles; Esc cancels", async () => {
    const w = start('login --no-browser');
    const s = await waitFor(w, 'Profile>');
    expect(lines(s)[0]).toBe('Choose an IAM Identity Center profile (2/2)');
    expect(s).toContain('sso-a');
    expect(s).not.toContain('p01');
    keys(w, 'Escape');
    expect(await waitFor(w, 'EXIT=')).toContain('EXIT=130');
  });

  it('env without a profile opens the picker too', async () => {
    const w = start('env');
    await waitFor(w, 'Profile>');
    keys(w, '-l', 'p07');
    await waitFor(w, 'Profile> p07');
    keys(w, 'Enter');
    expect(await waitFor(w, 'EXIT=0')).toContain("export AWS_ACCESS_KEY_ID='AKIDP07'");
  });
});
