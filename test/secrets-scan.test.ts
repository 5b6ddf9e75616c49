import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { World } from './helpers/world.js';
import { accountId, startWorldAndHome, stopWorldAndHome } from './helpers/world-home.js';
import { writeAwsFiles } from './helpers/temp-home.js';
import { repoRoot, tempkey } from './helpers/run.js';

/**
 * Secrets never leave where they belong: not in any command's output (with
 * --verbose too), not in `ps` while exec/serve run a program, and not in the
 * environment of that program (tempkey's vault passphrase would let it read
 * the long-term keys the short-lived credentials exist to keep from it).
 */
let world: World;
let home: string;
let env: NodeJS.ProcessEnv;
const PASSPHRASE = 'vault-passphrase-never-shown-42';
const OWN_TOKEN = 'tempkey-own-secret-token-never-shown';
const BROWSER = `${process.execPath} ${join(repoRoot, 'test/helpers/browser-approve.mjs')}`;
const devstg = () => accountId(world, 'apps-devstg');
const figures: string[] = [];

beforeAll(async () => {
  ({ world, home } = await startWorldAndHome('tempkey-secrets-'));
  writeAwsFiles(home, {
    config:
      `[profile user]\nregion = us-east-1\n\n[profile role]\nrole_arn = arn:aws:iam::${devstg()}:role/DevOps\nsource_profile = user\nregion = eu-west-1\n\n` +
      `[sso-session acme]\nsso_start_url = ${world.startUrl}\nsso_region = us-east-1\n\n[profile devstg]\nsso_session = acme\nsso_account_id = ${devstg()}\nsso_role_name = DevOps\nregion = us-east-1\n`,
    credentials: `[user]\naws_access_key_id = ${world.iamUser.accessKeyId}\naws_secret_access_key = ${world.iamUser.secretAccessKey}\n`,
  });
  env = { PATH: process.env.PATH, HOME: home, ...world.env(), TEMPKEY_FILE_PASSPHRASE: PASSPHRASE, TEMPKEY_SIGNING_TOKEN: OWN_TOKEN, TEMPKEY_BROWSER: BROWSER, TEMPKEY_NO_PROGRESS: '1' };
  const login = await tempkey(['login', '--sso-session', 'acme'], env);
  expect(login.status).toBe(0);
}, 90_000);
afterAll(async () => {
  await stopWorldAndHome(world, home);
  process.stdout.write(`\n#17 secrets scan:\n${figures.map((f) => `  ${f}`).join('\n')}\n`);
});

/** Every secret this home holds: long-term key, vault passphrase, SSO tokens and client secret, role credentials. */
function longLivedSecrets(): string[] {
  const token = JSON.parse(readFileSync(join(home, '.aws/sso/cache', `${createHash('sha1').update('acme').digest('hex')}.json`), 'utf8'));
  return [world.iamUser.secretAccessKey, PASSPHRASE, OWN_TOKEN, token.accessToken, token.refreshToken, token.clientSecret].filter(Boolean);
}

function leaks(text: string, secrets: string[]): string[] {
  return secrets.filter((s) => text.includes(s));
}

const childEnv = `process.stdout.write(JSON.stringify(process.env))`;

describe('the environment of a program run by exec and serve', () => {
  it('has no TEMPKEY_* secret and no SDK warning switch that the person did not set', async () => {
    rmSync(join(home, '.aws/cli/cache'), { recursive: true, force: true }); // so the SDK is loaded (AssumeRole)
    const viaExec = await tempkey(['exec', 'role', '--', process.execPath, '-e', childEnv], env);
    expect(viaExec.stderr).toBe('');
    const viaServe = await tempkey(['serve', 'role', '--', process.execPath, '-e', childEnv], env);
    expect(viaServe.stderr).toBe('');
    for (const child of [JSON.parse(viaExec.stdout), JSON.parse(viaServe.stdout)]) {
      expect(child.TEMPKEY_FILE_PASSPHRASE).toBeUndefined();
      expect(child.TEMPKEY_SIGNING_TOKEN).toBeUndefined();
      expect(child.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED).toBeUndefined();
      expect(child.HOME).toBe(home); // the rest of the environment is passed on
    }
    expect(JSON.parse(viaExec.stdout).AWS_ACCESS_KEY_ID).toMatch(/^ASIA|^AKIA/);
    // The person's own setting of the SDK switch is theirs to keep.
    const own = await tempkey(['exec', 'role', '--', process.execPath, '-e', childEnv], { ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: '1' });
    expect(JSON.parse(own.stdout).AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED).toBe('1');
  }, 60_000);
});

