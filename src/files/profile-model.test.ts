import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildProfileModel, classifyConfigSection, shlexSplit, type IniDocumentView } from './profile-model.js';
import { profileKind } from '../resolve/profile-kind.js';
import { suggestProfiles } from '../resolve/suggest.js';

/** A document given as sections, as the INI parser reports them. */
function doc(sections: { name: string; line: number; values?: Record<string, string> }[]): IniDocumentView {
  return {
    sections: () =>
      sections.map((s) => ({
        name: s.name,
        line: s.line,
        values: Object.fromEntries(Object.entries(s.values ?? {}).map(([k, v], i) => [k, { value: v, line: s.line + i + 1 }])),
        duplicateLines: [],
      })),
  };
}
const FILES = { config: '/c', credentials: '/k' };

describe('section headers are read like botocore (shlex, two words)', () => {
  it('agrees with Python shlex.split on quoting and escapes', () => {
    const headers = ['profile dev', 'profile  spaced', 'profile "my profile"', "profile 'a b'", 'profile a\\ b', 'profile "x\\"y"', 'profile', 'profile a b', 'profiledev', 'profile "open'];
    const python = JSON.parse(
      execFileSync('python3', ['-c', 'import json,shlex,sys\nout=[]\nfor h in json.load(sys.stdin):\n  try: out.append(shlex.split(h))\n  except ValueError: out.append(None)\nprint(json.dumps(out))'], {
        input: JSON.stringify(headers),
      }).toString(),
    );
    expect(headers.map((h) => shlexSplit(h) ?? null)).toEqual(python);
  });

  it('classifies profile, sso-session, services and default; ignores the rest', () => {
    expect(classifyConfigSection('default')).toEqual({ kind: 'profile', name: 'default' });
    expect(classifyConfigSection('profile "my profile"')).toEqual({ kind: 'profile', name: 'my profile' });
    expect(classifyConfigSection('sso-session acme')).toEqual({ kind: 'sso-session', name: 'acme' });
    expect(classifyConfigSection('services local')).toEqual({ kind: 'services', name: 'local' });
    expect(classifyConfigSection('profile')).toBeUndefined();
    expect(classifyConfigSection('dev')).toBeUndefined();
    // botocore only checks the prefix: "[profiles x]" still names profile "x".
    expect(classifyConfigSection('profiles x')).toEqual({ kind: 'profile', name: 'x' });
  });
});

describe('the model merges both files like botocore full_config', () => {
  const model = buildProfileModel(
    doc([
      { name: 'default', line: 1, values: { region: 'us-east-1' } },
      { name: 'profile dev', line: 4, values: { region: 'eu-west-1', role_arn: 'arn:aws:iam::111111111111:role/A', source_profile: 'base' } },
      { name: 'sso-session acme', line: 9, values: { sso_start_url: 'https://x', sso_region: 'us-east-1' } },
      { name: 'dev', line: 12, values: { region: 'nope' } },
    ]),
    doc([
      { name: 'base', line: 1, values: { aws_access_key_id: 'AKIA1', aws_secret_access_key: 'x' } },
      { name: 'dev', line: 5, values: { region: 'ap-south-1' } },
    ]),
    FILES,
  );

  it('credentials-file keys override config-file keys, each remembering its file:line', () => {
    const dev = model.profiles.get('dev')!;
    expect(dev.merged.region).toEqual({ value: 'ap-south-1', origin: { file: '/k', line: 6 } });
    expect(dev.fromConfig.region!.value).toBe('eu-west-1');
    expect(dev.merged.role_arn!.origin).toEqual({ file: '/c', line: 6 });
    expect(dev.configSection).toEqual({ file: '/c', line: 4 });
    expect(dev.credentialsSection).toEqual({ file: '/k', line: 5 });
    expect([...model.profiles.keys()]).toEqual(['default', 'dev', 'base']);
    expect(model.ssoSessions.get('acme')!.settings.sso_region!.value).toBe('us-east-1');
    expect(model.otherConfigSections.map((s) => s.name)).toEqual(['dev']);
  });

  it('knows each profile\'s kind', () => {
    expect(profileKind(model.profiles.get('dev')!, model)).toBe('assume-role');
    expect(profileKind(model.profiles.get('base')!, model)).toBe('static');
    expect(profileKind(model.profiles.get('default')!, model)).toBe('none');
  });
});

describe('did you mean', () => {
  it('suggests close names first', () => {
    expect(suggestProfiles('prodution', ['production', 'staging', 'prod'])).toEqual(['production']);
    expect(suggestProfiles('dev', ['dev-admin', 'dve', 'prod'])).toEqual(['dev-admin', 'dve']);
    expect(suggestProfiles('zzz', ['production'])).toEqual([]);
  });
});
