import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rankCandidates, fuzzyScore } from '../src/lib/fuzzy.js';
import { repoRoot, run } from './helpers/run.js';

// The profile picker (fuzzy, most recently used first) on a real pseudo-terminal,
// and the bash completion script run by bash itself.
let home: string;
let env: NodeJS.ProcessEnv;
const PROFILES = ['management-admin', 'apps-devstg', 'apps-prd', 'shared-network'];

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'tempkey-picker-'));
  mkdirSync(join(home, '.aws'));
  mkdirSync(join(home, 'bin'));
  const creds = `${process.execPath} -e "process.stdout.write(JSON.stringify({Version:1,AccessKeyId:'AKIDPICKER',SecretAccessKey:'s'}))"`;
  writeFileSync(join(home, '.aws/config'), PROFILES.map((p) => `[profile ${p}]\ncredential_process = ${creds}\nregion = us-east-1\n`).join('\n') + '\n[sso-session org]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = us-east-1\n');
  writeFileSync(join(home, 'bin/tempkey'), `#!/bin/sh\nexec ${process.execPath} ${join(repoRoot, 'bin/tempkey.js')} "$@"\n`);
  chmodSync(join(home, 'bin/tempkey'), 0o755);
  // A UTF-8 locale, as a person's shell has: fish cannot use a non-ASCII PATH entry without one (scripts/test-odd-home.sh).
  env = { PATH: `${join(home, 'bin')}:${process.env.PATH}`, HOME: home, TERM: 'xterm', LANG: 'C.UTF-8' };
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('fuzzy ranking', () => {
  it('keeps order of characters, prefers word starts and runs, recent first without a query', () => {
    expect(fuzzyScore('dvs', 'apps-devstg')).toBeDefined();
    expect(fuzzyScore('gtsved', 'apps-devstg')).toBeUndefined();
    expect(rankCandidates('prd', PROFILES)[0]).toBe('apps-prd');
    expect(rankCandidates('sn', PROFILES)[0]).toBe('shared-network');
    expect(rankCandidates('', PROFILES, ['apps-prd', 'shared-network'])).toEqual(['apps-prd', 'shared-network', 'apps-devstg', 'management-admin']);
  });
});

async function onTerminal(answer: string) {
  const spec = { argv: [process.execPath, join(repoRoot, 'bin/tempkey.js'), 'exec', '--', 'sh', '-c', 'echo picked=$TEMPKEY_PROFILE'], answers: { 'Profile> ': answer }, timeout: 30 };
  const r = await run('python3', [join(repoRoot, 'test/helpers/pty-run.py'), JSON.stringify(spec)], env);
  return JSON.parse(r.stdout) as { output: string; status: number };
}

describe('the picker', () => {
  it('exec without a profile on a terminal: type to filter, Enter to choose; next time the last one is first', async () => {
    const first = await onTerminal('devstg');
    expect(first.output).toContain('Choose a profile (4/4)');
    expect(first.output).toContain('picked=apps-devstg');
    expect(first.status).toBe(0);
    const again = await onTerminal('');
    expect(again.output).toContain('picked=apps-devstg');
  }, 60_000);
});

describe('shell completion', () => {
  const complete = (words: string[]) =>
    run('bash', ['-c', `source <(tempkey completion bash) && COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}) && COMP_CWORD=${words.length - 1} && _tempkey && printf '%s\\n' "\${COMPREPLY[@]}"`], env);

  it('bash completes commands, sub-commands, flags and profile names', async () => {
    expect((await complete(['tempkey', 'pro'])).stdout.split('\n').filter(Boolean)).toEqual(['profiles', 'project']);
    expect((await complete(['tempkey', 'profiles', ''])).stdout.split('\n').filter(Boolean)).toEqual(['list', 'sync']);
    expect((await complete(['tempkey', 'exec', 'apps'])).stdout.split('\n').filter(Boolean).sort()).toEqual(['apps-devstg', 'apps-prd']);
    expect((await complete(['tempkey', 'login', '--profile', 'sh'])).stdout.trim()).toBe('shared-network');
    expect((await complete(['tempkey', 'doctor', '--off'])).stdout.trim()).toBe('--offline');
  });

  // bashcompinit runs bash functions with ksharrays (0-based arrays), as the test does.
  it('zsh (through bashcompinit) offers the profile names after exec', async () => {
    const r = await run('zsh', ['-f', '-c', `source <(tempkey completion zsh) && setopt ksharrays && COMP_WORDS=(tempkey exec apps) && COMP_CWORD=2 && _tempkey && print -l -- "\${COMPREPLY[@]}"`], env);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n').filter(Boolean).sort()).toEqual(['apps-devstg', 'apps-prd']);
  });

  it("knows the context: a program after --, --format values, sso-session names, only the command's own flags", async () => {
    const words = async (w: string[]) => (await complete(w)).stdout.split('\n').filter(Boolean);
    // After `--`, program names (bash's compgen -c), not tempkey's words.
    const program = await words(['tempkey', 'exec', 'apps-prd', '--', 'ech']);
    expect(program).toContain('echo');
    expect(program).not.toContain('apps-prd');
    expect(await words(['tempkey', 'env', '--format', 'p'])).toEqual(['powershell']);
    expect(await words(['tempkey', 'login', '--sso-session', ''])).toEqual(['org']);
    expect(await words(['tempkey', 'shell-init', ''])).toEqual(['bash', 'zsh', 'fish']);
    const serveFlags = await words(['tempkey', 'serve', '--']);
    expect(serveFlags).toContain('--port');
    expect(serveFlags).not.toContain('--offline');
    expect(await words(['tempkey', 'doctor', '--po'])).toEqual([]);
    const fish = await run('fish', ['--no-config', '-c', `tempkey completion fish | source; complete -C 'tempkey env --format js'`], env);
    expect(fish.stdout.split('\t')[0]!.trim()).toBe('json');
  });

  it('fish completes commands, sub-commands and profile names', async () => {
    const fish = (line: string) => run('fish', ['--no-config', '-c', `tempkey completion fish | source; complete -C '${line}'`], env);
    const names = (out: string) => out.split('\n').filter(Boolean).map((l) => l.split('\t')[0]).sort();
    expect(names((await fish('tempkey pro')).stdout)).toEqual(['profiles', 'project']);
    expect(names((await fish('tempkey exec apps')).stdout)).toEqual(['apps-devstg', 'apps-prd']);
    expect(names((await fish('tempkey whoami --profile sh')).stdout)).toEqual(['shared-network']);
  });
});
