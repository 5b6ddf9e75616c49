import { defineCommand } from './command.js';
import { SHELLS, shellInit, type Shell } from '../core/ui/shell-init.js';

const HELP = `Usage: tempkey shell-init bash|zsh|fish [--name NAME]

Prints a shell function that exports a profile's credentials into the current
shell (like Granted's assume), and a prompt hook that exports them again when
they near expiry (TEMPKEY_REFRESH_SECONDS before, default 300) as long as that
needs no MFA code or login (else it says so once):
  bash:  echo 'eval "$(tempkey shell-init bash)"' >> ~/.bashrc
  zsh:   echo 'eval "$(tempkey shell-init zsh)"' >> ~/.zshrc
  fish:  echo 'tempkey shell-init fish | source' >> ~/.config/fish/config.fish
Then:
  tku dev               export dev's credentials (tempkey env flags work: tku dev --region eu-west-1)
  tku                   the picker, on a terminal
  tku --unset           remove them
TEMPKEY_PROFILE names the exported profile: 'tempkey whoami' reports it, and a
prompt can show it (e.g. PS1='\${TEMPKEY_PROFILE:+[$TEMPKEY_PROFILE] }\\$ ').

Options:
      --name NAME   the function's name (default: tku)
  -h, --help        this help
`;

export default defineCommand({
  name: 'shell-init',
  summary: "print a shell function that exports a profile's credentials into the current shell (bash, zsh, fish)",
  help: HELP,
  flags: { name: { type: 'string' } },
  args: ['SHELL'],
  json: false,
  async run({ values, args, io }) {
    const shell = args.SHELL as Shell;
    if (!SHELLS.includes(shell)) {
      const { TempkeyError } = await import('../lib/errors.js');
      const { didYouMean } = await import('../lib/suggest.js');
      throw new TempkeyError('BAD_FLAG', `tempkey shell-init: say ${SHELLS.join(', ')}, not '${shell}'.${didYouMean(shell, SHELLS)}`, { fix: 'eval "$(tempkey shell-init bash)"', exitCode: 2 });
    }
    const name = (values.name as string | undefined) ?? 'tku';
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) {
      const { TempkeyError } = await import('../lib/errors.js');
      throw new TempkeyError('BAD_FLAG', `tempkey shell-init: --name '${name}' is not a function name.`, { location: { flag: '--name' }, exitCode: 2 });
    }
    io.stdout(shellInit(shell, { tempkey: 'command tempkey', name }));
    return 0;
  },
});
