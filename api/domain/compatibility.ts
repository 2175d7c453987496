import { languagesMatch } from './languages.js';

/**
 * Who may be paired with whom (SPEC §7), as a pure rule. `storage/pairing.ts` runs the same
 * clauses as SQL inside the write transaction; tests check the SQL's pairs against this function.
 */
export const ACTIVITIES = ['desk', 'moving', 'anything'] as const;
export type Activity = (typeof ACTIVITIES)[number];

export const MATCH_WITH = ['anyone', 'favorites'] as const;
export type MatchWith = (typeof MATCH_WITH)[number];

/** A person's defaults, used for a booking that does not set its own. */
export interface MatchSettings {
  matchWith: MatchWith;
  activity: Activity;
  quiet: boolean;
  /** ISO 639-1 codes (SPEC §15); none: any language. */
  languages: string[];
}

export const DEFAULT_SETTINGS: MatchSettings = { matchWith: 'anyone', activity: 'anything', quiet: false, languages: [] };

/**
 * One waiting session of a slot, seen with what its owner has decided about others.
 * `activity`, `quiet`, `languages` and `requestedPartnerId` are fixed at booking; the rest is read at pairing time.
 */
export interface PairingSide {
  userId: string;
  activity: Activity;
  quiet: boolean;
  /** The languages the session may be held in; empty: any. */
  languages: readonly string[];
  requestedPartnerId: string | null;
  matchWith: MatchWith;
  favorites: ReadonlySet<string>;
  blocks: ReadonlySet<string>;
  /** People this person declined for this very slot (start and duration). */
  declined: ReadonlySet<string>;
}

/** The clauses of §7 and §15, each named so a test or a problem document can say which one failed. */
export type Clause = 'different-people' | 'not-blocked' | 'not-declined' | 'activity' | 'quiet' | 'language' | 'favorites-only' | 'requested-partner';

export function activitiesMatch(a: Activity, b: Activity): boolean {
  return a === b || a === 'anything' || b === 'anything';
}

/** Every clause the two sessions break; empty when they are compatible. Symmetric in a and b. */
export function brokenClauses(a: PairingSide, b: PairingSide): Clause[] {
  const broken: Clause[] = [];
  if (a.userId === b.userId) broken.push('different-people');
  if (a.blocks.has(b.userId) || b.blocks.has(a.userId)) broken.push('not-blocked');
  if (a.declined.has(b.userId) || b.declined.has(a.userId)) broken.push('not-declined');
  if (!activitiesMatch(a.activity, b.activity)) broken.push('activity');
  if (a.quiet !== b.quiet) broken.push('quiet');
  if (!languagesMatch(a.languages, b.languages)) broken.push('language');
  const acceptsFavoritesOnly = (side: PairingSide, other: PairingSide) => side.matchWith === 'anyone' || side.favorites.has(other.userId);
  if (!acceptsFavoritesOnly(a, b) || !acceptsFavoritesOnly(b, a)) broken.push('favorites-only');
  const namesOnly = (side: PairingSide, other: PairingSide) => side.requestedPartnerId === null || side.requestedPartnerId === other.userId;
  if (!namesOnly(a, b) || !namesOnly(b, a)) broken.push('requested-partner');
  return broken;
}

export const areCompatible = (a: PairingSide, b: PairingSide) => brokenClauses(a, b).length === 0;
