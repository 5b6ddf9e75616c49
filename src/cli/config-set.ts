import { defineCommand, type DefinedCommand } from './command.js';
import { TempkeyError } from '../lib/errors.js';

const HELP = `Usage: tempkey config set [PROFILE] KEY VALUE [--profile P | --sso-session S] [--create]
       tempkey config unset [PROFILE] KEY [--profile P | --sso-session S]

Sets or removes one key of a profile in the AWS config file, keeping every
other line, comment and blank line as it is (atomic write, under a lock).
A profile (or sso-session) that does not exist is an error, with the closest
names suggested; --create makes a new one.

Options:
  -p, --profile NAME   the profile ('default' for [default]), as PROFILE
      --sso-session S  edit an [sso-session S] section instead
      --create         set: create the section when it does not exist
      --project NAME   the file of a Leverage-style project (~/.aws/NAME/config)
      --json           print {"changed", "file", "section"}
  -h, --help           this help
`;

function makeCommand(action: 'set' | 'unset'): DefinedCommand {
  return defineCommand({
    name: `config ${action}`,
    summary: action === 'set' ? 'set a key of a profile in the AWS config file (lossless edit)' : 'remove a key of a profile from the AWS config file (lossless edit)',
    help: HELP,
    flags: { profile: { type: 'string', short: 'p' }, 'sso-session': { type: 'string' }, project: { type: 'string' }, ...(action === 'set' ? { create: { type: 'boolean' } } : {}) },
    args: action === 'set' ? ['PROFILE', 'KEY', 'VALUE'] : ['PROFILE', 'KEY'],
    json: true,
    async run({ values, profile, args, io }) {
      const session = values['sso-session'] as string | undefined;
      if (!profile && !session) {
        throw new TempkeyError('MISSING_FLAG', `tempkey config ${action}: which profile? Give PROFILE, --profile P or --sso-session S.`, {
          fix: `tempkey config ${action} dev ${action === 'set' ? 'region us-east-1' : 'mfa_serial'}`,
          exitCode: 2,
        });
      }
      if (profile && session) throw new TempkeyError('BAD_FLAG', `tempkey config ${action}: a profile or --sso-session, not both.`, { exitCode: 2 });
      const { editConfigKey } = await import('../core/config/set-key.js');
      const r = await editConfigKey({
        env: io.env,
        cwd: io.cwd,
        project: values.project as string | undefined,
        target: session ? { ssoSession: session } : { profile: profile! },
        key: args.KEY!,
        value: action === 'set' ? args.VALUE! : undefined,
        create: Boolean((values as { create?: boolean }).create),
      });
      if (values.json) io.stdout(`${JSON.stringify(r, null, 2)}\n`);
      else io.stderr(`${r.changed ? 'Updated' : 'Unchanged:'} [${r.section}] in ${r.file}.\n`);
      return 0;
    },
  });
}

export const setCommand = makeCommand('set');
export const unsetCommand = makeCommand('unset');
