import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, run } from './helpers/run.js';
import { startWorld, type World } from './helpers/world.js';

// `tempkey shell-init` in bash, zsh and fish themselves: the function exports a
// profile's credentials and names the profile (TEMPKEY_PROFILE), --unset removes
// them, and the prompt hook exports new ones when they near expiry. whoami inside
// `exec P` says P, and a subshell inside a subshell is refused with the way out.
let home: string;
let env: NodeJS.ProcessEnv;
let world: World;

beforeAll(async () => {
  world = await startWorld();
  home = mkdtempSync(join(tmpdir(), 'tempkey-shell-init-'));
  mkdirSync(join(home, '.aws'));
  mkdirSync(join(home, 'bin'));
  // A credential_process that hands out a new key each call (AKIDSHELL1, AKIDSHELL2, ...), valid for LIFETIME seconds.
  const issuer = join(home, 'issue.cjs');
  writeFileSync(
    issuer,
    `const fs = require('fs'); const f = ${JSON.stringify(join(home, 'count'))};
const n = (fs.existsSync(f) ? Number(fs.readFileSync(f, 'utf8')) : 0) + 1; fs.writeFileSync(f, String(n));
process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: 'AKIDSHELL' + n, SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + Number(process.argv[2]) * 1000).toISOString() }));\n`,
  );
  writeFileSync(
    join(home, '.aws/config'),
    `[profile dev]\ncredential_process = ${process.execPath} ${issuer} 240\nregion = us-east-1\n\n[profile long]\ncredential_process = ${process.execPath} ${issuer} 3600\nregion = us-east-1\n`,
  );
  writeFileSync(join(home, 'bin/tempkey'), `#!/bin/sh\nexec ${process.execPath} ${join(repoRoot, 'bin/tempkey.js')} "$@"\n`);
  chmodSync(join(home, 'bin/tempkey'), 0o755);
  env = { PATH: `${join(home, 'bin')}:${process.env.PATH}`, HOME: home, TERM: 'dumb', ...world.env() };
});
afterAll(async () => {
  await world?.stop();
  rmSync(home, { recursive: true, force: true });
});

const reset = () => writeFileSync(join(home, 'count'), '0');
const values = (out: string) => Object.fromEntries(out.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));

describe('tempkey shell-init', () => {
  it('bash: export, name the profile, renew near expiry from the prompt hook, unset', async () => {
    reset();
    const script = `eval "$(tempkey shell-init bash)"
tku dev
echo "A=$AWS_ACCESS_KEY_ID"; echo "P=$TEMPKEY_PROFILE"; echo "R=$AWS_REGION"; echo "PC=$PROMPT_COMMAND"
__tempkey_refresh
echo "B=$AWS_ACCESS_KEY_ID"
tku long
TEMPKEY_REFRESH_SECONDS=60 __tempkey_refresh
echo "C=$AWS_ACCESS_KEY_ID"
tku --unset
echo "U=[\${AWS_ACCESS_KEY_ID-}\${TEMPKEY_PROFILE-}\${AWS_SESSION_TOKEN-}]"`;
    const r = await run('bash', ['--norc', '-c', script], env);
    expect(r.stderr).toContain('tempkey: profile dev exported');
    expect(values(r.stdout)).toMatchObject({ A: 'AKIDSHELL1', P: 'dev', R: 'us-east-1', PC: '__tempkey_refresh', B: 'AKIDSHELL2', C: 'AKIDSHELL3', U: '[]' });
  });

  it('zsh: the same function, the hook in precmd', async () => {
    reset();
    const script = `eval "$(tempkey shell-init zsh)"
tku dev
echo "A=$AWS_ACCESS_KEY_ID"; echo "P=$TEMPKEY_PROFILE"; echo "H=$precmd_functions"
__tempkey_refresh
echo "B=$AWS_ACCESS_KEY_ID"
tku --unset
echo "U=[\${AWS_ACCESS_KEY_ID-}\${TEMPKEY_PROFILE-}]"`;
    const r = await run('zsh', ['-f', '-c', script], env);
    expect(r.stderr).not.toContain('command not found');
    expect(values(r.stdout)).toMatchObject({ A: 'AKIDSHELL1', P: 'dev', H: '__tempkey_refresh', B: 'AKIDSHELL2', U: '[]' });
  });

  it('fish: the same function, the hook on fish_prompt', async () => {
    reset();
    const script = `tempkey shell-init fish | source
tku dev
echo "A=$AWS_ACCESS_KEY_ID"; echo "P=$TEMPKEY_PROFILE"
emit fish_prompt
echo "B=$AWS_ACCESS_KEY_ID"
tku --unset
set -q AWS_ACCESS_KEY_ID TEMPKEY_PROFILE; or echo "U=[]"`;
    const r = await run('fish', ['--no-config', '-c', script], env);
    expect(values(r.stdout)).toMatchObject({ A: 'AKIDSHELL1', P: 'dev', B: 'AKIDSHELL2', U: '[]' });
  });

  it('a profile that fails leaves the shell as it was', async () => {
    const r = await run('bash', ['--norc', '-c', `eval "$(tempkey shell-init bash)"; tku nosuch; echo "rc=$? A=[\${AWS_ACCESS_KEY_ID-}]"`], env);
    expect(r.stdout.trim()).toBe('rc=1 A=[]');
    expect(r.stderr).toContain("Profile 'nosuch' (the PROFILE argument)");
  });
});

describe('inside tempkey exec', () => {
  it('whoami names the profile exec was given', async () => {
    reset();
    const r = await run(join(home, 'bin/tempkey'), ['exec', 'dev', '--', 'tempkey', 'whoami', '--json'], env);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ profile: 'dev' });
  });

  it('a subshell inside a subshell is refused, with the way out; one command is fine', async () => {
    const r = await run(join(home, 'bin/tempkey'), ['exec', 'dev', '--', 'sh', '-c', 'tempkey exec long; echo "nested=$?"; tempkey exec long -- sh -c "echo inner=\\$TEMPKEY_PROFILE"'], env);
    expect(r.stdout).toContain('nested=2');
    expect(r.stdout).toContain('inner=long');
    expect(r.stderr).toContain("This shell already has the credentials of profile 'dev'");
    expect(r.stderr).toContain('TEMPKEY_ALLOW_NESTED=1');
  });
});
