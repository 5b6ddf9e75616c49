/**
 * Shell completion scripts, generated from the command table: command words,
 * the usual flags, and profile names (asked from `tempkey profiles list
 * --names` at completion time, so they follow the current config file).
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

export function bashCompletion(commands: string[]): string {
  const t = tree(commands);
  const firstWords = [...t.keys()].sort().join(' ');
  const subCases = [...t.entries()]
    .filter(([, subs]) => subs.length)
    .map(([first, subs]) => `    ${first}) COMPREPLY=( $(compgen -W "${subs.sort().join(' ')}" -- "$cur") ); return ;;`)
    .join('\n');
  const profileFirst = PROFILE_COMMANDS.filter((c) => !c.includes(' ')).join('|');
  return `# tempkey completion for bash (and zsh with bashcompinit): source <(tempkey completion bash)
_tempkey_profiles() { command tempkey profiles list --names 2>/dev/null; }
_tempkey() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=( $(compgen -W "${firstWords}" -- "$cur") ); return
  fi
  if [ "$COMP_CWORD" -eq 2 ]; then
    case "\${COMP_WORDS[1]}" in
${subCases}
    esac
  fi
  case "$prev" in
    --profile|-p) COMPREPLY=( $(compgen -W "$(_tempkey_profiles)" -- "$cur") ); return ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=( $(compgen -W "${FLAGS.join(' ')}" -- "$cur") ); return
  fi
  case "\${COMP_WORDS[1]}" in
    ${profileFirst}) COMPREPLY=( $(compgen -W "$(_tempkey_profiles)" -- "$cur") ) ;;
    credentials) [ "\${COMP_WORDS[2]}" = rotate ] && COMPREPLY=( $(compgen -W "$(_tempkey_profiles)" -- "$cur") ) ;;
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

export function fishCompletion(commands: string[]): string {
  const t = tree(commands);
  const lines = [
    '# tempkey completion for fish: tempkey completion fish | source',
    'function __tempkey_profiles; command tempkey profiles list --names 2>/dev/null; end',
    `complete -c tempkey -f -n __fish_use_subcommand -a '${[...t.keys()].sort().join(' ')}'`,
  ];
  for (const [first, subs] of t) if (subs.length) lines.push(`complete -c tempkey -f -n '__fish_seen_subcommand_from ${first}' -a '${subs.sort().join(' ')}'`);
  lines.push(`complete -c tempkey -f -n '__fish_seen_subcommand_from ${PROFILE_COMMANDS.filter((c) => !c.includes(' ')).join(' ')}' -a '(__tempkey_profiles)'`);
  lines.push(`complete -c tempkey -s p -l profile -x -a '(__tempkey_profiles)'`);
  for (const f of FLAGS.filter((f) => f !== '--profile')) lines.push(`complete -c tempkey -l ${f.slice(2)}`);
  return lines.join('\n') + '\n';
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
