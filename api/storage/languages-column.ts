/**
 * How `users.languages` and `sessions.languages` hold ISO 639-1 codes (migration v19): the JSON
 * text of the normalized list (domain/languages.ts), '[]' for none. Every code is two letters, so
 * code k sits at a fixed place, `"xx"` starting at character 2 + 5k: `["de","en"]`.
 */
export const languagesColumn = (codes: readonly string[]): string => JSON.stringify(codes);

export function languagesOf(value: unknown): string[] {
  if (typeof value !== 'string') return [];
  const parsed: unknown = JSON.parse(value);
  return Array.isArray(parsed) ? parsed.map(String) : [];
}

/** SQL for the k-th code (from 0) of a column holding `languagesColumn` text: whether it has one, and that code in quotes. */
export const languageCodeAt = (column: string, k: number) => ({
  present: `length(${column}) >= ${6 + 5 * k}`,
  quoted: `substr(${column}, ${2 + 5 * k}, 4)`,
});
