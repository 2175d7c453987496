import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertBookable, assertCancellable, assertInJoinWindow } from '../../api/domain/session-rules.js';
import { Problem } from '../../api/http/problems.js';
import type { Problem as ProblemDocument } from '../../cli/api-types.js';
import { refusalFor } from '../../cli/render/problem.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { runCowork, signedUpPerson } from './run-cowork.js';

/**
 * Every refusal that mentions a time says it once, in words, in the person's zone, and never as an
 * ISO string: first the API's own problem documents rendered by the CLI, then through real processes.
 */
const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const NOW = new Date('2030-01-07T13:55:00Z');
const count = (text: string, part: string) => text.split(part).length - 1;

function problemFrom(rule: () => void): ProblemDocument {
  try {
    rule();
  } catch (error) {
    if (error instanceof Problem) return JSON.parse(JSON.stringify(error)) as ProblemDocument;
    throw error;
  }
  throw new Error('the rule did not refuse');
}

const start = new Date('2030-01-07T16:00:00Z');
const end = new Date('2030-01-07T16:50:00Z');
/** Each refusal with the time it must say, in Berlin and in UTC. */
const cases: { rule: string; problem: ProblemDocument; berlin: string; utc: string }[] = [
  { rule: 'start-in-past', problem: problemFrom(() => assertBookable(new Date('2030-01-06T08:00:00Z'), NOW)), berlin: 'Sun 6 Jan, 09:00', utc: 'Sun 6 Jan, 08:00' },
  { rule: 'start-in-past (earliest start)', problem: problemFrom(() => assertBookable(new Date('2030-01-06T08:00:00Z'), NOW)), berlin: 'Mon 7 Jan, 15:00', utc: 'Mon 7 Jan, 14:00' },
  { rule: 'start-too-far', problem: problemFrom(() => assertBookable(new Date('2030-06-01T08:00:00Z'), NOW)), berlin: 'Mon 8 Apr, 15:45', utc: 'Mon 8 Apr, 13:45' },
  { rule: 'session-started', problem: problemFrom(() => assertCancellable(new Date('2030-01-07T13:45:00Z'), NOW)), berlin: 'Mon 7 Jan, 14:45', utc: 'Mon 7 Jan, 13:45' },
  { rule: 'join-window-not-open', problem: problemFrom(() => assertInJoinWindow(start, end, NOW)), berlin: 'Mon 7 Jan, 16:50', utc: 'Mon 7 Jan, 15:50' },
  {
    rule: 'session-overlap',
    problem: { type: 'urn:cowork:problem:session-overlap', status: 409, detail: `This booking overlaps your session abc (${start.toISOString()} to ${end.toISOString()}).`, conflictingSession: { id: 'abc', start: start.toISOString(), end: end.toISOString() } },
    berlin: 'Mon 7 Jan, 17:00–17:50', utc: 'Mon 7 Jan, 16:00–16:50',
  },
  {
    rule: 'too-many-login-attempts',
    problem: { type: 'urn:cowork:problem:too-many-login-attempts', status: 429, detail: 'Too many wrong passwords for this email; try again after 2030-01-07T14:10:00.000Z.', retryAt: '2030-01-07T14:10:00.000Z' },
    berlin: 'Mon 7 Jan, 15:10', utc: 'Mon 7 Jan, 14:10',
  },
  {
    rule: 'low-score-limit',
    problem: { type: 'urn:cowork:problem:low-score-limit', status: 409, detail: 'Your attendance score is 75 %…', score: 0.75, maxUpcoming: 3, retryAt: '2030-01-07T16:50:00.000Z' },
    berlin: 'Mon 7 Jan, 17:50', utc: 'Mon 7 Jan, 16:50',
  },
  {
    rule: 'report-window (not started)',
    problem: { type: 'urn:cowork:problem:report-window', status: 409, detail: 'x', opensAt: start.toISOString(), closesAt: '2030-01-09T16:50:00.000Z' },
    berlin: 'Mon 7 Jan, 17:00', utc: 'Mon 7 Jan, 16:00',
  },
  {
    rule: 'report-window (closed)',
    problem: { type: 'urn:cowork:problem:report-window', status: 409, detail: 'x', opensAt: '2030-01-04T10:00:00.000Z', closesAt: '2030-01-06T10:50:00.000Z' },
    berlin: 'Sun 6 Jan, 11:50', utc: 'Sun 6 Jan, 10:50',
  },
  {
    rule: 'a problem this CLI has no wording for',
    problem: { type: 'urn:cowork:problem:something-new', status: 409, detail: 'Not before 2030-01-07T18:00:00Z.' },
    berlin: 'Mon 7 Jan, 19:00', utc: 'Mon 7 Jan, 18:00',
  },
];

