import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readIniFile as readLossless } from '../src/files/ini-file.js';
import { FastIniDocument, readIniFile as readFast } from '../src/files/ini/fast-read.js';
import type { IniSectionView } from '../src/files/profile-model.js';
import { rng } from './helpers/seeded-random.js';

/**
 * A bounded, seeded fuzz run (what the audit of #17 did by hand): a few
 * hundred config files built from the pieces real files are made of (and the
 * odd ones people write), read by botocore's own raw_config_parse and by both
 * of tempkey's readers. The lossless reader's botocore view (toRaw) must give
 * exactly botocore's result or refuse the same files; the fast (hot-path)
 * reader must give the same sections and values wherever botocore reads the
 * file, and on the files botocore refuses behave exactly as the lossless
 * reader does (refuse, or read the same sections while doctor reports the repeats).
 */
const SEED = 1717;
const FILES = 300;
const dir = mkdtempSync(join(tmpdir(), 'tempkey-fuzz-'));
afterAll(() => { if (!process.env.FUZZ_DUMP) rmSync(dir, { recursive: true, force: true }); });

function generate(r: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const names = ['default', 'profile dev', 'profile prod', 'profile a.b-c_d', 'sso-session corp', 'services local', 'profile café', 'profile  spaced ', 'preview', 'DEFAULT'];
  const keys = ['region', 'output', 'role_arn', 'source_profile', 'sso_session', 'mfa_serial', 'credential_process', 'x-key', 'aws_access_key_id', 'duration_seconds', 'sso_region', 'external_id', 'Region'];
  const values = ['us-east-1', 'json', 'arn:aws:iam::123456789012:role/Admin', '', 'value ; not a comment', 'a = b', 'trailing  ', '"quoted"', 'é ü ✓', '%(interp)s', 'x#y'];
  const eq = [' = ', '=', ' =', ': ', ':', '\t=\t'];
  const nl = r() < 0.15 ? '\r\n' : '\n';
  const lines: string[] = [];
  if (r() < 0.03) lines.push(`${pick(keys)} = ${pick(values)}`); // a key before any section
  const sections = 1 + Math.floor(r() * 4);
  for (let s = 0; s < sections; s++) {
    const n = pick(names);
    const header = r() < 0.9 ? `[${n}]` : pick([`[${n}] # note`, ` [${n}]`, `[${n}`]);
    if (r() < 0.2) lines.push(pick(['# comment', '; comment', '   # indented comment', '']));
    lines.push(header);
    const count = Math.floor(r() * 5);
    for (let k = 0; k < count; k++) {
      const roll = r();
      if (roll < 0.1) {
        lines.push(`${pick(['s3', 'sts', 'ec2'])} =`, `  ${pick(keys)} = ${pick(values)}`, ...(r() < 0.5 ? [`  ${pick(keys)}${pick(eq)}${pick(values)}`] : []));
      } else if (roll < 0.17) {
        lines.push(`${pick(keys)}${pick(eq)}${pick(values)}`, `    continued ${pick(values)}`);
      } else if (roll < 0.125) {
        lines.push(pick(['just words without a delimiter', '= value without key', '  indented = odd']));
      } else if (roll < 0.3) {
        lines.push(pick(['', '# c', '; c', '\t']));
      } else {
        lines.push(`${pick(keys)}${pick(eq)}${pick(values)}`);
      }
    }
  }
  return (r() < 0.03 ? '\ufeff' : '') + lines.join(nl) + (r() < 0.8 ? nl : '');
}

const BOTOCORE = `
import json, sys
from botocore.configloader import raw_config_parse
out = []
for path in sys.argv[1:]:
    try:
        out.append({"ok": raw_config_parse(path)})
    except Exception as e:
        out.append({"error": type(e).__name__})
print(json.dumps(out))
`;

type Raw = Record<string, Record<string, string | Record<string, string>>>;
type Outcome = { ok: Raw } | { error: string };

