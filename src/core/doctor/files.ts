import { open, stat } from 'node:fs/promises';
import { TempkeyError } from '../../lib/errors.js';
import { loadProfileModel } from '../../files/aws-files.js';
import { readIniFile } from '../../files/ini-file.js';
import { currentPlatform, filePrivacyVerdict, homeDisagreement } from '../../lib/platform.js';
import { check, type Check, type DoctorContext } from './types.js';

/** Which files are in use and why; can they be read; are they private. */
export async function fileChecks(ctx: DoctorContext): Promise<Check[]> {
  const out: Check[] = [];
  try {
    const { files, model } = await loadProfileModel({ env: ctx.env, cwd: ctx.cwd, project: ctx.project?.filesName });
    // The full parser on both files: a problem anywhere shows up here, with its line.
    await readIniFile(files.config);
    await readIniFile(files.credentials);
    ctx.files = files;
    ctx.model = model;
    const homes = homeDisagreement(ctx.env, currentPlatform(ctx.env));
    if (homes) out.push(check('files.home', 'Every tool looks for ~/.aws in the same place', 'warn', { found: homes, fix: 'Remove HOME from the Windows environment (Git Bash sets its own), or set AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE so every tool reads one pair.' }));
    out.push(check('files.located', 'AWS config and credentials files', 'ok', { found: `config ${files.config} (${files.configChosenBy}); credentials ${files.credentials} (${files.credentialsChosenBy})` }));
  } catch (e) {
    if (!(e instanceof TempkeyError)) throw e;
    out.push(check('files.parse', 'The AWS files can be read as the AWS CLI reads them', 'fail', { found: e.message, location: e.location, fix: e.fix }));
    return out;
  }
  for (const [kind, path] of [['credentials', ctx.files!.credentials], ['config', ctx.files!.config]] as const) {
    const st = await stat(path).catch(() => undefined);
    if (!st) continue;
    // What "private" means is the platform's: modes on Unix, ACLs on Windows, DrvFs under WSL.
    const v = filePrivacyVerdict(path, st.mode, kind, currentPlatform(ctx.env));
    out.push(check(`files.permissions.${kind}`, `The ${kind} file is private`, v.severity, { found: v.found, location: v.severity === 'ok' ? undefined : { file: path }, fix: v.fix }));
    const enc = encodingProblem(await firstBytes(path));
    const saveAs = 'Save it as "UTF-8" (not "UTF-8 with BOM" or "Unicode"); in PowerShell write it with Set-Content -Encoding ascii, not > or Out-File.';
    // A UTF-8 BOM is a hand-edit finding too (hand-edits.ts): its line edit removes it.
    const bomFix = enc?.includes('byte order mark') ? `tempkey doctor --fix handedit.bom   (or: ${saveAs})` : saveAs;
    if (enc) out.push(check(`files.encoding.${kind}`, `The ${kind} file is plain UTF-8`, 'fail', { found: `${path} ${enc}`, location: { file: path, line: 1 }, fix: bomFix }));
  }
  const dups = ctx.model!.duplicates;
  if (dups.length) {
    for (const d of dups) {
      const where = d.origins.map((o) => `${o.file}:${o.line}`).join(', ');
      out.push(
        check('profiles.duplicate', 'Each profile is defined once', 'fail', {
          found: `[${d.kind === 'profile' ? `profile ${d.name}` : `${d.kind} ${d.name}`}] appears ${d.origins.length} times (${where}); the AWS CLI refuses the file`,
          location: { file: d.origins[1]?.file, line: d.origins[1]?.line, profile: d.kind === 'profile' ? d.name : undefined },
          fix: `Merge the sections into one: delete the one at ${d.origins[1]?.file}:${d.origins[1]?.line} after moving its keys into the first.`,
        }),
      );
    }
  } else out.push(check('profiles.duplicate', 'Each profile is defined once', 'ok'));
  return out;
}

/**
 * Windows editors and PowerShell may start a file with a byte order mark or
 * write UTF-16. tempkey reads past a UTF-8 BOM, but botocore (the AWS CLI,
 * boto3) refuses the whole file: "Unable to parse config file".
 */
export function encodingProblem(head: Buffer): string | undefined {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'starts with a UTF-8 byte order mark (BOM): the AWS CLI and boto3 cannot parse it';
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return 'is UTF-16 (as PowerShell 5 writes with > or Out-File): the AWS CLI, boto3 and the SDKs cannot read it';
  return undefined;
}

async function firstBytes(path: string): Promise<Buffer> {
  const f = await open(path, 'r').catch(() => undefined);
  if (!f) return Buffer.alloc(0);
  try {
    const buf = Buffer.alloc(3);
    const { bytesRead } = await f.read(buf, 0, 3, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await f.close();
  }
}
