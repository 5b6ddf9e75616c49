import { TempkeyError } from '../../lib/errors.js';
import type { LongTermKeys } from '../../vault/types.js';

/**
 * The CSV the AWS console downloads for a new access key:
 * `Access key ID,Secret access key` (newer) or
 * `User name,Password,Access key ID,Secret access key,Console login link` (older),
 * possibly with a BOM, CRLF and quoted fields.
 */
export function parseAccessKeyCsv(text: string, file: string): LongTermKeys {
  const lines = text.replace(/^\ufeff/, '').split(/\r\n|\n|\r/);
  const header = splitCsvLine(lines[0] ?? '').map((h) => h.trim().toLowerCase());
  const idCol = header.indexOf('access key id');
  const secretCol = header.indexOf('secret access key');
  if (idCol < 0 || secretCol < 0) {
    throw new TempkeyError('BAD_CSV', `${file}:1: expected a header with 'Access key ID' and 'Secret access key' (the file the AWS console downloads).`, {
      location: { file, line: 1 },
      fix: 'Download the access key CSV again from the IAM console (Security credentials → Create access key), or enter the keys at the prompt.',
    });
  }
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i]!.trim()) continue;
    const cells = splitCsvLine(lines[i]!);
    const accessKeyId = (cells[idCol] ?? '').trim();
    const secretAccessKey = (cells[secretCol] ?? '').trim();
    checkKeyShape(accessKeyId, secretAccessKey, `${file}:${i + 1}`);
    return { accessKeyId, secretAccessKey };
  }
  throw new TempkeyError('BAD_CSV', `${file}: no access key row after the header.`, { location: { file, line: 2 }, fix: 'Use the CSV downloaded when the key was created.' });
}

/** Access key ids are 16–128 word characters starting with AKIA (long-term) — say so early rather than at STS. */
export function checkKeyShape(accessKeyId: string, secretAccessKey: string, where: string): void {
  if (!/^[A-Z0-9]{16,128}$/.test(accessKeyId)) {
    throw new TempkeyError('BAD_KEYS', `${where}: '${accessKeyId.slice(0, 4)}…' does not look like an access key id (20 upper-case letters and digits, starting with AKIA).`, {
      fix: 'Copy the access key id again from the IAM console or the CSV.',
    });
  }
  if (accessKeyId.startsWith('ASIA')) {
    throw new TempkeyError('BAD_KEYS', `${where}: ${accessKeyId.slice(0, 4)}… is a temporary key (it needs a session token and expires); tempkey stores an IAM user's long-term keys (AKIA…).`, {
      fix: 'Create a long-term access key for your IAM user, or use IAM Identity Center: tempkey configure sso',
    });
  }
  if (secretAccessKey.length < 16 || /\s/.test(secretAccessKey)) {
    throw new TempkeyError('BAD_KEYS', `${where}: the secret access key is missing or malformed.`, { fix: 'Copy the secret access key again (it is shown once, when the key is created).' });
  }
}

function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      cells.push(cur);
      cur = '';
    } else cur += c;
  }
  cells.push(cur);
  return cells;
}
