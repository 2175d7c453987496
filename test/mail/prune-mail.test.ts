import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { pruneJob } from '../../api/jobs/prune.js';
import { MAIL_RETENTION_MS } from '../../api/storage/mail-outbox.js';
import { createHarness } from '../api/harness.js';

/** The mail outbox does not grow for ever (SPEC §16): finished mails go after a week, and so do queued ones long past their use. */
const h = await createHarness();
const client = h.inspect();
after(() => h.close());

test('the prune job removes mails finished over a week ago and unsent ones a week past their use, and keeps the rest', async () => {
  const { id } = await h.signUp('Ada');
  const now = h.clock.now().getTime();
  const add = (subject: string, state: string, finishedAt: number | null, expiresAt: number) => client.execute({
    sql: `INSERT INTO mail_outbox (user_id, kind, recipient, subject, text_body, html_body, message_id, created_at, expires_at, state, next_attempt_at, finished_at)
          VALUES (?, 'test', 'ada@example.org', ?, '', '', ?, 0, ?, ?, 0, ?)`,
    args: [id, subject, `<${subject}@example.org>`, expiresAt, state, finishedAt],
  });
  await add('sent-long-ago', 'sent', now - MAIL_RETENTION_MS - 1, now);
  await add('sent-lately', 'sent', now - 60_000, now);
  await add('unsent-long-useless', 'pending', null, now - MAIL_RETENTION_MS - 1);
  await add('unsent-waiting', 'pending', null, now + 60_000);
  await pruneJob(h.db).runOnce(h.clock.now());
  const kept = (await client.execute('SELECT subject FROM mail_outbox ORDER BY subject')).rows.map((row) => String(row.subject));
  assert.deepEqual(kept, ['sent-lately', 'unsent-waiting']);
});

test('the prune job forgets the marks of reminders queued over two days ago, whose sessions have begun', async () => {
  const { token } = await h.signUp('Bo');
  h.clock.set('2030-01-07T10:00:00.000Z');
  const ids: string[] = [];
  for (const start of ['2030-01-08T09:00:00.000Z', '2030-01-09T09:00:00.000Z']) ids.push(String(((await (await h.book(token, start, 25)).json()) as { id: string }).id));
  const now = h.clock.now().getTime();
  await client.execute({ sql: 'INSERT INTO mail_reminders (session_id, queued_at) VALUES (?, ?), (?, ?)', args: [ids[0]!, now - 2 * 86_400_000 - 1, ids[1]!, now - 60_000] });
  await pruneJob(h.db).runOnce(h.clock.now());
  const kept = (await client.execute('SELECT session_id FROM mail_reminders')).rows.map((row) => String(row.session_id));
  assert.deepEqual(kept, [ids[1]]);
});
