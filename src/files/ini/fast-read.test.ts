import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildProfileModel, type IniDocumentView } from '../profile-model.js';
import { FastIniDocument, LineCounter, parseIniText } from './fast-read.js';

describe('the read-only INI reader', () => {
  it('counts lines exactly, asked in any order', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', '\n', 'b'), { maxLength: 3000 }), fc.array(fc.nat(), { maxLength: 20 }), (chars, asks) => {
        const text = chars.join('');
        const counter = new LineCounter(text);
        for (const a of asks) {
          const offset = text.length ? a % text.length : 0;
          expect(counter.lineAt(offset)).toBe(text.slice(0, offset).split('\n').length);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('reads sections, nested values, comments, CRLF, BOM and duplicates like configparser', () => {
    const text = '\uFEFF# top\r\n[profile a]\r\nregion = x\r\ns3 =\r\n  addressing_style = path\r\n; note\r\n[profile a]\r\nRole_Arn: arn\r\n';
    const [a] = parseIniText(text, 'f').sections();
    expect(a!.name).toBe('profile a');
    expect(a!.line).toBe(2);
    expect(a!.duplicateLines).toEqual([7]);
    expect(a!.values).toEqual({
      region: { value: 'x', line: 3 },
      s3: { value: { addressing_style: 'path' }, line: 4 },
      role_arn: { value: 'arn', line: 8 },
    });
    expect(() => parseIniText('key = value\n[default]\n', 'f').sections()).toThrow(/f:1: a key before any \[section\]/);
  });

  it('finding a profile by name gives the same model as reading every section', () => {
    const config = [
      '[default]',
      'region = us-east-1',
      '[profile dev]',
      'role_arn = arn:aws:iam::111111111111:role/A',
      'source_profile = base',
      '[profile dev-extra] ; trailing',
      'region = b',
      '[sso-session acme]',
      'sso_region = us-east-1',
      '[services loop]',
      'sts =',
      '  endpoint_url = http://127.0.0.1:1',
      '[profile default]',
      'region = later',
    ].join('\n');
    const credentials = '[base]\naws_access_key_id = AKIA1\naws_secret_access_key = x\n[dev]\nregion = cred\n';
    const files = { config: '/c', credentials: '/k' };
    const fast = buildProfileModel(parseIniText(config, '/c'), parseIniText(credentials, '/k'), files);
    // A plain view (no header lookup) forces the one-pass build.
    const plain = (d: IniDocumentView): IniDocumentView => ({ sections: () => d.sections() });
    const full = buildProfileModel(plain(parseIniText(config, '/c')), plain(parseIniText(credentials, '/k')), files);
    for (const name of ['default', 'dev', 'dev-extra', 'base', 'nope']) {
      const [f, g] = [fast.profile(name), full.profile(name)];
      expect(f && { ...f.merged }).toEqual(g && { ...g.merged });
      expect(f?.configSection).toEqual(g?.configSection);
      expect(fast.duplicatesOf('profile', name)).toEqual(full.duplicatesOf('profile', name));
    }
    expect(fast.duplicatesOf('profile', 'default')!.origins.map((o) => o.line)).toEqual([1, 13]);
    expect(fast.ssoSession('acme')).toEqual(full.ssoSession('acme'));
    expect(fast.servicesSection('loop')).toEqual(full.servicesSection('loop'));
  });

  it('falls back to reading every section when a header is spelled unusually', () => {
    const doc = parseIniText('[profile  "my dev"]\nregion = x\n', '/c');
    expect(doc).toBeInstanceOf(FastIniDocument);
    expect((doc as FastIniDocument).headersAreCanonical()).toBe(false);
    const model = buildProfileModel(doc, undefined, { config: '/c', credentials: '/k' });
    expect(model.profile('my dev')!.merged.region!.value).toBe('x');
  });

  it('hands the rare shapes it does not scan (indented headers, [DEFAULT], lone CR) to the lossless document, and scans the rest', () => {
    expect(parseIniText('[default]\nregion = x\n', '/c')).toBeInstanceOf(FastIniDocument);
    expect(parseIniText('\n\n[default]\nregion = x\n', '/c')).toBeInstanceOf(FastIniDocument);
    for (const odd of ['  [default]\nregion = x\n', '[DEFAULT]\nregion = x\n[profile a]\n', '[default]\rregion = x\r']) {
      const doc = parseIniText(odd, '/c');
      expect(doc).not.toBeInstanceOf(FastIniDocument);
      expect(buildProfileModel(doc, undefined, { config: '/c', credentials: '/k' }).profile(odd.includes('DEFAULT') ? 'a' : 'default')!.merged.region!.value).toBe('x');
    }
  });

  it('keeps blank lines inside a continued value and ends a value at a line indented no deeper than its key', () => {
    const [d] = parseIniText('[default]\nregion = us-east-1\n\n  output = json\n', '/c').sections();
    expect(d!.values.region!.value).toBe('us-east-1\n\noutput = json');
    const [e] = parseIniText('[default]\n  region = a\n  output = json\n', '/c').sections();
    expect(e!.values).toMatchObject({ region: { value: 'a' }, output: { value: 'json' } });
  });
});
