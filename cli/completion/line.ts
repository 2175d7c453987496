/**
 * The words of a command line as the shell will hand them to cowork: split at unquoted blanks,
 * quotes and backslashes removed. bash's own COMP_WORDS also splits at every character of
 * COMP_WORDBREAKS (`:` and `=` among them), which tears `--server http://host:8787` or `14:30`
 * into pieces; completion reads COMP_LINE through this instead. A line ending in a blank ends
 * with an empty word: the one the cursor is on.
 */
export function wordsOfLine(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let started = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (quote) {
      if (char === quote) quote = undefined;
      else if (char === '\\' && quote === '"' && i + 1 < line.length) word += line[++i];
      else word += char;
    } else if (char === ' ' || char === '\t' || char === '\n') {
      if (started) words.push(word);
      word = '';
      started = false;
    } else {
      started = true;
      if (char === '"' || char === "'") quote = char;
      else if (char === '\\' && i + 1 < line.length) word += line[++i];
      else word += char;
    }
  }
  words.push(word);
  return words;
}

/**
 * What bash will replace with a candidate: only the end of the current word after its last
 * word-break character. Each candidate loses the part before it, as bash-completion's
 * `__ltrim_colon_completions` does, so that `14:3` TAB gives `14:30`, not `14:14:30`.
 */
export function afterWordBreak(current: string, candidate: string, wordBreaks: string): string {
  let cut = 0;
  for (let i = 0; i < current.length; i++) if (wordBreaks.includes(current[i]!) && !/\s/.test(current[i]!)) cut = i + 1;
  return candidate.slice(cut);
}
