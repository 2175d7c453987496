/**
 * The shell side of completion: each script only hands the line to `cowork __complete <shell>`,
 * which answers from the program itself (first line `words` or `files`, then one candidate a
 * line), so the scripts never need regenerating when commands change. `run` is how the script
 * calls cowork: `cowork`, or its full path when cowork is not on the PATH; `npx` also completes
 * `npx cowork …` lines, for a cowork reachable only through npx.
 */
export interface Wiring {
  run: string;
  npx: boolean;
}

export function bash({ run, npx }: Wiring): string {
  return `# cowork completion for bash: eval "$(cowork completion bash)"
_cowork() {
  local IFS=$'\\n' kind
  local -a reply
  # COMP_LINE, not COMP_WORDS: bash splits COMP_WORDS at every COMP_WORDBREAKS character, ':' too.
  reply=( $(${run} __complete bash -- "\${COMP_LINE:0:COMP_POINT}" "$COMP_WORDBREAKS" 2>/dev/null) )
  kind=\${reply[0]}
  COMPREPLY=( "\${reply[@]:1}" )
  if [ "$kind" = files ]; then COMPREPLY=(); compopt -o default 2>/dev/null; fi
}
complete -F _cowork cowork${npx ? '\ncomplete -F _cowork npx' : ''}`;
}

export function zsh({ run, npx }: Wiring): string {
  return `#compdef cowork
# cowork completion for zsh: eval "$(cowork completion zsh)"
_cowork() {
  local -a lines candidates
  lines=( "\${(@f)$(${run} __complete zsh -- $((CURRENT - 1)) "\${(@Q)words}" 2>/dev/null)}" )
  if [[ \${lines[1]} == files ]]; then _files; return; fi
  candidates=( "\${(@)lines[2,-1]}" )
  (( \${#candidates} )) && _describe -t values cowork candidates
}
(( $+functions[compdef] )) || { autoload -Uz compinit && compinit; }
compdef _cowork cowork${npx ? '\ncompdef _cowork npx' : ''}`;
}

export function fish({ run, npx }: Wiring): string {
  return `# cowork completion for fish: cowork completion fish | source
function __cowork_complete
  set -l words (commandline -opc) (commandline -ct)
  set -l lines (${run} __complete fish -- (math (count $words) - 1) $words 2>/dev/null)
  if test "$lines[1]" = files
    __fish_complete_path (commandline -ct)
    return
  end
  set -e lines[1]
  printf '%s\\n' $lines
end
complete -c cowork -f -a '(__cowork_complete)'${npx ? "\ncomplete -c npx -n '__fish_seen_subcommand_from cowork' -f -a '(__cowork_complete)'" : ''}`;
}
