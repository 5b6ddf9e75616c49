import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { childEnvironment, credentialVariables, formatEnv } from './export-env.js';
import { credentialProcessJson } from './credential-process.js';

const creds = {
  accessKeyId: 'ASIAEXAMPLEEXAMPLE12',
  secretAccessKey: "se'cr$et/`x`+\\=",
  sessionToken: 'tok"en $(touch /tmp/pwned) \'q\'',
  expiration: new Date('2030-01-01T13:00:00.000Z'),
};

describe('env formats', () => {
  const vars = credentialVariables(creds, 'eu-west-1');

  it('bash output, evaluated by a real shell, gives back every value exactly', () => {
    const script = formatEnv(vars, 'bash') + 'printf "%s\\n" "$AWS_SECRET_ACCESS_KEY" "$AWS_SESSION_TOKEN" "$AWS_REGION" "$AWS_CREDENTIAL_EXPIRATION" "${AWS_PROFILE-unset}"';
    const out = execFileSync('bash', ['-c', script], { encoding: 'utf8', env: { PATH: process.env.PATH, AWS_PROFILE: 'other' } });
    expect(out).toBe(`${creds.secretAccessKey}\n${creds.sessionToken}\neu-west-1\n2030-01-01T13:00:00Z\nunset\n`);
  });

  it('quotes for fish, PowerShell and dotenv without letting anything expand', () => {
    expect(formatEnv({ A: "it's" }, 'fish')).toContain("set -gx A 'it\\'s';");
    expect(formatEnv({ A: "it's" }, 'powershell')).toContain("$Env:A = 'it''s'");
    expect(formatEnv({ A: 'x$y' }, 'dotenv')).toBe("A='x$y'\n");
    expect(formatEnv({ A: "it's" }, 'dotenv')).toBe('A="it\'s"\n');
    expect(JSON.parse(formatEnv(vars, 'json')).AWS_SESSION_TOKEN).toBe(creds.sessionToken);
  });

  it('exec environment drops AWS_PROFILE and other credential variables', () => {
    const env = childEnvironment({ AWS_PROFILE: 'x', AWS_ROLE_ARN: 'r', PATH: '/bin', AWS_CONFIG_FILE: '/c' }, creds, undefined, 'dev');
    expect(env.AWS_PROFILE).toBeUndefined();
    expect(env.AWS_ROLE_ARN).toBeUndefined();
    expect(env.AWS_CONFIG_FILE).toBe('/c');
    expect(env.AWS_ACCESS_KEY_ID).toBe(creds.accessKeyId);
    expect(env.AWS_REGION).toBeUndefined();
  });
});

describe('env formats for Windows (no PowerShell or cmd.exe on this machine: their quoting rules, checked as text)', () => {
  it('PowerShell: a verbatim string per value, every kind of single quote doubled (PowerShell treats ‘ ’ ‚ ‛ as quotes too)', () => {
    expect(formatEnv({ A: 'x’y‘z' }, 'powershell')).toContain("$Env:A = 'x’’y‘‘z'");
    const out = formatEnv(credentialVariables(creds, 'eu-west-1'), 'powershell');
    expect(out).toContain(`$Env:AWS_SESSION_TOKEN = 'tok"en $(touch /tmp/pwned) ''q'''`);
    expect(out).toContain('Remove-Item Env:AWS_PROFILE -ErrorAction SilentlyContinue');
  });
  it('windows-cmd: set "NAME=value" lines with CRLF, and the conflicting variables cleared', () => {
    const out = formatEnv({ AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE', AWS_SESSION_TOKEN: 'a+b/c=&|<>^' }, 'windows-cmd');
    expect(out).toBe('set "AWS_ACCESS_KEY_ID=ASIAEXAMPLE"\r\nset "AWS_SESSION_TOKEN=a+b/c=&|<>^"\r\nset "AWS_PROFILE="\r\nset "AWS_DEFAULT_PROFILE="\r\nset "AWS_SECURITY_TOKEN="\r\n');
  });
  it('windows-cmd: refuses a value cmd.exe would expand or cut (%, ", line breaks), naming the variable', () => {
    for (const v of ['50%off', 'a"b', 'a\nb']) expect(() => formatEnv({ X: v }, 'windows-cmd')).toThrow(/value of X .*cmd\.exe/);
  });
});

describe('credential_process output', () => {
  it('is Version 1 JSON with an integer Version that botocore accepts', () => {
    const text = credentialProcessJson({ ...creds, accountId: '123456789012' });
    expect(JSON.parse(text)).toMatchObject({ Version: 1, AccountId: '123456789012', Expiration: '2030-01-01T13:00:00Z' });
    const file = join(mkdtempSync(join(tmpdir(), 'tempkey-cp-')), 'out.json');
    writeFileSync(file, text);
    const py = `
import sys, shlex, botocore.credentials as c
p = c.ProcessProvider('x', lambda: {})
print(p._retrieve_credentials_using('cat ' + shlex.quote(sys.argv[1]))['access_key'])`;
    // botocore runs the command without a shell, exactly as for a credential_process line.
    const out = execFileSync('python3', ['-c', py, file], { encoding: 'utf8' });
    expect(out.trim()).toBe(creds.accessKeyId);
  });
});
