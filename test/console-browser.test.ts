import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempkey } from './helpers/run.js';
import { startWorld, type World } from './helpers/world.js';

// `tempkey console` in a chosen browser and browser profile per AWS profile:
// each launch is recorded by stand-in browsers on PATH (chromium, firefox,
// my-browser) that write down their arguments and the TEMPKEY_PROFILE they got.
let world: World;
let home: string;
let env: NodeJS.ProcessEnv;
const record = () => join(home, 'launches.jsonl');
const launches = () => (existsSync(record()) ? readFileSync(record(), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { name: string; args: string[]; profile: string }) : []);

beforeAll(async () => {
  world = await startWorld();
  home = mkdtempSync(join(tmpdir(), 'tempkey-console-browser-'));
  mkdirSync(join(home, '.aws'));
  mkdirSync(join(home, 'bin'));
  const keys = `aws_access_key_id = ${world.iamUser.accessKeyId}\naws_secret_access_key = ${world.iamUser.secretAccessKey}\n`;
  writeFileSync(join(home, '.aws/credentials'), `[dev]\n${keys}\n[prd]\n${keys}\n[ops]\n${keys}`, { mode: 0o600 });
  writeFileSync(join(home, '.aws/config'), `[profile dev]\nregion = us-east-1\n\n[profile prd]\nregion = us-east-1\ntempkey_console_browser = firefox\n\n[profile ops]\nregion = us-east-1\ntempkey_console_browser = my-browser --profile-name={profile} --open {url}\n`);
  for (const name of ['chromium', 'firefox', 'my-browser']) {
    writeFileSync(join(home, 'bin', name), `#!${process.execPath}\nrequire('fs').appendFileSync(${JSON.stringify(record())}, JSON.stringify({ name: ${JSON.stringify(name)}, args: process.argv.slice(2), profile: process.env.TEMPKEY_PROFILE }) + '\\n');\n`);
    chmodSync(join(home, 'bin', name), 0o755);
  }
  env = { PATH: `${join(home, 'bin')}:${process.env.PATH}`, HOME: home, ...world.env() };
});
afterAll(async () => {
  await world?.stop();
  rmSync(home, { recursive: true, force: true });
});

async function waitForLaunches(n: number) {
  for (let i = 0; i < 50 && launches().length < n; i++) await new Promise((r) => setTimeout(r, 100));
  return launches();
}

describe('console in a browser per profile', () => {
  it('--browser chromium: a --user-data-dir of its own per AWS profile, and the profile name', async () => {
    for (const p of ['dev', 'prd']) {
      const r = await tempkey(['console', p, '--browser', 'chromium'], env);
      expect(r.stderr).toContain(`Opened the AWS console as profile '${p}' in chromium`);
    }
    const [dev, prd] = await waitForLaunches(2);
    expect(dev!.args[0]).toBe(`--user-data-dir=${join(home, '.aws/tempkey/browsers/chromium/dev')}`);
    expect(prd!.args[0]).toBe(`--user-data-dir=${join(home, '.aws/tempkey/browsers/chromium/prd')}`);
    expect([dev!.profile, prd!.profile]).toEqual(['dev', 'prd']);
    // The sign-in link is handed over as a private page, not on the command line.
    expect(dev!.args.at(-1)).toMatch(/^file:\/\/.*signin-[0-9a-f]+\.html$/);
  });

  it("the profile's tempkey_console_browser: a Firefox container named after it, or a command with {profile} and {url}", async () => {
    rmSync(record(), { force: true });
    expect((await tempkey(['console', 'prd'], env)).status).toBe(0);
    expect((await tempkey(['console', 'ops'], env)).status).toBe(0);
    const [prd, ops] = await waitForLaunches(2);
    expect(prd!.name).toBe('firefox');
    expect(prd!.args[0]).toMatch(/^ext\+container:name=prd&url=file%3A%2F%2F.*signin-[0-9a-f]+\.html$/);
    expect(ops!.name).toBe('my-browser');
    expect(ops!.args[0]).toBe('--profile-name=ops');
    expect(ops!.args[1]).toBe('--open');
    expect(ops!.args[2]).toMatch(/^file:\/\//);
    expect(ops!.profile).toBe('ops');
  });

  it('a browser that is not there is an error with the fix', async () => {
    const r = await tempkey(['console', 'dev', '--browser', 'no-such-browser-xyz {url}'], env);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("Could not start the console browser 'no-such-browser-xyz'");
  });
});
