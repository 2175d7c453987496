import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { parseSmtpUrl } from '../../api/config/mail-settings.js';
import { createHarness } from '../api/harness.js';

/** Deleting an account (SPEC §8) takes its mail with it: the verified address, codes, queued mails and reminders. */
const mail = { smtp: parseSmtpUrl('smtp://127.0.0.1:2525'), from: 'cowork@example.org', timeoutMs: 1_000, retry: { firstMs: 1_000, longestMs: 1_000 }, admins: [] };
const h = await createHarness(undefined, undefined, { mail });
const client = h.inspect();
after(() => h.close());

test('a deleted account leaves no mail row behind: its queued code goes with it', async () => {
  const ada = await h.signUp('Ada');
  const count = async (table: string) => Number((await client.execute({ sql: `SELECT count(*) AS n FROM ${table} WHERE user_id = ?`, args: [ada.id] })).rows[0]!.n);
  assert.equal(await count('mail_outbox'), 1, 'sign-up queued the verification code');
  assert.equal(await count('mail_codes'), 1);
  const deleted = await h.request('DELETE', '/v1/me', { token: ada.token, body: { password: 'correct horse battery' } });
  assert.equal(deleted.status, 204);
  for (const table of ['mail_outbox', 'mail_codes', 'mail_accounts']) assert.equal(await count(table), 0, table);
});
