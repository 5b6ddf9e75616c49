import { defineCommand } from './command.js';
import { TempkeyError } from '../lib/errors.js';

const HELP = `Usage: tempkey completion bash|zsh|fish|powershell

Prints a shell completion script: commands, flags and profile names.
  bash:  echo 'source <(tempkey completion bash)' >> ~/.bashrc
  zsh:   echo 'source <(tempkey completion zsh)' >> ~/.zshrc
  fish:  tempkey completion fish > ~/.config/fish/completions/tempkey.fish
  PowerShell:  Add-Content $PROFILE 'tempkey completion powershell | Out-String | Invoke-Expression'
`;

export default defineCommand({
  name: 'completion',
  summary: 'print a shell completion script (bash, zsh, fish, powershell)',
  help: HELP,
  flags: {},
  args: ['SHELL'],
  json: false,
  async run({ values, profile, args, io }) {
    const { COMMANDS } = await import('./commands.js');
    const { bashCompletion, zshCompletion, fishCompletion, powershellCompletion } = await import('../core/ui/completion.js');
    const names = Object.keys(COMMANDS);
    const shell = args.SHELL;
    if (shell === 'bash') io.stdout(bashCompletion(names));
    else if (shell === 'zsh') io.stdout(zshCompletion(names));
    else if (shell === 'fish') io.stdout(fishCompletion(names));
    else if (shell === 'powershell' || shell === 'pwsh') io.stdout(powershellCompletion(names));
    else throw new TempkeyError('BAD_FLAG', `tempkey completion: say bash, zsh, fish or powershell${shell ? `, not '${shell}'` : ''}.`, { fix: 'tempkey completion bash', exitCode: 2 });
    return 0;
  },
});
