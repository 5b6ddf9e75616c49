import type { CommandModule } from './io.js';
import { parseFlags } from './args.js';
import { TempkeyError } from '../lib/errors.js';

const HELP = `Usage: tempkey config set --profile P KEY VALUE
       tempkey config unset --profile P KEY

Sets or removes one key of a profile in the AWS config file, keeping every
other line, comment and blank line as it is (atomic write, under a lock).

Options:
  -p, --profile NAME   the profile ('default' for [default])
      --sso-session S  edit an [sso-session S] section instead
      --project NAME   the file of a Leverage-style project (~/.aws/NAME/config)
  -h, --help           this help
`;

function makeCommand(action: 'set' | 'unset'): CommandModule {
  return {
    summary: action === 'set' ? 'set a key of a profile in the AWS config file (lossless edit)' : 'remove a key of a profile from the AWS config file (lossless edit)',
    async run(args, io) {
      const { values, positionals } = parseFlags(`config ${action}`, args, { profile: { type: 'string', short: 'p' }, 'sso-session': { type: 'string' }, project: { type: 'string' } });
      if (values.help) {
        io.stdout(HELP);
        return 0;
      }
      const want = action === 'set' ? 2 : 1;
      if (positionals.length !== want || (!values.profile && !values['sso-session'])) {
        throw new TempkeyError('BAD_FLAG', `tempkey config ${action}: expected --profile P and ${action === 'set' ? 'KEY VALUE' : 'KEY'}.`, { fix: `tempkey config ${action} --profile dev ${action === 'set' ? 'region us-east-1' : 'mfa_serial'}`, exitCode: 2 });
      }
      const section = values['sso-session'] ? `sso-session ${values['sso-session']}` : values.profile === 'default' ? 'default' : `profile ${values.profile}`;
      const { locateAwsFiles } = await import('../files/paths.js');
      const { editIniFile } = await import('../files/ini-file.js');
      const file = locateAwsFiles(io.env, { project: values.project, cwd: io.cwd }).config;
      const [key, value] = positionals as [string, string | undefined];
      const { changed } = await editIniFile(file, (doc) => {
        if (action === 'set') doc.set(section, key, value!);
        else if (!doc.delete(section, key)) throw new TempkeyError('CONFIG_KEY_MISSING', `[${section}] in ${file} has no '${key}'.`, { location: { file } });
      });
      io.stderr(`${changed ? 'Updated' : 'Unchanged:'} [${section}] in ${file}.\n`);
      return 0;
    },
  };
}

export const setCommand = makeCommand('set');
export const unsetCommand = makeCommand('unset');
