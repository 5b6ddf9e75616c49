import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { World } from './helpers/world.js';
import { accountId, startWorldAndHome, stopWorldAndHome } from './helpers/world-home.js';
import { writeAwsFiles } from './helpers/temp-home.js';
import { repoRoot, tempkey } from './helpers/run.js';
import { commandLine } from '../src/lib/command-line.js';

// The console sign-in through the emulator's federation endpoint, seen in a real
// headless Chromium; the ECS-style credential server, read by botocore and the JS SDK.
let world: World;
let home: string;
let env: NodeJS.ProcessEnv;
const devstg = () => accountId(world, 'apps-devstg');

beforeAll(async () => {
  ({ world, home } = await startWorldAndHome('tempkey-console-'));
  writeAwsFiles(home, {
    config: `[profile user]\nregion = us-east-1\n\n[profile role]\nrole_arn = arn:aws:iam::${devstg()}:role/DevOps\nsource_profile = user\nregion = eu-west-1\n`,
    credentials: `[user]\naws_access_key_id = ${world.iamUser.accessKeyId}\naws_secret_access_key = ${world.iamUser.secretAccessKey}\n`,
  });
  env = { PATH: process.env.PATH, HOME: home, ...world.env() };
  delete env.AWS_REGION;
}, 60_000);
afterAll(() => stopWorldAndHome(world, home));

async function openInChromium(url: string): Promise<{ arn: string; account: string; destination: string }> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  try {
    const page = await browser.newPage();
    await page.goto(url);
    const text = async (sel: string) => (await (await page.$(sel))?.textContent()) ?? '';
    return { arn: await text('#arn'), account: await text('#account'), destination: await text('#destination') };
  } finally {
    await browser.close();
  }
}

describe('tempkey console', () => {
  it('a role profile signs in to the console as the assumed role, on the asked service and region', async () => {
    world.clearLog();
    const r = await tempkey(['console', 'role', '--service', 's3', '--url'], env);
    expect(r.stderr).toBe('');
    const url = r.stdout.trim();
    expect(url.startsWith(`${world.url}/federation?Action=login&Issuer=tempkey&Destination=`)).toBe(true);
    const page = await openInChromium(url);
    expect(page.arn).toMatch(new RegExp(`^arn:aws:sts::${devstg()}:assumed-role/DevOps/`));
    expect(page.destination).toBe('https://eu-west-1.console.aws.amazon.com/s3/home?region=eu-west-1');
    expect(world.count('GetSigninToken')).toBe(1);
    // The sign-in token is single-use.
    expect((await openInChromium(url)).arn).toBe('');
  }, 60_000);

  it("an IAM user's long-term keys go through GetFederationToken first", async () => {
    world.clearLog();
    const r = await tempkey(['console', 'user', '--url'], env);
    expect(r.status).toBe(0);
    expect(world.count('GetFederationToken')).toBe(1);
    expect((await openInChromium(r.stdout.trim())).account).toBe('123456789012');
  }, 60_000);
});

/** Runs `tempkey serve PROFILE` (no program: it prints the variables and serves until stopped) while `use` talks to it. */
async function whileServing(profile: string, use: (vars: Record<string, string | undefined>) => Promise<void>): Promise<void> {
  const child = spawn(process.execPath, [join(repoRoot, 'bin/tempkey.js'), 'serve', profile], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  try {
    await expect.poll(() => out, { timeout: 30_000 }).toContain('AWS_CONTAINER_AUTHORIZATION_TOKEN=');
    await use(Object.fromEntries([...out.matchAll(/^export (\w+)='([^']*)'$/gm)].map((m) => [m[1], m[2]])));
  } finally {
    child.kill('SIGINT');
    await new Promise((r) => child.once('exit', r));
  }
}

describe('tempkey serve', () => {
  const identity = `import boto3; print(boto3.client("sts").get_caller_identity()["Arn"])`;
  const jsIdentity = `const {STSClient,GetCallerIdentityCommand}=require(${JSON.stringify(join(repoRoot, 'node_modules/@aws-sdk/client-sts'))});new STSClient({}).send(new GetCallerIdentityCommand({})).then(r=>console.log(r.Arn))`;

  it('botocore and the JS SDK container providers get the role from it; no other credentials in their environment', async () => {
    const py = await tempkey(['serve', 'role', '--', 'python3', '-c', identity], env);
    expect(py.stderr).toBe('');
    expect(py.stdout.trim()).toMatch(new RegExp(`^arn:aws:sts::${devstg()}:assumed-role/DevOps/`));
    const js = await tempkey(['serve', 'role', '--', process.execPath, '-e', jsIdentity], { ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' });
    expect(js.stdout.trim()).toBe(py.stdout.trim());
    const leaked = await tempkey(['serve', 'role', '--', 'sh', '-c', 'echo "${AWS_ACCESS_KEY_ID:-none} ${AWS_CONTAINER_CREDENTIALS_FULL_URI}"'], env);
    expect(leaked.stdout).toMatch(/^none http:\/\/127\.0\.0\.1:\d+\/\n$/);
  }, 60_000);

  it('answers each request from the cache, refreshing credentials that near expiry', async () => {
    // A process whose credentials expire in 10 minutes: inside the refresh margin, so every request gets new ones.
    const counter = join(home, 'short.count');
    writeFileSync(
      join(home, 'short.cjs'),
      `const fs=require('fs');fs.appendFileSync(${JSON.stringify(counter)},'x');const n=fs.readFileSync(${JSON.stringify(counter)},'utf8').length;process.stdout.write(JSON.stringify({Version:1,AccessKeyId:'ASIASHORT'+n,SecretAccessKey:'s',SessionToken:'t',Expiration:new Date(Date.now()+600e3).toISOString()}))`,
    );
    writeFileSync(join(home, '.aws/config'), `\n[profile short]\ncredential_process = ${commandLine([process.execPath, join(home, 'short.cjs')])}\nregion = us-east-1\n`, { flag: 'a' });
    await whileServing('short', async (vars) => {
      const ask = async () => ((await (await fetch(vars.AWS_CONTAINER_CREDENTIALS_FULL_URI!, { headers: { authorization: vars.AWS_CONTAINER_AUTHORIZATION_TOKEN! } })).json()) as { AccessKeyId: string }).AccessKeyId;
      const [a, b] = [await ask(), await ask()];
      expect(a).toMatch(/^ASIASHORT\d+$/);
      expect(b).not.toBe(a);
    });
  }, 60_000);

  it('refuses requests without the token (401) and serves with it', async () => {
    await whileServing('role', async (vars) => {
      const url = vars.AWS_CONTAINER_CREDENTIALS_FULL_URI!;
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(url, { headers: { authorization: 'wrong' } })).status).toBe(401);
      const ok = await fetch(url, { headers: { authorization: vars.AWS_CONTAINER_AUTHORIZATION_TOKEN! } });
      expect(ok.status).toBe(200);
      const body = (await ok.json()) as { AccessKeyId: string; Token: string; Expiration: string };
      expect(body.Token).toBeTruthy();
      expect(Date.parse(body.Expiration)).toBeGreaterThan(Date.now() + 15 * 60_000);
    });
  }, 60_000);
});
