import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { World } from './helpers/world.js';
import { accountId, startWorldAndHome, stopWorldAndHome } from './helpers/world-home.js';
import { writeAwsFiles } from './helpers/temp-home.js';
import { run, tempkey } from './helpers/run.js';

// EC2 instance metadata as a credential source, against the emulator's IMDSv2
// endpoint: botocore accepts the endpoint as real; a role profile with
// credential_source = Ec2InstanceMetadata assumes its role from the instance's.
let world: World;
let home: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  ({ world, home } = await startWorldAndHome('tempkey-imds-'));
  writeAwsFiles(home, { config: `[profile ec2]\nrole_arn = arn:aws:iam::${accountId(world, 'apps-devstg')}:role/DevOps\ncredential_source = Ec2InstanceMetadata\nregion = us-east-1\n` });
  env = { PATH: process.env.PATH, HOME: home, AWS_ENDPOINT_URL: world.url, AWS_EC2_METADATA_SERVICE_ENDPOINT: world.url, AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-east-1' };
}, 60_000);
afterAll(() => stopWorldAndHome(world, home));

describe('EC2 instance metadata (IMDSv2)', () => {
  it('botocore gets the instance role from the emulator, with a session token', async () => {
    world.clearLog();
    const py = await run('python3', ['-c', 'import boto3; print(boto3.Session().client("sts").get_caller_identity()["Arn"])'], env);
    expect(py.stderr).toBe('');
    expect(py.stdout.trim()).toMatch(/^arn:aws:sts::\d{12}:assumed-role\/tempkey-instance-role\/i-0123456789abcdef0$/);
    expect(world.count('ImdsToken')).toBeGreaterThanOrEqual(1);
    expect(world.count('ImdsUnauthorized')).toBe(0);
  });

  it('credential_source = Ec2InstanceMetadata: the role is assumed from the instance credentials', async () => {
    world.clearLog();
    const who = await tempkey(['whoami', 'ec2', '--json'], env);
    expect(who.stderr).toBe('');
    expect(JSON.parse(who.stdout).arn).toMatch(new RegExp(`^arn:aws:sts::${accountId(world, 'apps-devstg')}:assumed-role/DevOps/`));
    const ops = world.log().map((e) => e.operation);
    expect(ops.indexOf('ImdsToken')).toBeLessThan(ops.indexOf('ImdsCredentials'));
    expect(ops.indexOf('ImdsCredentials')).toBeLessThan(ops.indexOf('AssumeRole'));
  });

  it('without a metadata service the error names the profile and the fix', async () => {
    rmSync(join(home, '.aws/cli'), { recursive: true, force: true });
    const r = await tempkey(['whoami', 'ec2'], { ...env, AWS_EC2_METADATA_SERVICE_ENDPOINT: 'http://127.0.0.1:1' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("profile 'ec2'");
    expect(r.stderr).toMatch(/instance profile|another credential source/);
  });
});
