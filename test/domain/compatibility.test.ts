import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { activitiesMatch, brokenClauses, type Activity, type PairingSide } from '../../api/domain/compatibility.js';
import { isLanguageCode, languagesMatch, normalizeLanguages } from '../../api/domain/languages.js';

const side = (userId: string, over: Partial<PairingSide> = {}): PairingSide => ({
  userId, activity: 'anything', quiet: false, languages: [], requestedPartnerId: null, matchWith: 'anyone',
  favorites: new Set(), blocks: new Set(), declined: new Set(), ...over,
});

/** Each clause of SPEC §7, checked with the two sides in both orders: the rule is symmetric. */
function assertBoth(a: PairingSide, b: PairingSide, expected: string[]): void {
  assert.deepEqual(brokenClauses(a, b), expected);
  assert.deepEqual(brokenClauses(b, a), expected);
}

describe('the compatibility rule (SPEC §7)', () => {
  test('two people with default settings are compatible', () => assertBoth(side('a'), side('b'), []));

  test('a person is never compatible with themselves', () => assertBoth(side('a'), side('a'), ['different-people']));

  test('a block on either side makes them incompatible', () => {
    assertBoth(side('a', { blocks: new Set(['b']) }), side('b'), ['not-blocked']);
  });

  test('a decline for this slot on either side makes them incompatible', () => {
    assertBoth(side('a', { declined: new Set(['b']) }), side('b'), ['not-declined']);
  });

  const activityTable: [Activity, Activity, boolean][] = [
    ['desk', 'desk', true], ['desk', 'moving', false], ['desk', 'anything', true],
    ['moving', 'moving', true], ['moving', 'anything', true], ['anything', 'anything', true],
  ];
  for (const [x, y, ok] of activityTable) {
    test(`activity ${x} with ${y} is ${ok ? 'compatible' : 'incompatible'}`, () => {
      assert.equal(activitiesMatch(x, y), ok);
      assertBoth(side('a', { activity: x }), side('b', { activity: y }), ok ? [] : ['activity']);
    });
  }

  test('quiet pairs only with quiet', () => {
    assertBoth(side('a', { quiet: true }), side('b', { quiet: true }), []);
    assertBoth(side('a', { quiet: true }), side('b'), ['quiet']);
  });

  const languageTable: [string[], string[], boolean][] = [
    [[], [], true], [['en'], [], true], [['en', 'de'], [], true], [['en'], ['en'], true],
    [['de', 'en'], ['en', 'fr'], true], [['en'], ['de'], false], [['de', 'fr'], ['en', 'es'], false],
  ];
  for (const [x, y, ok] of languageTable) {
    test(`languages [${x.join(', ')}] with [${y.join(', ')}] are ${ok ? 'compatible' : 'incompatible'}`, () => {
      assert.equal(languagesMatch(x, y), ok);
      assertBoth(side('a', { languages: x }), side('b', { languages: y }), ok ? [] : ['language']);
    });
  }

  test('favourites-only on either side needs the other to be one of their favourites', () => {
    assertBoth(side('a', { matchWith: 'favorites' }), side('b'), ['favorites-only']);
    assertBoth(side('a', { matchWith: 'favorites', favorites: new Set(['b']) }), side('b'), []);
    // Favourites-only on both sides needs both to have marked the other.
    assertBoth(side('a', { matchWith: 'favorites', favorites: new Set(['b']) }), side('b', { matchWith: 'favorites' }), ['favorites-only']);
  });

  test('a session naming a partner is compatible only with that person', () => {
    assertBoth(side('a', { requestedPartnerId: 'c' }), side('b'), ['requested-partner']);
    assertBoth(side('a', { requestedPartnerId: 'b' }), side('b'), []);
    assertBoth(side('a', { requestedPartnerId: 'b' }), side('b', { requestedPartnerId: 'c' }), ['requested-partner']);
  });

  test('every broken clause is named, not just the first', () => {
    assertBoth(side('a', { quiet: true, activity: 'desk', languages: ['de'] }), side('b', { activity: 'moving', languages: ['en'], blocks: new Set(['a']) }), ['not-blocked', 'activity', 'quiet', 'language']);
  });

  test('languages are ISO 639-1 codes, kept lower-case, each once, sorted', () => {
    assert.ok(isLanguageCode('en') && isLanguageCode('zu'));
    assert.ok(!isLanguageCode('xx') && !isLanguageCode('eng') && !isLanguageCode('EN'));
    assert.deepEqual(normalizeLanguages(['EN', 'de', 'en']), ['de', 'en']);
  });
});
