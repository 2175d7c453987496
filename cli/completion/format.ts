import type { Candidate, Offer } from './candidates.js';
import { afterWordBreak } from './line.js';

export type Shell = 'bash' | 'zsh' | 'fish';

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * The answer of `cowork __complete` in the shell's own form: a first line `files` (let the shell
 * complete file names) or `words`, then one candidate a line. bash shows no descriptions and
 * replaces only what follows the last word break of the current word; zsh's `_describe` reads
 * `word:description` (a colon in the word escaped); fish reads `word<TAB>description`.
 */
export function formatOffer(shell: Shell, offer: Offer, current: string, wordBreaks = ''): string {
  if (offer.files) return 'files';
  const line = (candidate: Candidate): string => {
    const description = candidate.description ? oneLine(candidate.description) : '';
    if (shell === 'bash') return afterWordBreak(current, candidate.word, wordBreaks);
    if (shell === 'zsh') return description ? `${candidate.word.replace(/[\\:]/g, '\\$&')}:${description}` : candidate.word.replace(/[\\:]/g, '\\$&');
    return description ? `${candidate.word}\t${description}` : candidate.word;
  };
  return ['words', ...offer.candidates.map(line)].join('\n');
}
