/**
 * commander's own errors (unknown command, missing argument, bad option) said in cowork's voice:
 * "cowork: Unknown command 'boook'." and a line saying what to do, as every other refusal has.
 * `path` is the command the error belongs to ("cowork book"), for the help it points to.
 */
export function commanderVoice(path: string, subcommands: () => string[] = () => []) {
  return (text: string, write: (text: string) => void) => {
    const { message, suggestion } = commanderWords(text);
    const suggested = suggestion ?? synonymOf(message, subcommands());
    const named = suggested?.split(', ').map((word) => `\`${word.startsWith('-') ? word : `${path} ${word}`}\``).join(' or ');
    const hint = named ? `Did you mean ${named}? See \`${path} --help\`.` : `See \`${path} --help\`.`;
    write(`cowork: ${message}\n  ${hint}\n`);
  };
}

/**
 * The words other tools use for what cowork calls add, rm and list: commander suggests only names
 * spelled alike, and `routine create` is not spelled like `add`.
 */
const SYNONYMS: Record<string, string> = {
  create: 'add', new: 'add', make: 'add',
  remove: 'rm', delete: 'rm', del: 'rm', destroy: 'rm',
  ls: 'list', show: 'list',
};

function synonymOf(message: string, subcommands: string[]): string | undefined {
  const typed = /^Unknown command '(.+)'\.$/.exec(message)?.[1];
  const synonym = typed === undefined ? undefined : SYNONYMS[typed.toLowerCase()];
  return synonym !== undefined && subcommands.includes(synonym) ? synonym : undefined;
}

/** commander's message as a sentence, and the names it suggests instead, if any. */
export function commanderWords(text: string): { message: string; suggestion: string | undefined } {
  const [first = '', ...rest] = text.trim().split('\n');
  const said = first.replace(/^error:\s*/, '')
    .replace(/^command-argument value '(.*)' is invalid for argument '(.*)'\. Allowed choices are (.*)\.$/, '"$1" is not a $2 cowork knows; choose $3.')
    .replace(/^option '(.*)' argument missing$/, '$1 needs a value.');
  const message = `${said.charAt(0).toUpperCase()}${said.slice(1)}`.replace(/([^.!?])$/, '$1.');
  return { message, suggestion: /^\(Did you mean (?:one of )?(.+)\?\)$/.exec(rest.join(' ').trim())?.[1] };
}
