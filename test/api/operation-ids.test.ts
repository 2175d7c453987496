import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { createApp } from '../../api/app.js';
import { Database } from '../../api/storage/engine/database.js';

/**
 * Every route the app answers is an operation of /openapi.json with a stable camelCase
 * operationId (unique), exactly one tag, and a `security` of its own: `[]` when public (SPEC §13).
 * Routes come from the app itself, so one added without defineRoute's declaration is caught too.
 */
interface Operation { operationId?: string; tags?: string[]; security?: unknown[] }
let dir: string;
let db: Database;
let app: ReturnType<typeof createApp>;
let document: { paths: Record<string, Record<string, Operation>> };

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cowork-operations-'));
  db = await Database.open({ url: pathToFileURL(join(dir, 'cowork.db')).href });
  app = createApp({ db, clock: { now: () => new Date('2030-01-07T10:00:00Z') }, publicUrl: 'http://127.0.0.1:8787' });
  document = (await (await app.request('/openapi.json')).json()) as typeof document;
});
after(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const answered = () =>
  [...new Set(app.routes.filter((route) => route.method !== 'ALL').map((route) => `${route.method} ${route.path.replaceAll(/:(\w+)/g, '{$1}')}`))];

test('every route the app answers is in /openapi.json with a camelCase operationId and one tag', () => {
  const routes = answered();
  assert.ok(routes.length > 50, `only ${routes.length} routes found`);
  const lacking = routes.filter((route) => {
    const [method, path] = route.split(' ') as [string, string];
    const operation = document.paths[path]?.[method.toLowerCase()];
    return !operation || !/^[a-z][a-zA-Z0-9]*$/.test(operation.operationId ?? '') || operation.tags?.length !== 1 || !Array.isArray(operation.security);
  });
  assert.deepEqual(lacking, []);
});

test('no two operations share an operationId, and the public ones say security: []', () => {
  const operations = Object.values(document.paths).flatMap((item) => Object.values(item));
  const ids = operations.map((operation) => operation.operationId);
  assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), []);
  const publicIds = operations.filter((operation) => operation.security?.length === 0).map((operation) => operation.operationId).sort();
  assert.deepEqual(publicIds, ['checkHealth', 'confirmPasswordReset', 'getCallPage', 'getCallPageAsset', 'getOpenApiDocument', 'getServerSettings', 'logIn', 'readCalendarFeed', 'requestPasswordReset', 'showMailUnsubscribe', 'signUp', 'unsubscribeMail']);
});
