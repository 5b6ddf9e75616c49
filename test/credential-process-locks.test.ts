import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INDEX_PREFIX } from '../src/core/credentials/hot-path-index.js';
import { commandLine } from '../src/lib/command-line.js';

// A profile whose credential_process is a small script that counts its runs: many
// tempkey processes at once must run it once (one lock per cache entry), a holder
// killed with -9 must not block the next caller for good, and a corrupt cache
// entry is rewritten instead of crashing anyone.
const root = resolve(__dirname, '..');
let home: string;
let env: NodeJS.ProcessEnv;
const counter = () => join(home, 'runs.log');

function runs(): number {
  return existsSync(counter()) ? readFileSync(counter(), 'utf8').split('\n').filter(Boolean).length : 0;
}

function tempkeyAsync(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((res) => {
    const child = spawn(process.execPath, [join(root, 'bin/tempkey.js'), ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => res({ status, stdout, stderr }));
  });
}

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'tempkey-locks-'));
  mkdirSync(join(home, '.aws'), { recursive: true });
  // Sleeps SLEEP_MS (or forever while a "hang" file exists), then prints Version 1 JSON.
  writeFileSync(
    join(home, 'creds.cjs'),
    `const fs = require('fs');
fs.appendFileSync(${JSON.stringify(counter())}, process.pid + '\\n');
const hang = fs.existsSync(${JSON.stringify(join(home, 'hang'))});
setTimeout(() => {
  const n = fs.readFileSync(${JSON.stringify(counter())}, 'utf8').split('\\n').filter(Boolean).length;
  process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: 'ASIAPROC' + String(n).padStart(12, '0'), SecretAccessKey: 'procsecret' + n, SessionToken: 'proctoken' + n, Expiration: new Date(Date.now() + 3600e3).toISOString() }));
}, hang ? 600000 : 400);
`,
  );
  writeFileSync(join(home, '.aws/config'), `[profile cp]\ncredential_process = ${commandLine([process.execPath, join(home, 'creds.cjs')])}\nregion = us-east-1\n`);
  env = { PATH: process.env.PATH, HOME: home, AWS_CONFIG_FILE: join(home, '.aws/config'), AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws/credentials') };
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

function clearCache() {
  rmSync(join(home, '.aws/tempkey'), { recursive: true, force: true });
  rmSync(counter(), { force: true });
}

describe('credential_process through tempkey, many callers at once', () => {
  it('30 parallel calls on a cold cache run the process once and all print the same valid credentials', async () => {
    clearCache();
    const outs = await Promise.all(Array.from({ length: 30 }, () => tempkeyAsync(['credential-process', '--profile', 'cp'])));
    for (const o of outs) expect(o.stderr).toBe('');
    const parsed = outs.map((o) => JSON.parse(o.stdout));
    for (const p of parsed) expect(p).toMatchObject({ Version: 1, AccessKeyId: 'ASIAPROC000000000001' });
    expect(runs()).toBe(1);
    const cacheFiles = readdirSync(join(home, '.aws/tempkey/cache')).filter((f) => !f.startsWith(INDEX_PREFIX)); // the hot-path index lives beside the entries
    expect(cacheFiles).toHaveLength(1);
  });

  it('a corrupt cache entry is ignored and rewritten', async () => {
    const dir = join(home, '.aws/tempkey/cache');
    const [file] = readdirSync(dir).filter((f) => !f.startsWith(INDEX_PREFIX));
    writeFileSync(join(dir, file!), '{"Credentials": {"AccessKeyId": "AS');
    const before = runs();
    const o = await tempkeyAsync(['credential-process', '--profile', 'cp']);
    expect(o.status).toBe(0);
    expect(JSON.parse(o.stdout).Version).toBe(1);
    expect(runs()).toBe(before + 1);
    expect(JSON.parse(readFileSync(join(dir, file!), 'utf8')).Credentials.AccessKeyId).toBe(JSON.parse(o.stdout).AccessKeyId);
  });

  it('a lock holder killed with -9 does not block the next caller for good', async () => {
    clearCache();
    writeFileSync(join(home, 'hang'), '');
    const holder = spawn(process.execPath, [join(root, 'bin/tempkey.js'), 'credential-process', '--profile', 'cp'], { env, stdio: 'ignore' });
    const deadline = Date.now() + 15_000;
    while (runs() === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(runs()).toBe(1); // the holder is inside the lock, running the (hanging) process
    const hungPid = Number(readFileSync(counter(), 'utf8').trim());
    holder.kill('SIGKILL');
    process.kill(hungPid, 'SIGKILL');
    rmSync(join(home, 'hang'));
    const t0 = Date.now();
    const o = await tempkeyAsync(['credential-process', '--profile', 'cp']);
    expect(o.stderr).toBe('');
    expect(JSON.parse(o.stdout).Version).toBe(1);
    expect(Date.now() - t0).toBeLessThan(30_000); // stale after ~10 s without the holder's touch
    expect(runs()).toBe(2);
  }, 60_000);

  it('invalid output from the process is a clear error and nothing is cached', () => {
    clearCache();
    writeFileSync(join(home, 'bad.cjs'), `process.stdout.write(JSON.stringify({ Version: '1', AccessKeyId: 'A', SecretAccessKey: 'B' }))`);
    writeFileSync(join(home, '.aws/config'), `[profile bad]\ncredential_process = ${commandLine([process.execPath, join(home, 'bad.cjs')])}\n`);
    const r = spawnSync(process.execPath, [join(root, 'bin/tempkey.js'), 'credential-process', '--profile', 'bad'], { env, encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/credential_process of profile 'bad' printed invalid output: Version is "1", expected the number 1/);
    expect(existsSync(join(home, '.aws/tempkey/cache')) ? readdirSync(join(home, '.aws/tempkey/cache')) : []).toEqual([]);
  });
});
