import { defineCommand } from './command.js';
import { TempkeyError } from '../lib/errors.js';

const HELP = `Usage: tempkey completion bash|zsh|fish

Prints a shell completion script: commands, flags and profile names.
  bash:  echo 'source <(tempkey completion bash)' >> ~/.bashrc
  zsh:   echo 'source <(tempkey completion zsh)' >> ~/.zshrc
  fish:  tempkey completion fish > ~/.config/fish/completions/tempkey.fish
`;

export default defineCommand({
  name: 'completion',
  summary: 'print a shell completion script (bash, zsh, fish)',
  help: HELP,
  flags: {},
  args: ['SHELL'],
  json: false,
  async run({ values, profile, args, io }) {
    const { COMMANDS } = await import('./commands.js');
    const { bashCompletion, zshCompletion, fishCompletion } = await import('../core/ui/completion.js');
    const names = Object.keys(COMMANDS);
    const shell = args.SHELL;
    if (shell === 'bash') io.stdout(bashCompletion(names));
    else if (shell === 'zsh') io.stdout(zshCompletion(names));
    else if (shell === 'fish') io.stdout(fishCompletion(names));
    else throw new TempkeyError('BAD_FLAG', `tempkey completion: say bash, zsh or fish${shell ? `, not '${shell}'` : ''}.`, { fix: 'tempkey completion bash', exitCode: 2 });
    return 0;
  },
});
