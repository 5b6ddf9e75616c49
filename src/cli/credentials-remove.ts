import type { CommandModule } from './io.js';
import { parseFlags } from './args.js';
import { TempkeyError } from '../lib/errors.js';

const HELP = `Usage: tempkey credentials remove --profile NAME [--project NAME]

Deletes the profile's keys from the vault and removes tempkey's lines
(tempkey_vault, credential_process) from its profile; everything else stays.
`;

const command: CommandModule = {
  summary: "delete a profile's stored keys and tempkey's lines from its profile",
  async run(args, io) {
    const { values, positionals } = parseFlags('credentials remove', args, { profile: { type: 'string', short: 'p' }, project: { type: 'string' } });
    if (values.help) {
      io.stdout(HELP);
      return 0;
    }
    const profile = values.profile ?? positionals[0];
    if (!profile) throw new TempkeyError('BAD_FLAG', 'tempkey credentials remove: --profile NAME is required.', { location: { flag: '--profile' }, exitCode: 2 });
    const { removeStoredKeys } = await import('../core/iam/credentials-list.js');
    const r = await removeStoredKeys(io.env, io.cwd, profile, values.project);
    io.stdout(`${r.removedItem ? `Deleted the stored keys of '${profile}'` : `No stored keys for '${profile}'`}; cleaned its profile in ${r.configFile}.\n`);
    return 0;
  },
};
export default command;
