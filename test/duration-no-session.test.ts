import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/run.js';
import { startStsWorld, type StsWorld } from './helpers/sts-recorder.js';

// --duration and --no-session (as in aws-vault), through the CLI against moto:
// the lifetime asked for is the one STS grants, and without a session the MFA
// code goes with AssumeRole itself (no GetSessionToken).
const MFA = 'arn:aws:iam::111111111111:mfa/alice';
let world: StsWorld;
let home: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  world = await startStsWorld();
  home = mkdtempSync(join(tmpdir(), 'tempkey-duration-'));
  mkdirSync(join(home, '.aws'));
  writeFileSync(
    join(home, '.aws/config'),
    `[profile iam]\nmfa_serial = ${MFA}\nregion = us-east-1\n\n[profile role]\nrole_arn = arn:aws:iam::222222222222:role/Admin\nsource_profile = iam\nmfa_serial = ${MFA}\nregion = us-east-1\n\n[profile nomfa]\nrole_arn = arn:aws:iam::333333333333:role/Plain\nsource_profile = keys\nregion = us-east-1\n`,
  );
  writeFileSync(join(home, '.aws/credentials'), `[iam]\naws_access_key_id = AKIAALICEALICEALICE1\naws_secret_access_key = alicesecretalicesecretalicesecret0000000\n\n[keys]\naws_access_key_id = AKIAALICEALICEALICE1\naws_secret_access_key = alicesecretalicesecretalicesecret0000000\n`);
  env = { PATH: process.env.PATH, HOME: home, AWS_ENDPOINT_URL: world.url, AWS_EC2_METADATA_DISABLED: 'true' };
});
afterAll(async () => {
  await world?.stop();
  rmSync(home, { recursive: true, force: true });
});

/** Asynchronously: the recording gateway lives in this process's event loop. */
function tempkey(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((res) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin/tempkey.js'), ...args], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => res({ status, stdout, stderr }));
  });
}
const lifetime = (stdout: string) => (Date.parse(JSON.parse(stdout).AWS_CREDENTIAL_EXPIRATION) - Date.now()) / 1000;

describe('--duration', () => {
  it('asks AssumeRole for that lifetime, and a plain request keeps the default', async () => {
    const two = await tempkey(['env', 'nomfa', '--duration', '2h', '--format', 'json']);
    expect(two.stderr).toBe('');
    expect(lifetime(two.stdout)).toBeGreaterThan(7100);
    expect(lifetime(two.stdout)).toBeLessThanOrEqual(7200);
    const plain = await tempkey(['env', 'nomfa', '--format', 'json']);
    expect(lifetime(plain.stdout)).toBeLessThanOrEqual(3600);
  });

  it('refuses what is not a duration, or outside what STS allows', async () => {
    const bad = await tempkey(['env', 'nomfa', '--duration', 'two hours']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--duration 'two hours' is not a duration");
    const long = await tempkey(['env', 'nomfa', '--duration', '13h']);
    expect(long.status).toBe(2);
    expect(long.stderr).toContain('--duration 46800s is outside what AssumeRole allows (900s to 43200s)');
  });
});

describe('--no-session', () => {
  it('sends the MFA code with AssumeRole and makes no GetSessionToken', async () => {
    world.clearActions();
    const r = await tempkey(['env', 'role', '--no-session', '--mfa-token', world.totp(), '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    expect(world.actions()).toEqual(['AssumeRole']);
    // Without --no-session the same profile opens an MFA session first (the role entry, keyed as
    // the AWS CLI keys it, would serve both: remove it).
    rmSync(join(home, '.aws/cli/cache'), { recursive: true, force: true });
    world.clearActions();
    // Each code is accepted once: the world hands out one it has not seen yet.
    const withSession = await tempkey(['env', 'role', '--mfa-token', world.totp(), '--format', 'json']);
    expect(withSession.status).toBe(0);
    expect(world.actions()).toEqual(['GetSessionToken', 'AssumeRole']);
  });
});
