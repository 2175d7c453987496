import { UsageError } from '../errors.js';
import { printLine } from '../output.js';

/** Static completion scripts for the commands and their flags (`cowork completion bash`). */
const COMMANDS: Record<string, string[]> = {
  serve: ['--port', '--host', '--db'],
  signup: ['--name', '--email', '--password-stdin', '--json'],
  login: ['--email', '--password-stdin', '--json'],
  logout: [],
  whoami: ['--json'],
  book: ['--task', '--json'],
  list: ['--all', '--json'],
  next: ['--no-open', '--wait', '--json'],
  cancel: ['--yes', '--json'],
  task: ['--json'],
  config: ['get', 'set', 'server', 'token'],
  completion: ['bash', 'zsh', 'fish'],
};
const GLOBAL = ['--server', '--no-color', '--debug', '--help'];
const names = Object.keys(COMMANDS).join(' ');

function bash(): string {
  const cases = Object.entries(COMMANDS).map(([name, flags]) => `    ${name}) words="${[...flags, ...GLOBAL].join(' ')}" ;;`).join('\n');
  return `# cowork completion for bash: eval "$(cowork completion bash)"
_cowork() {
  local cur=\${COMP_WORDS[COMP_CWORD]} words
  if [ "$COMP_CWORD" -eq 1 ]; then words="${names} --version --help"; else
  case "\${COMP_WORDS[1]}" in
${cases}
    *) words="" ;;
  esac; fi
  COMPREPLY=( $(compgen -W "$words" -- "$cur") )
}
complete -F _cowork cowork`;
}

function zsh(): string {
  return `#compdef cowork
# cowork completion for zsh: eval "$(cowork completion zsh)"
autoload -U bashcompinit && bashcompinit
${bash()}`;
}

function fish(): string {
  const lines = [`# cowork completion for fish: cowork completion fish | source`, `complete -c cowork -f -n __fish_use_subcommand -a "${names}"`];
  for (const [name, flags] of Object.entries(COMMANDS)) {
    for (const flag of flags) {
      lines.push(flag.startsWith('--')
        ? `complete -c cowork -f -n "__fish_seen_subcommand_from ${name}" -l ${flag.slice(2)}`
        : `complete -c cowork -f -n "__fish_seen_subcommand_from ${name}" -a ${flag}`);
    }
  }
  return lines.join('\n');
}

export async function completion(shell: string): Promise<void> {
  const scripts: Record<string, () => string> = { bash, zsh, fish };
  const script = scripts[shell];
  if (!script) throw new UsageError(`No completion for "${shell}".`, 'Choose bash, zsh or fish.');
  printLine(script());
}
