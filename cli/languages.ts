import { UsageError } from './errors.js';

/**
 * `--languages en,de` / `--language de` as a list of codes; `none` names none (any language).
 * The server checks each code (ISO 639-1, at most five) and names the rule when it refuses.
 */
export function parseLanguages(text: string | undefined, flag: string): string[] | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim().toLowerCase();
  if (trimmed === 'none' || trimmed === '') return [];
  const codes = trimmed.split(',').map((code) => code.trim());
  if (codes.some((code) => code === '')) throw new UsageError(`${flag} takes ISO 639-1 codes separated by commas, such as en,de (or none), not "${text}".`);
  return codes;
}

export const languagesWords = (codes: readonly string[]): string => (codes.length === 0 ? 'any' : codes.join(', '));
