import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Session } from '../../cli/api-types.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { restartLater, runCowork, signedUpPerson, type CoworkEnv } from './run-cowork.js';

/**
 * Once it is too late to cancel or decline, each says what can still be done instead of pointing
 * to the other. Booked with both clocks at 14:55 Berlin (13:55Z); then the server restarts on the
 * same database at 15:07 Berlin, when Ada and Bo's 15:00 match has begun, Cy and Dee's 15:15 match
 * has its join window open, and Eve's 15:00 session has begun with nobody paired.
 */
const BOOKED_AT = { COWORK_NOW: '2030-01-07T13:55:00Z' };
const LATER = { COWORK_NOW: '2030-01-07T14:07:00Z' };
let dir: string;
let server: ServerProcess;
const people: Record<string, CoworkEnv> = {};

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cowork-too-late-'));
  const dbPath = join(dir, 'cowork.db');
  const booking = await startServerProcess({ dbPath, env: BOOKED_AT });
  for (const [name, duration, when] of [['Ada', '25m', '15:00'], ['Bo', '25m', '15:00'], ['Cy', '25m', '15:15'], ['Dee', '25m', '15:15'], ['Eve', '50m', '15:00']] as const) {
    const who = await signedUpPerson(booking.url, name, BOOKED_AT);
    const booked = await runCowork(who, ['book', duration, when]);
    assert.equal(booked.code, 0, booked.stderr);
    people[name] = who;
  }
  server = await restartLater(booking, Object.values(people), LATER);
});
after(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const statusOf = async (who: CoworkEnv) => (JSON.parse((await runCowork(who, ['list', '--json'])).stdout) as Session[])[0]?.status;

describe('after the start, cancel and decline say what can still be done', () => {
  test('a match that has begun: cancel and decline each say join, stay away or let the page rematch, and neither sends you to the other', async () => {
    for (const args of [['cancel', 'next', '--yes'], ['decline', 'next']]) {
      const refused = await runCowork(people.Ada!, args);
      assert.equal(refused.code, 3, `${args[0]}: ${refused.stderr}`);
      assert.match(refused.stderr, /Your session with Bo, Mon 7 Jan, 15:00–15:25 \(started 7 min ago\), can no longer be cancelled or declined\./);
      assert.match(refused.stderr, /Join with `cowork next`, or stay away/);
      assert.match(refused.stderr, /call page pairs you with someone else from 5 minutes after the start/);
      assert.doesNotMatch(refused.stderr, /cowork cancel|cancel .*instead|only a session that has not started/);
    }
    assert.equal(await statusOf(people.Ada!), 'matched');
  });

  test('a match whose join window is open: decline points to cancel, and cancel then works', async () => {
    const declined = await runCowork(people.Cy!, ['decline', 'next']);
    assert.equal(declined.code, 3, declined.stderr);
    assert.match(declined.stderr, /a match can be declined only until 10 minutes before the start/);
    assert.match(declined.stderr, /You can still cancel it, as a late cancel: `cowork cancel [0-9a-z]+`/);
    const cancelled = await runCowork(people.Cy!, ['cancel', 'next', '--yes']);
    assert.equal(cancelled.code, 0, cancelled.stderr);
    assert.match(cancelled.stderr, /late cancel/);
  });

  test('a session that began with nobody paired: cancel says not joining counts for nothing', async () => {
    const refused = await runCowork(people.Eve!, ['cancel', 'next', '--yes']);
    assert.equal(refused.code, 3, refused.stderr);
    assert.match(refused.stderr, /Your session Mon 7 Jan, 15:00–15:50 \(started 7 min ago\) can no longer be cancelled or declined\./);
    assert.match(refused.stderr, /just not joining counts for nothing/);
  });
});
