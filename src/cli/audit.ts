import { defineCommand } from './command.js';
import { terminalPrompter } from '../lib/prompt.js';

const HELP = `Usage: tempkey audit [--max-age-days N] [--json]

For each IAM user whose keys tempkey keeps: every access key's age and last
use (IAM ListAccessKeys, GetAccessKeyLastUsed), whether the user has an MFA
device, and what to act on. Exit status 1 when something is flagged.

Options:
      --max-age-days N  flag keys older than this (default 90)
      --project NAME    the files of a Leverage-style project (~/.aws/NAME/)
      --json            print the findings as JSON
  -h, --help            this help
`;

export default defineCommand({
  name: 'audit',
  summary: 'age, last use and MFA of the IAM keys tempkey keeps',
  help: HELP,
  flags: { 'max-age-days': { type: 'string', integer: { min: 0 } }, project: { type: 'string' } },
  json: true,
  async run({ values, profile, args, io }) {
    const { audit } = await import('../core/iam/audit.js');
    const users = await audit({ env: io.env, cwd: io.cwd, project: values.project, prompt: terminalPrompter('Set TEMPKEY_FILE_PASSPHRASE.'), log: (l) => io.stderr(`${l}\n`), maxAgeDays: Number(values['max-age-days'] ?? 90) });
    const flagged = users.some((u) => u.findings.length);
    if (values.json) {
      io.stdout(JSON.stringify(users, null, 2) + '\n');
      return flagged ? 1 : 0;
    }
    if (!users.length) io.stdout('No IAM keys kept by tempkey (tempkey credentials configure stores some).\n');
    for (const u of users) {
      io.stdout(`${u.arn ?? u.profiles.join(', ')}  (profile ${u.profiles.join(', ')})  MFA: ${u.mfa === undefined ? '?' : u.mfa ? 'yes' : 'NO'}\n`);
      for (const k of u.keys) io.stdout(`  ${k.accessKeyId}  ${k.status.padEnd(8)} ${k.ageDays ?? '?'} days old, last used ${k.lastUsed ?? 'never'}${k.lastUsedService ? ` (${k.lastUsedService})` : ''}${k.stored ? '  [kept by tempkey]' : ''}${k.tooOld ? '  OLD' : ''}\n`);
      for (const f of u.findings) io.stdout(`  ! ${f}\n`);
    }
    return flagged ? 1 : 0;
  },
});
