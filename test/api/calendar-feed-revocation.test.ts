import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deleteAccount } from '../../api/storage/accounts.js';
import { suspend } from '../../api/storage/moderation.js';
import { createHarness, json, type Harness } from './harness.js';

/**
 * The calendar feed's URL is a credential like a token (whoever holds it reads the person's
 * sessions): it stops answering whenever the tokens are revoked, not only when it is revoked itself.
 */
const PASSWORD = 'correct horse battery';

async function feedPath(h: Harness, token: string): Promise<string> {
  const response = await h.request('GET', '/v1/me/calendar', { token });
  assert.equal(response.status, 200);
  return new URL((await json(response)).url).pathname;
}

const feedStatus = async (h: Harness, path: string) => (await h.request('GET', path)).status;

async function withFeed(run: (h: Harness, ada: { id: string; token: string; email: string }, path: string) => Promise<void>): Promise<void> {
  const h = await createHarness();
  try {
    const ada = await h.signUp('Ada');
    assert.equal((await h.book(ada.token, '2030-01-07T14:00:00.000Z')).status, 201);
    const path = await feedPath(h, ada.token);
    assert.equal(await feedStatus(h, path), 200);
    await run(h, ada, path);
  } finally {
    h.close();
  }
}

describe('the calendar feed revoked with the tokens', () => {
  test('a password change stops the old feed URL; the person is given a new one that works', async () => {
    await withFeed(async (h, ada, path) => {
      const changed = await h.request('PATCH', '/v1/me', { token: ada.token, body: { password: 'a brand new passphrase', currentPassword: PASSWORD } });
      assert.equal(changed.status, 200);
      assert.equal(await feedStatus(h, path), 404);
      const fresh = await feedPath(h, ada.token);
      assert.notEqual(fresh, path);
      assert.equal(await feedStatus(h, fresh), 200);
    });
  });

  test('logging out everywhere stops the feed URL; after logging in again a new one works', async () => {
    await withFeed(async (h, ada, path) => {
      assert.equal((await h.request('DELETE', '/v1/tokens', { token: ada.token })).status, 204);
      assert.equal(await feedStatus(h, path), 404);
      const login = await h.request('POST', '/v1/tokens', { body: { email: ada.email, password: PASSWORD } });
      assert.equal(login.status, 201);
      const fresh = await feedPath(h, (await json(login)).token);
      assert.notEqual(fresh, path);
      assert.equal(await feedStatus(h, fresh), 200);
    });
  });

  test('a suspension stops the feed URL', async () => {
    await withFeed(async (h, ada, path) => {
      await suspend(h.db, ada.id, 'spam', h.clock.now());
      assert.equal(await feedStatus(h, path), 404);
    });
  });

  test('a deletion stops the feed URL', async () => {
    await withFeed(async (h, ada, path) => {
      await deleteAccount(h.db, ada.id, h.clock.now());
      assert.equal(await feedStatus(h, path), 404);
    });
  });
});
