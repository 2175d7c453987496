/**
 * The shell side of completion: each script only hands the line to `cowork __complete`, which
 * answers from the program itself, so the scripts never need regenerating when commands change.
 */
export function bash(): string {
  return `# cowork completion for bash: eval "$(cowork completion bash)"
_cowork() {
  local IFS=$'\\n'
  COMPREPLY=( $(cowork __complete "$COMP_CWORD" -- "\${COMP_WORDS[@]}" 2>/dev/null) )
  if [ "\${#COMPREPLY[@]}" -eq 0 ]; then compopt -o default 2>/dev/null; fi
}
complete -F _cowork cowork`;
}

export function zsh(): string {
  return `#compdef cowork
# cowork completion for zsh: eval "$(cowork completion zsh)"
autoload -U bashcompinit && bashcompinit
${bash()}`;
}

export function fish(): string {
  return `# cowork completion for fish: cowork completion fish | source
function __cowork_complete
  set -l words (commandline -opc) (commandline -ct)
  cowork __complete (math (count $words) - 1) -- $words 2>/dev/null
end
complete -c cowork -f -a '(__cowork_complete)'`;
}
