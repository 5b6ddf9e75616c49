import { CONFLICTING_VARIABLES } from '../credentials/export-env.js';

/**
 * `tempkey shell-init bash|zsh|fish`: a shell function (like Granted's
 * `assume`) that exports a profile's credentials into the current shell:
 *   tku PROFILE [tempkey env flags]   export them (TEMPKEY_PROFILE names the profile)
 *   tku --unset                       remove them
 * and a prompt hook that exports them again when they are within
 * TEMPKEY_REFRESH_SECONDS (default 300) of expiring, without prompting (a
 * refresh that needs an MFA code or a login says so once instead).
 * The function asks tempkey with the exported credentials removed, so a new
 * profile never resolves through the old profile's keys.
 */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

const EXPORTED = [...new Set([...CONFLICTING_VARIABLES, 'AWS_CREDENTIAL_EXPIRATION', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'TEMPKEY_PROFILE', 'TEMPKEY_EXPIRES_EPOCH'])].filter((v) => /^[A-Z_][A-Z0-9_]*$/.test(v));
/** Removed from tempkey's own environment when it is asked (the credentials a previous call exported). */
const ASK_WITHOUT = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN', 'AWS_CREDENTIAL_EXPIRATION', 'TEMPKEY_PROFILE', 'TEMPKEY_EXPIRES_EPOCH'];

export function shellInit(shell: Shell, opts: { tempkey: string; name: string }): string {
  const fn = opts.name;
  const tk = opts.tempkey;
  if (shell === 'fish') {
    // env(1) runs the program itself: a fish function named like it cannot be in the way.
    const tk = opts.tempkey.replace(/^command /, '');
    const without = ASK_WITHOUT.map((v) => `-u ${v}`).join(' ');
    return `# tempkey shell integration (fish): ${fn} PROFILE | ${fn} --unset
function ${fn} --description 'export the credentials of an AWS profile (tempkey)'
    if test (count $argv) -gt 0; and contains -- $argv[1] --unset -u
        set -e ${EXPORTED.join(' ')}
        return 0
    end
    set -l out (env ${without} ${tk} env $argv --format fish --export-marker)
    or return $status
    printf '%s\\n' $out | source
    set -e __tempkey_warned
    echo "tempkey: profile $TEMPKEY_PROFILE exported" >&2
end
function __tempkey_refresh --on-event fish_prompt
    set -q TEMPKEY_PROFILE TEMPKEY_EXPIRES_EPOCH; or return 0
    test (math $TEMPKEY_EXPIRES_EPOCH - (date +%s)) -gt (set -q TEMPKEY_REFRESH_SECONDS; and echo $TEMPKEY_REFRESH_SECONDS; or echo 300); and return 0
    set -l out (env ${without} TEMPKEY_NO_LOGIN=1 TEMPKEY_NO_PICKER=1 ${tk} env $TEMPKEY_PROFILE --format fish --export-marker </dev/null 2>/dev/null)
    if test $status -eq 0
        printf '%s\\n' $out | source
    else if not set -q __tempkey_warned
        set -g __tempkey_warned 1
        echo "tempkey: the credentials of $TEMPKEY_PROFILE expire soon and could not be renewed without you: run ${fn} $TEMPKEY_PROFILE" >&2
    end
end
`;
  }
  const now = shell === 'zsh' ? 'zmodload -F zsh/datetime p:EPOCHSECONDS 2>/dev/null; local now=${EPOCHSECONDS:-$(date +%s)}' : `local now; printf -v now '%(%s)T' -1 2>/dev/null || now=$(date +%s)`;
  const hook =
    shell === 'zsh'
      ? `autoload -Uz add-zsh-hook && add-zsh-hook precmd __tempkey_refresh`
      : `case ";\${PROMPT_COMMAND:-};" in *";__tempkey_refresh;"*) ;; *) PROMPT_COMMAND="__tempkey_refresh\${PROMPT_COMMAND:+;$PROMPT_COMMAND}" ;; esac`;
  const without = ASK_WITHOUT.join(' ');
  return `# tempkey shell integration (${shell}): ${fn} PROFILE | ${fn} --unset
${fn}() {
  if [ "\${1:-}" = --unset ] || [ "\${1:-}" = -u ]; then
    unset ${EXPORTED.join(' ')}
    return 0
  fi
  local __tempkey_out
  __tempkey_out="$(unset ${without}; ${tk} env "$@" --format ${shell} --export-marker)" || return $?
  eval "$__tempkey_out"
  unset __tempkey_warned
  echo "tempkey: profile $TEMPKEY_PROFILE exported" >&2
}
__tempkey_refresh() {
  [ -n "\${TEMPKEY_PROFILE:-}" ] && [ -n "\${TEMPKEY_EXPIRES_EPOCH:-}" ] || return 0
  ${now}
  [ $((TEMPKEY_EXPIRES_EPOCH - now)) -gt "\${TEMPKEY_REFRESH_SECONDS:-300}" ] && return 0
  local __tempkey_out __tempkey_profile="$TEMPKEY_PROFILE"
  if __tempkey_out="$(unset ${without}; TEMPKEY_NO_LOGIN=1 TEMPKEY_NO_PICKER=1 ${tk} env "$__tempkey_profile" --format ${shell} --export-marker </dev/null 2>/dev/null)"; then
    eval "$__tempkey_out"
  elif [ -z "\${__tempkey_warned:-}" ]; then
    __tempkey_warned=1
    echo "tempkey: the credentials of $TEMPKEY_PROFILE expire soon and could not be renewed without you: run ${fn} $TEMPKEY_PROFILE" >&2
  fi
}
${hook}
`;
}
