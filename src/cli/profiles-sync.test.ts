import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import command from './profiles-sync.js';
import { isTempkeyError } from '../lib/errors.js';
import type { CliIo } from './io.js';
import { tempHomes } from '../../test/helpers/temp-home.js';

const tempHome = tempHomes();

/** What main.ts prints for a TempkeyError (main itself is not imported: it runs on load). */
function reportError(e: unknown, i: CliIo): number {
  if (!isTempkeyError(e)) throw e;
  i.stderr(`tempkey: ${e.message}\n`);
  if (e.fix) i.stderr(`  fix: ${e.fix}\n`);
  return e.exitCode;
}

function io(env: NodeJS.ProcessEnv): CliIo & { out: string; err: string } {
  const o = {
    argv0: 'tempkey',
    env,
    cwd: env.HOME!,
    out: '',
    err: '',
    stdout: (t: string) => {
      o.out += t;
    },
    stderr: (t: string) => {
      o.err += t;
    },
    stdinIsTTY: false,
    stdoutIsTTY: false,
  };
  return o;
}

async function runSync(config: string | undefined, args: string[]) {
  const home = tempHome('tk-sync-cli-');
  mkdirSync(join(home, '.aws'), { recursive: true });
  if (config !== undefined) writeFileSync(join(home, '.aws', 'config'), config);
  const i = io({ HOME: home, PATH: process.env.PATH, AWS_ENDPOINT_URL: 'http://127.0.0.1:9' });
  let code: number;
  try {
    code = await command.run(args, i);
  } catch (e) {
    code = reportError(e, i);
  }
  return { code, out: i.out, err: i.err, home };
}

const session = (name: string) => `[sso-session ${name}]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = us-east-1\n`;

describe('tempkey profiles sync: mistakes a user can make', () => {
  it('--help explains the template and marker', async () => {
    const r = await runSync('', ['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('{{account_name}}');
    expect(r.out).toContain('# tempkey:generated');
  });

  it('no sso-session in the config: says so and how to create one', async () => {
    const r = await runSync('[default]\nregion = eu-west-1\n', []);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/has no \[sso-session\] section/);
    expect(r.err).toContain('fix: Set one up first: tempkey configure sso');
  });

  it('several sessions: asks which one, naming them', async () => {
    const r = await runSync(session('acme') + session('beta'), []);
    expect(r.err).toMatch(/several sso-sessions \(acme, beta\)/);
    expect(r.err).toContain('--sso-session acme');
  });

  it('unknown session name and unknown template variable are rejected before any network call', async () => {
    const a = await runSync(session('acme'), ['--sso-session', 'nope']);
    expect(a.err).toMatch(/no \[sso-session nope\] section/);
    const b = await runSync(session('acme'), ['--template', '{{account}}-{{role_name}}']);
    expect(b.code).toBe(2);
    expect(b.err).toContain('{{account}}');
  });

  it('--rps that is not a rate is refused before any network call', async () => {
    for (const bad of ['0', 'fast', '1e9']) {
      const r = await runSync(session('acme'), ['--rps', bad]);
      expect(r.code).toBe(2);
      expect(r.err).toContain('--rps wants a number of requests per second');
    }
  });

  it('no token yet: points at tempkey login, writes nothing', async () => {
    const r = await runSync(session('acme'), []);
    expect(r.code).toBe(1);
    expect(r.err).toContain('tempkey login --sso-session acme');
    expect(readFileSync(join(r.home, '.aws', 'config'), 'utf8')).toBe(session('acme'));
  });
});
