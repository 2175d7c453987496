import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createHarness } from './harness.js';

test('one statement read as all rows and then as its first row answers each call with its own arguments', async () => {
  const h = await createHarness();
  try {
    const [ada, bob] = [await h.signUp('Ada'), await h.signUp('Bob')];
    const sql = 'SELECT u.name FROM users u WHERE u.id = ?';
    const [adaId, bobId] = [ada.id, bob.id];
    assert.deepEqual((await h.db.all(sql, [adaId])).map((row) => row.name), ['Ada']);
    assert.equal((await h.db.get(sql, [bobId]))?.name, 'Bob');
    await h.db.write(async (tx) => {
      assert.deepEqual((await tx.all(sql, [bobId])).map((row) => row.name), ['Bob']);
      assert.equal((await tx.get(sql, [adaId]))?.name, 'Ada');
      assert.equal(await tx.get(sql, ['nobody']), undefined);
    });
  } finally {
    h.close();
  }
});
