import { defineCommand } from './command.js';
import { TempkeyError } from '../lib/errors.js';

const HELP = `Usage: tempkey credentials remove PROFILE [--project NAME]

Deletes the profile's keys from the vault and removes tempkey's lines
(tempkey_vault, credential_process) from its profile; everything else stays.
`;

export default defineCommand({
  name: 'credentials remove',
  summary: "delete a profile's stored keys and tempkey's lines from its profile",
  help: HELP,
  flags: { profile: { type: 'string', short: 'p' }, project: { type: 'string' } },
  args: ['PROFILE'],
  json: false,
  async run({ values, profile, args, io }) {
    if (!profile) throw new TempkeyError('BAD_FLAG', 'tempkey credentials remove: which profile? Give PROFILE or --profile NAME.', { location: { flag: '--profile' }, exitCode: 2 });
    const { removeStoredKeys } = await import('../core/iam/credentials-list.js');
    const r = await removeStoredKeys(io.env, io.cwd, profile, values.project);
    io.stdout(`${r.removedItem ? `Deleted the stored keys of '${profile}'` : `No stored keys for '${profile}'`}; cleaned its profile in ${r.configFile}.\n`);
    return 0;
  },
});
