import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Partner, Session, User } from '../../cli/api-types.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { runCowork, signedUpPerson, type CoworkEnv } from './run-cowork.js';

/**
 * The matching commands (SPEC §7) through the real bin/cowork against a real server. Clocks stand
 * at Monday 7 Jan 2030, 14:55 in Berlin (COWORK_NOW); each test books its own slots.
 */
const NOW = { COWORK_NOW: '2030-01-07T13:55:00Z' };
let server: ServerProcess;
before(async () => {
  server = await startServerProcess({ env: NOW, checkContract: true });
});
after(() => server.stop());

const newPerson = (name: string) => signedUpPerson(server.url, name, NOW);
const jsonOf = async <T>(who: CoworkEnv, args: string[]): Promise<T> => {
  const result = await runCowork(who, [...args, '--json']);
  assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
};
/** Pairs two people once on a slot of their own, so each is the other's partner. */
const meet = async (a: CoworkEnv, b: CoworkEnv, when: string) => {
  await jsonOf(a, ['book', '25m', ...when.split(' ')]);
  const session = await jsonOf<Session>(b, ['book', '25m', ...when.split(' ')]);
  assert.equal(session.status, 'matched');
};

describe('matching from the terminal', () => {
  test('book --activity --quiet sets them on the session; settings change the defaults', async () => {
    const ada = await newPerson('Ada');
    const session = await jsonOf<Session>(ada, ['book', '50m', 'tue 8:00', '--activity', 'moving', '--quiet']);
    assert.deepEqual([session.activity, session.quiet], ['moving', true]);
    const user = await jsonOf<User>(ada, ['settings', '--match-with', 'favorites', '--activity', 'desk', '--quiet']);
    assert.deepEqual([user.matchWith, user.activity, user.quiet], ['favorites', 'desk', true]);
    const shown = await runCowork(ada, ['settings']);
    assert.match(shown.stdout, /match with +favourites only\nactivity +desk\nquiet +yes/);
    const overridden = await jsonOf<Session>(ada, ['book', '50m', 'tue 10:00', '--no-quiet']);
    assert.deepEqual([overridden.activity, overridden.quiet], ['desk', false]);
    const bad = await runCowork(ada, ['book', '50m', 'tue 12:00', '--activity', 'running']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--activity must be desk, moving or anything/);
  });

  test('settings --languages sets the default, book --language overrides it, and a bad code is refused naming the rule', async () => {
    const ada = await newPerson('Ada');
    const user = await jsonOf<User>(ada, ['settings', '--languages', 'EN,de']);
    assert.deepEqual(user.languages, ['de', 'en']);
    assert.match((await runCowork(ada, ['settings'])).stdout, /languages +de, en/);
    const defaulted = await jsonOf<Session>(ada, ['book', '50m', 'thu 8:00']);
    assert.deepEqual(defaulted.languages, ['de', 'en']);
    const own = await jsonOf<Session>(ada, ['book', '50m', 'thu 10:00', '--language', 'fr']);
    assert.deepEqual(own.languages, ['fr']);
    assert.deepEqual((await jsonOf<Session>(ada, ['book', '50m', 'thu 12:00', '--language', 'none'])).languages, []);
    const bad = await runCowork(ada, ['settings', '--languages', 'en,xx']);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /"xx" is not an ISO 639-1 code/);
    const many = await runCowork(ada, ['book', '50m', 'thu 14:00', '--language', 'en,de,fr,es,it,pt']);
    assert.match(many.stderr, /at most 5 languages/);
    const bo = await newPerson('Bo');
    await jsonOf<Session>(bo, ['book', '50m', 'fri 8:00', '--language', 'de']);
    const starts = async (language: string) => (await jsonOf<{ start: string }[]>(ada, ['slots', 'fri', '7:00', '--language', language])).map((slot) => slot.start);
    assert.deepEqual(await starts('de'), ['2030-01-11T07:00:00.000Z']);
    assert.deepEqual(await starts('fr'), [], 'nobody waiting there speaks French');
  });

  // book --with, which needs a partner of a session that has begun, is in book-with.test.ts.
  test('fav and block take a partner by name as shown, or by id', async () => {
    const [ada, bo] = [await newPerson('Ada'), await newPerson('Bo')];
    await meet(ada, bo, 'wed 8:00');
    const added = await runCowork(ada, ['fav', 'bo']);
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stderr, /Bo is a favourite/);
    const favorites = await jsonOf<{ name: string }[]>(ada, ['fav']);
    assert.deepEqual(favorites.map((f) => f.name), ['Bo']);
    assert.equal((await runCowork(ada, ['fav', 'rm', 'Bo'])).code, 0);
    assert.deepEqual(await jsonOf(ada, ['fav']), []);
    assert.equal((await runCowork(ada, ['block', 'Bo'])).code, 0);
    const partners = await jsonOf<Partner[]>(ada, ['partners']);
    assert.deepEqual(partners.map((p) => [p.name, p.favorite, p.blocked]), [['Bo', false, true]]);
    assert.equal((await runCowork(ada, ['unblock', partners[0]!.id])).code, 0);
    assert.deepEqual(await jsonOf(ada, ['block']), []);
  });

  test('fav Ben then block Ben: partners shows Ben ⊘ and not ★, fav no longer lists Ben, and fav Ben is refused until unblocked', async () => {
    const [ada, ben] = [await newPerson('Ada'), await newPerson('Ben')];
    await meet(ada, ben, 'thu 7:00');
    assert.equal((await runCowork(ada, ['fav', 'Ben'])).code, 0);
    const blocked = await runCowork(ada, ['block', 'Ben']);
    assert.equal(blocked.code, 0, blocked.stderr);
    const table = await runCowork(ada, ['partners']);
    assert.match(table.stdout, /^Ben ⊘ {2}last /m);
    assert.doesNotMatch(table.stdout, /★/);
    assert.deepEqual(await jsonOf<unknown[]>(ada, ['fav']), []);
    const listed = await runCowork(ada, ['fav']);
    assert.doesNotMatch(listed.stdout, /Ben/);
    const again = await runCowork(ada, ['fav', 'Ben']);
    assert.equal(again.code, 3);
    assert.match(again.stderr, /You blocked Ben: someone blocked cannot be a favourite[\s\S]*cowork unblock/);
  });

  test('a name two partners share exits 2 listing both with their ids; an unknown name exits 2, a stranger\'s id 3', async () => {
    const [ada, sam1, sam2, stranger] = [await newPerson('Ada'), await newPerson('Sam'), await newPerson('Sam'), await newPerson('Stranger')];
    await meet(ada, sam1, 'thu 8:00');
    await meet(ada, sam2, 'thu 9:00');
    const ambiguous = await runCowork(ada, ['fav', 'Sam']);
    assert.equal(ambiguous.code, 2);
    const partners = await jsonOf<Partner[]>(ada, ['partners']);
    for (const sam of partners) assert.ok(ambiguous.stderr.includes(sam.id), `lists ${sam.id}`);
    assert.match(ambiguous.stderr, /2 partners are named Sam/);
    const unknown = await runCowork(ada, ['block', 'Nobody']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no partner named "Nobody"/);
    const me = await jsonOf<User>(stranger, ['whoami']);
    const notPartner = await runCowork(ada, ['fav', 'add', me.id]);
    assert.equal(notPartner.code, 3);
  });

  test('decline next leaves the match without penalty and keeps the session booked', async () => {
    const [ada, bo] = [await newPerson('Ada'), await newPerson('Bo')];
    await jsonOf(ada, ['book', '50m', '17:00']);
    await jsonOf(bo, ['book', '50m', '17:00']);
    const result = await runCowork(ada, ['decline', 'next', '--json']);
    assert.equal(result.code, 0, result.stderr);
    const session = JSON.parse(result.stdout) as Session;
    assert.deepEqual([session.status, session.partner], ['waiting', null]);
    assert.match(result.stderr, /left the match with Bo.*nothing counts against you/);
  });

  test('slots prints one line per start with favourites marked; book without a partner names nearby starts', async () => {
    const [ada, bo, cy] = [await newPerson('Ada'), await newPerson('Bo'), await newPerson('Cy')];
    await meet(ada, bo, 'fri 8:00');
    await runCowork(ada, ['fav', 'Bo']);
    await jsonOf(bo, ['book', '50m', 'sat 16:15']);
    await jsonOf(cy, ['book', '25m', 'sat 16:45']);
    const lines = await runCowork(ada, ['slots', 'sat', '15:00']);
    assert.equal(lines.code, 0, lines.stderr);
    assert.equal(lines.stdout, 'Sat 12 Jan, 16:15 · 50 min · 1 waiting · Bo ★\nSat 12 Jan, 16:45 · 25 min · 1 waiting\n');
    assert.ok(!lines.stdout.includes('Cy'), 'a non-favourite is never named');
    const booked = await runCowork(ada, ['book', '50m', 'sat', '16:00']);
    assert.equal(booked.code, 0, booked.stderr);
    assert.match(booked.stderr, /Nobody compatible is waiting at this start yet\. Someone is at: 16:15 \(1 waiting · Bo ★\)/);
  });

  test('book --quiet names only nearby starts where someone quiet waits, and slots leaves out starts you cannot book: the slot you hold and those overlapping it', async () => {
    const [ada, bo, cy, dee, eve] = [await newPerson('Ada'), await newPerson('Bo'), await newPerson('Cy'), await newPerson('Dee'), await newPerson('Eve')];
    await jsonOf(bo, ['book', '50m', 'sun', '9:30']);
    await jsonOf(eve, ['book', '50m', 'sun', '12:00']);
    await jsonOf(cy, ['book', '50m', 'sun', '11:00', '--quiet']);
    await jsonOf(dee, ['book', '50m', 'sun', '10:00']);
    const booked = await runCowork(ada, ['book', '50m', 'sun', '10:00', '--quiet']);
    assert.equal(booked.code, 0, booked.stderr);
    assert.match(booked.stderr, /Nobody compatible is waiting at this start yet\. Someone is at: 11:00 \(1 waiting\)\.\n/);
    assert.doesNotMatch(booked.stderr, /09:30|10:00 \(/);
    const listed = await runCowork(ada, ['slots', 'sun', '9:00', '--duration', '50']);
    assert.equal(listed.code, 0, listed.stderr);
    // Bo (09:30) overlaps Ada's session and Dee (10:00) waits at it; Cy (11:00) is quiet, and Ada by default is not.
    assert.equal(listed.stdout, 'Sun 13 Jan, 12:00 · 50 min · 1 waiting\n');
  });
});
