import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CreateAccessKeyCommand, CreateUserCommand, DeleteAccessKeyCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStsWorld, type StsWorld } from './helpers/sts-recorder.js';
import { tempkey as runTempkey } from './helpers/run.js';

// moto with IAM auth enforced: an IAM user's keys work, then are deleted, and tempkey says so.
const root = resolve(__dirname, '..');
let world: StsWorld;
let home: string;
let iam: IAMClient;
let keys: { id: string; secret: string };

const tempkey = (args: string[], env: NodeJS.ProcessEnv) => runTempkey(args, env, { detached: true });

beforeAll(async () => {
  world = await startStsWorld({ unauthenticatedActions: 3 });
  const bootstrap = { region: 'us-east-1', endpoint: world.url, credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'bootstrap' } };
  iam = new IAMClient(bootstrap);
  await iam.send(new CreateUserCommand({ UserName: 'alice' }));
  const k = await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));
  await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'all', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) }));
  keys = { id: k.AccessKey!.AccessKeyId!, secret: k.AccessKey!.SecretAccessKey! };
  home = mkdtempSync(join(tmpdir(), 'tempkey-revoked-'));
  mkdirSync(join(home, '.aws'));
  writeFileSync(join(home, '.aws/config'), '[profile alice]\nregion = us-east-1\n');
  writeFileSync(join(home, '.aws/credentials'), `[alice]\naws_access_key_id = ${keys.id}\naws_secret_access_key = ${keys.secret}\n`);
});
afterAll(async () => {
  iam?.destroy();
  await world?.stop();
  rmSync(home, { recursive: true, force: true });
});

describe('keys that AWS no longer accepts', () => {
  it('whoami works with the live keys, then names the revoked key and how to replace it', async () => {
    const env = { PATH: process.env.PATH, HOME: home, AWS_ENDPOINT_URL: world.url };
    const ok = await tempkey(['whoami', 'alice', '--json'], env);
    expect(ok.stderr).toBe('');
    expect(JSON.parse(ok.stdout)).toMatchObject({ arn: 'arn:aws:iam::123456789012:user/alice' });

    const asAlice = new IAMClient({ region: 'us-east-1', endpoint: world.url, credentials: { accessKeyId: keys.id, secretAccessKey: keys.secret } });
    await asAlice.send(new DeleteAccessKeyCommand({ UserName: 'alice', AccessKeyId: keys.id }));
    asAlice.destroy();

    const r = await tempkey(['whoami', 'alice'], env);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`STS rejected the access key ${'*'.repeat(16)}${keys.id.slice(-4)} (profile 'alice')`);
    expect(r.stderr).toContain('fix: Create new access keys for the IAM user in the console, then run: tempkey credentials configure --profile alice');
    expect(r.stderr).not.toContain(keys.id);
    expect(r.stderr).not.toContain(keys.secret);
  });
});