describe('refusals that mention a time', () => {
  for (const { rule, problem, berlin, utc } of cases) {
    for (const [timeZone, expected] of [['Europe/Berlin', berlin], ['UTC', utc]] as const) {
      test(`${rule} in ${timeZone} says ${expected} once and no ISO time`, () => {
        const refusal = refusalFor(problem, { now: NOW, timeZone, locale: 'en-GB' });
        const said = `${refusal.message}\n${refusal.hint ?? ''}`;
        assert.doesNotMatch(said, ISO);
        assert.equal(count(said, expected), 1, said);
      });
    }
  }
});

describe('refusals through the real command', () => {
  const COWORK_NOW = { COWORK_NOW: NOW.toISOString() };
  let server: ServerProcess;
  before(async () => {
    server = await startServerProcess({ env: COWORK_NOW });
  });
  after(() => server.stop());

  const lines: [string, (tz: string) => string[], Record<string, string>, RegExp][] = [
    ['a start in the past', () => ['book', '25m', 'yesterday', '9:00'], { 'Europe/Berlin': 'Sun 6 Jan, 09:00', UTC: 'Sun 6 Jan, 09:00' }, /has already begun/],
    ['a start past 13 weeks', () => ['book', '50m', '2030-06-03T10:00Z'], { 'Europe/Berlin': 'Mon 8 Apr, 15:45', UTC: 'Mon 8 Apr, 13:45' }, /at most 13 weeks ahead/],
  ];
  for (const timeZone of ['Europe/Berlin', 'UTC']) {
    for (const [what, args, expected, reason] of lines) {
      test(`${what} in ${timeZone}: the date in words once, no ISO string in stderr`, async () => {
        const ada = await signedUpPerson(server.url, 'Ada', { ...COWORK_NOW, TZ: timeZone });
        const result = await runCowork(ada, args(timeZone));
        assert.equal(result.code, 2, result.stderr);
        assert.match(result.stderr, reason);
        assert.doesNotMatch(result.stderr, ISO);
        assert.equal(count(result.stderr, expected[timeZone]!), 1, result.stderr);
      });
    }

    test(`an overlap in ${timeZone} names the session once, in words`, async () => {
      const ada = await signedUpPerson(server.url, 'Ada', { ...COWORK_NOW, TZ: timeZone });
      await runCowork(ada, ['book', '50m', '20:00']);
      const result = await runCowork(ada, ['book', '25m', '20:15']);
      assert.equal(result.code, 3);
      assert.doesNotMatch(result.stderr, ISO);
      assert.equal(count(result.stderr, 'Mon 7 Jan, 20:00–20:50'), 1, result.stderr);
      assert.match(result.stderr, /cowork cancel [0-9a-f]{24}/);
    });

    test(`next before the join window in ${timeZone} says the window's date in words`, async () => {
      const ada = await signedUpPerson(server.url, 'Ada', { ...COWORK_NOW, TZ: timeZone });
      await runCowork(ada, ['book', '50m', 'tomorrow', '9:00']);
      const result = await runCowork(ada, ['next', '--no-open']);
      assert.equal(result.code, 3);
      assert.doesNotMatch(result.stderr, ISO);
      assert.match(result.stderr, /The join window opens Tue 8 Jan, 08:50 \(in \d+ h( \d+ min)?\)\./);
    });
  }
});
