import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readIniFile } from '../src/files/ini-file.js';
import { readIniFile as readIniFast } from '../src/files/ini/fast-read.js';

/**
 * The corpus under test/fixtures/ini is read by botocore (the AWS CLI's own
 * parser) and by each of tempkey's readers: the lossless document (edits,
 * `config parse`, doctor) must give the same sections and keys and refuse the
 * same files; the hot-path reader every plan uses (files/ini/fast-read) must
 * give the same sections and keys on every file botocore reads.
 */
const CORPUS = join(import.meta.dirname, 'fixtures/ini');
const files = readdirSync(CORPUS).filter((f) => f.endsWith('.ini')).sort();

const BOTOCORE_READER = `
import json, sys, os
from botocore.configloader import raw_config_parse
out = {}
for path in sys.argv[1:]:
    try:
        out[os.path.basename(path)] = {"ok": raw_config_parse(path)}
    except Exception as e:
        out[os.path.basename(path)] = {"error": type(e).__name__}
print(json.dumps(out))
`;

type Outcome = { ok: unknown } | { error: string };

function botocoreOutcomes(): Record<string, Outcome> {
  const stdout = execFileSync('python3', ['-c', BOTOCORE_READER, ...files.map((f) => join(CORPUS, f))], { encoding: 'utf8' });
  return JSON.parse(stdout) as Record<string, Outcome>;
}

async function tempkeyOutcome(file: string): Promise<Outcome> {
  try {
    const doc = await readIniFile(join(CORPUS, file));
    return { ok: doc!.toRaw() };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

describe('INI parsing agrees with botocore on the corpus', () => {
  const expected = botocoreOutcomes();

  it('has a corpus of at least 30 files, with files botocore refuses among them', () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
    expect(Object.values(expected).filter((o) => 'error' in o).length).toBeGreaterThanOrEqual(5);
  });

  for (const file of files) {
    it(`${file}`, async () => {
      const ours = await tempkeyOutcome(file);
      const theirs = expected[file]!;
      if ('error' in theirs) {
        expect('error' in ours, `botocore refuses ${file} (${theirs.error}); tempkey read it`).toBe(true);
        // Our error names the file and a line.
        expect((ours as { error: string }).error).toMatch(new RegExp(`${file.replace('.', '\\.')}:\\d+: `));
      } else {
        expect(ours).toEqual(theirs);
      }
    });
  }

  it('`tempkey config parse --json` prints what botocore returns', () => {
    for (const file of ['03-sso-session.ini', '04-services.ini', '25-default-upper.ini', '12-crlf.ini']) {
      const out = execFileSync(process.execPath, ['bin/tempkey.js', 'config', 'parse', join(CORPUS, file), '--json', '--show-secrets'], { encoding: 'utf8' });
      expect(JSON.parse(out)).toEqual((expected[file] as { ok: unknown }).ok);
    }
  });

  it('`tempkey config parse` masks secrets unless asked, and fails naming the line on a bad file', () => {
    const masked = execFileSync(process.execPath, ['bin/tempkey.js', 'config', 'parse', join(CORPUS, '05-credentials.ini'), '--json'], { encoding: 'utf8' });
    expect(masked).not.toContain('wJalrXUtnFEMI');
    expect(masked).toContain('<redacted');
    const bad = spawnSync(process.execPath, ['bin/tempkey.js', 'config', 'parse', join(CORPUS, '21-unclosed-bracket.ini')], { encoding: 'utf8' });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toContain('21-unclosed-bracket.ini:1');
    expect(bad.stdout).toBe('');
  });
});

describe('the hot-path reader (every plan, profiles list, doctor) agrees with botocore on every file botocore reads', () => {
  const expected = botocoreOutcomes();
  const readable = files.filter((f) => 'ok' in expected[f]!);

  it('has most of the corpus to compare', () => {
    expect(readable.length).toBeGreaterThanOrEqual(25);
  });

  for (const file of readable) {
    it(`${file}`, async () => {
      const doc = await readIniFast(join(CORPUS, file));
      const raw: Record<string, Record<string, unknown>> = {};
      for (const section of doc!.sections()) {
        const into = (raw[section.name] ??= {});
        for (const [key, v] of Object.entries(section.values)) into[key] = v.value;
      }
      expect(raw).toEqual((expected[file] as { ok: unknown }).ok);
    });
  }
});
