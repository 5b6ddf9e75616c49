import type { CommandModule } from './io.js';
import { parseFlags } from './args.js';
import { TempkeyError } from '../lib/errors.js';

const HELP = `Usage: tempkey completion bash|zsh|fish

Prints a shell completion script: commands, flags and profile names.
  bash:  echo 'source <(tempkey completion bash)' >> ~/.bashrc
  zsh:   echo 'source <(tempkey completion zsh)' >> ~/.zshrc
  fish:  tempkey completion fish > ~/.config/fish/completions/tempkey.fish
`;

const command: CommandModule = {
  summary: 'print a shell completion script (bash, zsh, fish)',
  async run(args, io) {
    const { values, positionals } = parseFlags('completion', args, {});
    if (values.help) {
      io.stdout(HELP);
      return 0;
    }
    const { COMMANDS } = await import('./commands.js');
    const { bashCompletion, zshCompletion, fishCompletion } = await import('../core/ui/completion.js');
    const names = Object.keys(COMMANDS);
    const shell = positionals[0];
    if (shell === 'bash') io.stdout(bashCompletion(names));
    else if (shell === 'zsh') io.stdout(zshCompletion(names));
    else if (shell === 'fish') io.stdout(fishCompletion(names));
    else throw new TempkeyError('BAD_FLAG', `tempkey completion: say bash, zsh or fish${shell ? `, not '${shell}'` : ''}.`, { fix: 'tempkey completion bash', exitCode: 2 });
    return 0;
  },
};
export default command;
