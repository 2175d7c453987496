import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createApp } from '../../api/app.js';
import { callPageAssets } from '../../api/call/call-assets.js';
import { createHarness, type Harness } from '../api/harness.js';

/** The call page's files are a fixed set read at start-up (issue 8 finding 1). */
describe('GET /call/assets/{file}', () => {
  let h: Harness;
  let app: ReturnType<typeof createApp>;
  before(async () => {
    h = await createHarness();
    app = createApp({ db: h.db, clock: h.clock });
  });
  after(() => h.close());

  test('serves a known file from memory with an ETag, and 304 when the browser already has it', async () => {
    const first = await app.request('/call/assets/main.js');
    assert.equal(first.status, 200);
    const etag = first.headers.get('etag');
    assert.match(etag ?? '', /^"[\w-]+"$/);
    assert.equal(first.headers.get('cache-control'), 'no-cache');
    const again = await app.request('/call/assets/main.js', { headers: { 'if-none-match': etag! } });
    assert.equal(again.status, 304);
    assert.equal(await again.text(), '');
  });

  test('an unknown name is a plain 404 problem and the set of files does not change', async () => {
    const before = [...(await callPageAssets()).files.keys()];
    assert.ok(before.includes('main.js') && before.includes('call-page.css'), before.join(', '));
    const response = await app.request(`/call/assets/${'n'.repeat(8_000)}.js`);
    assert.equal(response.status, 404);
    assert.equal(response.headers.get('content-type'), 'application/problem+json');
    assert.deepEqual([...(await callPageAssets()).files.keys()], before);
  });
});