describe('secrets scan', () => {
  it('no command prints a long-lived secret, with or without --verbose', async () => {
    const commands: string[][] = [
      ['whoami', 'role'],
      ['whoami', 'devstg', '--json'],
      ['explain', 'role'],
      ['explain', 'devstg'],
      ['profiles', 'list'],
      ['profiles', 'sync', '--sso-session', 'acme', '--dry-run'],
      ['config', 'parse'],
      ['doctor'],
      ['doctor', 'devstg'],
      ['credentials', 'list'],
      ['credential-process', '--profile', 'role'],
      ['credential-process', '--profile', 'devstg'],
      ['env', 'role'],
      ['env', 'devstg', '--format', 'json'],
      ['exec', 'role', '--', 'true'],
      ['console', 'role', '--url'],
      ['audit', 'user'],
      ['login', '--sso-session', 'acme'],
    ];
    const secrets = longLivedSecrets();
    let scanned = 0;
    const leaked: string[] = [];
    for (const c of commands) {
      for (const verbose of [false, true]) {
        rmSync(join(home, '.aws/cli/cache'), { recursive: true, force: true }); // make each run do its calls
        const r = await tempkey(verbose ? [...c, '--verbose'] : c, env, { timeoutMs: 60_000 });
        scanned++;
        const found = leaks(r.stdout + r.stderr, secrets);
        if (found.length) leaked.push(`${c.join(' ')}${verbose ? ' --verbose' : ''}: ${found.length} secret(s)`);
      }
    }
    figures.push(`${scanned} command runs scanned (${commands.length} commands × plain/--verbose), ${leaked.length} leaks`);
    expect(leaked).toEqual([]);
  }, 170_000);

  it('nothing secret in ps while exec and serve run a program', async () => {
    const secrets = longLivedSecrets();
    const marker = join(home, 'running');
    const waitAndList = `require('fs').writeFileSync(${JSON.stringify(marker)}, '1'); setTimeout(() => {}, 1500)`;
    let snapshots = 0;
    const problems: string[] = [];
    const creds = await tempkey(['credential-process', '--profile', 'role'], env);
    expect(creds.status, creds.stderr).toBe(0);
    const short = JSON.parse(creds.stdout);
    for (const cmd of [['exec', 'role', '--'], ['serve', 'role', '--']]) {
      rmSync(marker, { force: true });
      const child = spawn(process.execPath, [join(repoRoot, 'bin/tempkey.js'), ...cmd, process.execPath, '-e', waitAndList], { env, stdio: 'ignore' });
      const done = new Promise((r) => child.on('close', r));
      const deadline = Date.now() + 30_000;
      while (!existsSync(marker) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(existsSync(marker)).toBe(true);
      const ps = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
      snapshots++;
      for (const s of [...leaks(ps, secrets), ...leaks(ps, [short.SecretAccessKey, short.SessionToken])]) problems.push(`${cmd[0]}: ${s.slice(0, 4)}…`);
      await done;
    }
    figures.push(`${snapshots} ps snapshots during exec/serve, ${problems.length} secrets seen`);
    expect(problems).toEqual([]);
  }, 60_000);

  it("the console sign-in URL (with its SigninToken) is not on the browser's command line, and the page still signs in", async () => {
    const argvLog = join(home, 'browser-argv.json');
    const result = join(home, 'browser-result.txt');
    // A stand-in browser: records its argv, then opens what it was given in a real headless Chromium.
    writeFileSync(
      join(home, 'console-browser.mjs'),
      `import { writeFileSync } from 'node:fs';
import { chromium } from ${JSON.stringify(join(repoRoot, 'node_modules/playwright-core/index.mjs'))};
writeFileSync(${JSON.stringify(argvLog)}, JSON.stringify(process.argv.slice(2)));
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--allow-file-access-from-files'] });
try {
  const page = await b.newPage();
  await page.goto(process.argv.at(-1));
  await page.waitForSelector('#arn', { timeout: 15000 });
  writeFileSync(${JSON.stringify(result)}, (await page.textContent('#arn')) ?? '');
} finally { await b.close(); }
`,
    );
    const r = await tempkey(['console', 'role'], { ...env, TEMPKEY_BROWSER: `${process.execPath} ${join(home, 'console-browser.mjs')}` });
    expect(r.stderr).toContain("Opened the AWS console as profile 'role'");
    await expect.poll(() => existsSync(result), { timeout: 30_000 }).toBe(true);
    const argv = JSON.parse(readFileSync(argvLog, 'utf8')) as string[];
    expect(argv.join(' ')).not.toMatch(/SigninToken/);
    expect(argv.at(-1)).toMatch(/^file:\/\//);
    expect(readFileSync(result, 'utf8')).toMatch(new RegExp(`^arn:aws:sts::${devstg()}:assumed-role/DevOps/`));
  }, 60_000);
});