/** A reader's sections in botocore's raw shape (DEFAULT keys copied into each section, as configparser does). */
async function sectionsOutcome(read: (p: string) => Promise<{ sections(): IniSectionView[] } | undefined>, path: string): Promise<Outcome & { fastPath?: boolean }> {
  try {
    const doc = await read(path);
    const raw: Raw = {};
    let defaults: Raw[string] = {};
    for (const s of doc?.sections() ?? []) {
      const values = Object.fromEntries(Object.entries(s.values).map(([k, v]) => [k, v.value]));
      if (s.name === 'DEFAULT') defaults = values;
      else raw[s.name] = values;
    }
    for (const section of Object.values(raw)) for (const [k, v] of Object.entries(defaults)) if (!(k in section)) section[k] = v;
    return { ok: raw, fastPath: doc instanceof FastIniDocument };
  } catch (e) {
    return { error: (e as { code?: string }).code ?? String(e) };
  }
}

describe(`${FILES} seeded random config files (seed ${SEED}) read by botocore and both tempkey readers`, () => {
  it('agree: the same result where botocore reads the file; the same refusal or the same lenient reading where it refuses', async () => {
    const r = rng(SEED);
    const paths: string[] = [];
    for (let i = 0; i < FILES; i++) {
      const p = join(dir, `f${String(i).padStart(3, '0')}.ini`);
      writeFileSync(p, generate(r));
      paths.push(p);
    }
    const theirs = JSON.parse(execFileSync('python3', ['-c', BOTOCORE, ...paths], { encoding: 'utf8', maxBuffer: 64 << 20 })) as Outcome[];
    const disagreements: string[] = [];
    let refused = 0;
    let fastPath = 0;
    for (const [i, p] of paths.entries()) {
      const expected = theirs[i]!;
      let lossless: Outcome;
      try {
        lossless = { ok: (await readLossless(p))!.toRaw() as Raw };
      } catch (e) {
        lossless = { error: (e as { code?: string }).code ?? 'error' };
      }
      const fast = await sectionsOutcome(readFast, p);
      const losslessView = await sectionsOutcome(readLossless, p);
      if (fast.fastPath) fastPath++;
      if ('error' in expected) {
        refused++;
        if (!('error' in lossless)) disagreements.push(`${p}: botocore refuses (${expected.error}), the lossless reader read it`);
        // Both readers may read a file botocore refuses (repeats: doctor and config parse report them), but alike.
        if (JSON.stringify(strip(fast)) !== JSON.stringify(strip(losslessView))) disagreements.push(`${p}: botocore refuses (${expected.error}); fast ${JSON.stringify(fast)} vs lossless ${JSON.stringify(losslessView)}`);
      } else {
        if (JSON.stringify(lossless) !== JSON.stringify(expected)) disagreements.push(`${p}: lossless ${JSON.stringify(lossless)} vs botocore ${JSON.stringify(expected)}`);
        if (!('ok' in fast) || JSON.stringify(sortKeys(fast.ok)) !== JSON.stringify(sortKeys(expected.ok))) disagreements.push(`${p}: fast ${JSON.stringify(fast)} vs botocore ${JSON.stringify(expected)}`);
      }
    }
    process.stdout.write(`\n#17 INI fuzz: ${FILES} files (seed ${SEED}), botocore refused ${refused}, ${fastPath} read on the fast path, ${disagreements.length} disagreements\n`);
    expect(refused).toBeGreaterThan(10); // the generator makes bad files too
    expect(refused).toBeLessThan(FILES - 50); // and good ones
    expect(fastPath).toBeGreaterThan(20); // the fast path is exercised, not bypassed
    if (process.env.FUZZ_DUMP) writeFileSync(process.env.FUZZ_DUMP, disagreements.join('\n'));
    expect(disagreements.slice(0, 5)).toEqual([]);
  }, 60_000);
});

function strip(o: Outcome & { fastPath?: boolean }): Outcome {
  return 'error' in o ? { error: o.error } : { ok: sortKeys(o.ok) };
}

function sortKeys(raw: Raw): Raw {
  return Object.fromEntries(Object.entries(raw).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v])) as Raw;
}
