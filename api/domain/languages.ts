/**
 * Spoken languages (SPEC §15): ISO 639-1 codes, at most five per person or booking. Two sessions
 * are compatible only if either names none or they share one (the `language` clause of
 * `compatibility.ts`).
 */
export const MAX_LANGUAGES = 5;

// ISO 639-1 as the Library of Congress keeps it: every two-letter code in force.
const ISO_639_1 = new Set(`
  aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et
  eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk
  kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny
  oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk
  tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu`.trim().split(/\s+/));

export const isLanguageCode = (code: string): boolean => ISO_639_1.has(code);

/** The one form stored and compared: lower case, each code once, sorted. */
export const normalizeLanguages = (codes: readonly string[]): string[] => [...new Set(codes.map((code) => code.toLowerCase()))].sort();

/** Either side naming none accepts anyone; otherwise they must share one. Symmetric. */
export function languagesMatch(a: readonly string[], b: readonly string[]): boolean {
  return a.length === 0 || b.length === 0 || a.some((code) => b.includes(code));
}
