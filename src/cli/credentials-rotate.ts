import { defineCommand } from './command.js';
import { TempkeyError } from '../lib/errors.js';
import { terminalPrompter } from '../lib/prompt.js';

const HELP = `Usage: tempkey credentials rotate PROFILE [--json]

Replaces the IAM access key tempkey keeps for PROFILE: creates a new key,
checks it works, stores it, then deletes the old one. If any step fails, a
working key stays stored (the new one is deleted again, or the old one is kept).

Options:
      --project NAME   the files of a Leverage-style project (~/.aws/NAME/)
      --json           print the result as JSON
  -h, --help           this help
`;

export default defineCommand({
  name: 'credentials rotate',
  summary: "replace a profile's stored IAM access key with a new one, safely",
  help: HELP,
  flags: { project: { type: 'string' }, profile: { type: 'string', short: 'p' } },
  args: ['PROFILE'],
  json: true,
  async run({ values, profile, args, io }) {
    if (!profile) throw new TempkeyError('BAD_FLAG', 'tempkey credentials rotate: which profile?', { fix: 'tempkey credentials rotate acme-security', exitCode: 2 });
    const { rotateKeys } = await import('../core/iam/rotate.js');
    const r = await rotateKeys({ env: io.env, cwd: io.cwd, profile, project: values.project, prompt: terminalPrompter('Set TEMPKEY_FILE_PASSPHRASE.'), log: (l) => io.stderr(`${l}\n`) });
    if (values.json) io.stdout(JSON.stringify(r, null, 2) + '\n');
    else io.stdout(`Rotated '${profile}': ${r.oldKey} → ${r.newKey}${r.oldKeyDeleted ? '' : ' (the old key is still active: delete it)'}.\n`);
    return r.oldKeyDeleted ? 0 : 1;
  },
});
