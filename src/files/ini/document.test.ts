import { describe, expect, it } from 'vitest';
import { IniDocument } from './document.js';

const parse = (t: string) => IniDocument.parse(t, '/home/u/.aws/config');

describe('IniDocument editing keeps what it did not mean to change', () => {
  // Each: the text as found, the edit, the text as written back.
  const edits: [name: string, text: string, edit: (doc: IniDocument) => void, written: string][] = [
    [
      'changes only the value of an existing key, keeping its spacing and the comments around it',
      '# mine\n[profile dev]\nregion   =  us-east-1   \n; note\noutput=json\n',
      (doc) => doc.set('profile dev', 'region', 'eu-west-1'),
      '# mine\n[profile dev]\nregion   =  eu-west-1\n; note\noutput=json\n',
    ],
    [
      'adds a missing key after the last setting of the section, before the blank line and the next comment',
      '[a]\nx = 1\n\n# about b\n[b]\ny = 2\n',
      (doc) => doc.set('a', 'z', '3'),
      '[a]\nx = 1\nz = 3\n\n# about b\n[b]\ny = 2\n',
    ],
    [
      'keeps CRLF line ends and the BOM, and uses CRLF for new lines',
      '\ufeff[a]\r\nx = 1\r\n',
      (doc) => {
        doc.set('a', 'y', '2');
        doc.addSection('b', [['k', 'v']]);
      },
      '\ufeff[a]\r\nx = 1\r\ny = 2\r\n\r\n[b]\r\nk = v\r\n',
    ],
    ['gives a last line without newline its newline before appending', '[a]\nx = 1', (doc) => doc.set('a', 'y', '2'), '[a]\nx = 1\ny = 2\n'],
    ['removes a section and its trailing blank lines, optionally with the marker comment above it', '[a]\nx = 1\n\n# tempkey:generated\n[gen]\ny = 2\n\n[c]\nz = 3\n', (doc) => doc.removeSection('gen', { withLeadingComments: true }), '[a]\nx = 1\n\n[c]\nz = 3\n'],
    ['renames a header keeping its indentation and trailing comment', '  [profile old] ; keep me\nregion = x\n', (doc) => doc.renameSection('profile old', 'profile new'), '  [profile new] ; keep me\nregion = x\n'],
  ];
  it.each(edits)('%s', (_name, text, edit, written) => {
    const doc = parse(text);
    edit(doc);
    expect(doc.toString()).toBe(written);
  });

  it('edits nested blocks: replaces one sub key, adds another with the same indentation, converts a flat value', () => {
    const doc = parse('[services s]\ns3 =\n    endpoint_url = http://a\nsts = flat\n');
    doc.setSub('services s', 's3', 'endpoint_url', 'http://b');
    doc.setSub('services s', 's3', 'addressing_style', 'path');
    doc.setSub('services s', 'sts', 'endpoint_url', 'http://c');
    expect(doc.toString()).toBe('[services s]\ns3 =\n    endpoint_url = http://b\n    addressing_style = path\nsts =\n  endpoint_url = http://c\n');
    expect(doc.section('services s')!.values.s3!.value).toEqual({ endpoint_url: 'http://b', addressing_style: 'path' });
  });

  it('deletes a key with its continuation lines and nothing else', () => {
    const doc = parse('[a]\ncredential_process = tool\n   --flag\n# keep\nregion = x\n');
    expect(doc.delete('a', 'credential_process')).toBe(true);
    expect(doc.toString()).toBe('[a]\n# keep\nregion = x\n');
    expect(doc.delete('a', 'missing')).toBe(false);
  });

  it('refuses edits that would corrupt the file', () => {
    const doc = parse('[a]\nx = 1\n');
    expect(() => doc.set('a', 'x', 'two\nlines')).toThrow(/cannot span lines/);
    expect(() => doc.set('a', 'bad=key', 'v')).toThrow(/Invalid key/);
    expect(() => doc.addSection('a')).toThrow(/already exists/);
    expect(doc.toString()).toBe('[a]\nx = 1\n');
  });
});

describe('IniDocument reading', () => {
  it('merges repeated sections like configparser and reports the repeats with their lines', () => {
    const doc = parse('[profile dev]\nregion = a\n\n[profile dev]\nregion = b\n');
    const dev = doc.section('profile dev')!;
    expect(dev.values.region).toEqual({ value: 'b', line: 5 });
    expect(dev.duplicateLines).toEqual([4]);
    expect(doc.duplicateKeys()).toEqual([{ section: 'profile dev', key: 'region', lines: [2, 5] }]);
    expect(() => doc.toRaw()).toThrow(/config:4: section \[profile dev\] appears more than once/);
  });

  it.each([
    ['region = x\n[default]\n', 1, /before any \[section\]/],
    ['[default]\nregion = x\n[profile dev\nregion = y\n', 3, /without its closing \]/],
    ['[default]\n\u0000\u0001junk\n', 2, /neither/],
    ['[default]\n= value\n', 2, /without a key name/],
  ])('malformed input %j is an error naming file and line %i', (text, line, msg) => {
    let err: Error | undefined;
    try {
      parse(text);
    } catch (e) {
      err = e as Error;
    }
    expect(err?.message).toMatch(new RegExp(`/home/u/\\.aws/config:${line}: `));
    expect(err?.message).toMatch(msg);
  });
});
