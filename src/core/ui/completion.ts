/**
 * Shell completion scripts. bash, zsh and fish ask `tempkey __complete` on
 * every TAB (context from each command's definition, profiles from the
 * current files); PowerShell's is a static list of words.
 */
export const PROFILE_COMMANDS = ['exec', 'env', 'whoami', 'credential-process', 'console', 'serve', 'explain', 'doctor', 'credentials rotate'];
const FLAGS = ['--profile', '--region', '--sso-session', '--project', '--json', '--verbose', '--help', '--mfa-token', '--use-device-code', '--no-browser', '--all', '--url', '--service', '--offline', '--layer', '--dry-run', '--prune', '--template'];

function tree(commands: string[]): Map<string, string[]> {
  const t = new Map<string, string[]>();
  for (const c of commands) {
    const [first, second] = c.split(' ') as [string, string | undefined];
    const subs = t.get(first) ?? [];
    if (second) subs.push(second);
    t.set(first, subs);
  }
  return t;
}

/**
 * bash (and zsh through bashcompinit): every TAB asks `tempkey __complete`
 * (cli/complete.ts), which knows each command's own flags, flag values,
 * arguments and the program after `--`.
 */
export function bashCompletion(_commands: string[]): string {
  return `# tempkey completion for bash (and zsh with bashcompinit): source <(tempkey completion bash)
_tempkey() {
  local IFS=$'\\n' cur="\${COMP_WORDS[COMP_CWORD]}"
  local -a out
  out=( $(command tempkey __complete "$COMP_CWORD" "\${COMP_WORDS[@]:1}" 2>/dev/null) )
  case "\${out[0]-}" in
    :commands) COMPREPLY=( $(compgen -c -- "$cur") ) ;;
    :files) COMPREPLY=( $(compgen -f -- "$cur") ) ;;
    *) COMPREPLY=( "\${out[@]}" ) ;;
  esac
}
complete -o default -F _tempkey tempkey
`;
}

export function zshCompletion(commands: string[]): string {
  return `# tempkey completion for zsh: source <(tempkey completion zsh)
if ! (( $+functions[compdef] )); then autoload -U +X compinit && compinit -u; fi
autoload -U +X bashcompinit && bashcompinit
${bashCompletion(commands)}`;
}

/** fish: the same question, from the command line fish hands over. */
export function fishCompletion(_commands: string[]): string {
  return `# tempkey completion for fish: tempkey completion fish | source
function __tempkey_complete
    set -l words (commandline -opc) (commandline -ct)
    set -l out (command tempkey __complete (math (count $words) - 1) $words[2..-1] 2>/dev/null)
    switch "$out[1]"
        case :commands
            __fish_complete_command (commandline -ct)
        case :files
            __fish_complete_path (commandline -ct)
        case '*'
            printf '%s\\n' $out
    end
end
complete -c tempkey -f -a '(__tempkey_complete)'
`;
}

/** PowerShell single-quoted list: @('a','b'), quotes doubled. */
function psList(words: string[]): string {
  return `@(${words.map((w) => `'${w.replace(/'/g, "''")}'`).join(', ')})`;
}

/**
 * PowerShell (Windows' default shell, and pwsh elsewhere): one native
 * argument completer, the same words as bash's.
 */
export function powershellCompletion(commands: string[]): string {
  const t = tree(commands);
  const subs = [...t.entries()]
    .filter(([, s]) => s.length)
    .map(([first, s]) => `    '${first}' = ${psList(s.sort())}`)
    .join('\n');
  return `# tempkey completion for PowerShell: add to $PROFILE
#   tempkey completion powershell | Out-String | Invoke-Expression
Register-ArgumentCompleter -Native -CommandName tempkey -ScriptBlock {
  param($wordToComplete, $commandAst, $cursorPosition)
  $words = @($commandAst.CommandElements | ForEach-Object { $_.ToString() })
  # The index of the word being completed: a new word after a space, else the last one.
  $i = if ($wordToComplete -eq '') { $words.Count } else { $words.Count - 1 }
  $first = ${psList([...t.keys()].sort())}
  $subs = @{
${subs}
  }
  $profileCommands = ${psList(PROFILE_COMMANDS.filter((c) => !c.includes(' ')))}
  $flags = ${psList(FLAGS)}
  $profiles = { @(& tempkey profiles list --names 2>$null) }
  $candidates = @()
  if ($i -eq 1) { $candidates = $first }
  elseif ($i -eq 2 -and $subs.ContainsKey($words[1])) { $candidates = $subs[$words[1]] }
  elseif ($words[$i - 1] -eq '--profile' -or $words[$i - 1] -eq '-p') { $candidates = & $profiles }
  elseif ($wordToComplete.StartsWith('-')) { $candidates = $flags }
  elseif ($profileCommands -contains $words[1] -or ($words[1] -eq 'credentials' -and $words[2] -eq 'rotate')) { $candidates = & $profiles }
  $candidates | Where-Object { $_ -like "$wordToComplete*" } | ForEach-Object {
    [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
  }
}
`;
}
