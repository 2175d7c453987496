import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { person, runCowork, signedUpPerson, type CoworkEnv, type CoworkResult } from './run-cowork.js';

/**
 * `--json` on a failing command prints one JSON document on stdout, as on success (SPEC §13): the
 * API's problem document as it came, or the CLI's own failure in the same shape. The words for
 * people still go to stderr, and the exit code still says the kind.
 */
const NOW = { COWORK_NOW: '2030-01-07T13:55:00Z' };
let server: ServerProcess;
let ada: CoworkEnv;
before(async () => {
  server = await startServerProcess({ env: NOW });
  ada = await signedUpPerson(server.url, 'Ada', NOW);
});
after(() => server.stop());

/** The one document on stdout (JSON.parse fails on none, or on two). */
function documentOf(result: CoworkResult): Record<string, any> {
  assert.notEqual(result.stdout.trim(), '', `nothing on stdout; stderr: ${result.stderr}`);
  return JSON.parse(result.stdout) as Record<string, any>;
}

describe('--json on failure', () => {
  test('a refusal of the API prints its problem document, fields and all', async () => {
    assert.equal((await runCowork(ada, ['book', '50m', '16:00', '--json'])).code, 0);
    const result = await runCowork(ada, ['book', '25m', '16:15', '--json']);
    assert.equal(result.code, 3);
    const problem = documentOf(result);
    assert.equal(problem.type, 'urn:cowork:problem:session-overlap');
    assert.equal(problem.status, 409);
    assert.ok(problem.conflictingSession?.id);
    assert.match(result.stderr, /^cowork: /);
  });

  test('a token the server refuses prints its 401 document', async () => {
    const result = await runCowork(person(server.url, { ...NOW, COWORK_TOKEN: 'forged' }), ['list', '--json']);
    assert.equal(result.code, 4);
    assert.equal(documentOf(result).type, 'urn:cowork:problem:unauthorized');
  });

  test('the CLI\'s own failures print a document of the same shape, status as the API would say it', async () => {
    const cases: [string, CoworkEnv, string[], number, string, number][] = [
      ['not logged in', person(server.url, NOW), ['list', '--json'], 4, 'cli-not-logged-in', 401],
      ['no server', person('http://127.0.0.1:9', { ...NOW, COWORK_TOKEN: 'any' }), ['list', '--json'], 5, 'cli-unreachable', 503],
      ['a time off the quarter hour', ada, ['book', '50m', '14:07', '--json'], 2, 'cli-usage', 400],
      ['a missing argument', ada, ['book', '--json'], 2, 'cli-usage', 400],
    ];
    for (const [name, who, args, exitCode, slug, status] of cases) {
      const result = await runCowork(who, args);
      assert.equal(result.code, exitCode, name);
      const problem = documentOf(result);
      assert.deepEqual(Object.keys(problem).sort(), ['detail', 'status', 'title', 'type'], name);
      assert.equal(problem.type, `urn:cowork:problem:${slug}`, name);
      assert.equal(problem.status, status, name);
      assert.ok(result.stderr.includes(problem.detail), `${name}: the detail is the words said on stderr`);
    }
  });

  test('without --json stdout stays empty on failure', async () => {
    const result = await runCowork(person(server.url, NOW), ['list']);
    assert.equal(result.code, 4);
    assert.equal(result.stdout, '');
  });
});
