import { z } from '@hono/zod-openapi';
import { defineRoute, problem, router } from '../http/openapi.js';
import { Problem } from '../http/problems.js';
import { unsubscribeSecret, unsubscribeToken, userOfToken } from '../mail/unsubscribe.js';
import { MAIL_TAG, unsubscribeQuery } from '../schemas/mail.js';
import { stopNotices } from '../storage/mail-notices.js';

/**
 * The List-Unsubscribe link of every notice (RFC 8058): a mail program POSTs to it in one click
 * (`List-Unsubscribe=One-Click`), and the notices stop. A person who opens it in a browser gets a
 * page with one button, since a GET must change nothing (link checkers and previews open links).
 */
const page = z.string().openapi({ description: 'A short HTML page' });
const html = (description: string) => ({ description, content: { 'text/html': { schema: page } } });

const confirmPage = defineRoute({
  method: 'get', path: '/unsubscribe', summary: 'The page of a notice\'s unsubscribe link: one button that stops the notices',
  operationId: 'showMailUnsubscribe', tags: MAIL_TAG,
  request: { query: unsubscribeQuery },
  responses: { 200: html('The page; nothing is changed until its button is pressed'), ...problem(403, 'invalid-token: the link is not one this server made') },
});

const unsubscribe = defineRoute({
  method: 'post', path: '/unsubscribe', summary: 'One-click unsubscribe (RFC 8058): every mail notice of the link\'s person stops',
  operationId: 'unsubscribeMail', tags: MAIL_TAG,
  description: 'The body a mail program sends (`List-Unsubscribe=One-Click`, form-encoded) is not needed: the signed token in the query names the person.',
  request: { query: unsubscribeQuery },
  responses: { 200: html('Reminders and match notices are off'), ...problem(403, 'invalid-token: the link is not one this server made') },
});

const invalidToken = new Problem(403, 'invalid-token', 'Link not valid', 'This unsubscribe link is not one this server made; use the link of a recent mail, or run `cowork settings --mail-reminder off --no-mail-matches`.');

const document = (body: string) => `<!doctype html><html><head><meta charset="utf-8"><title>cowork mail</title></head><body style="font-family:sans-serif">${body}</body></html>`;

export const mailUnsubscribeRoutes = router()
  .openapi(confirmPage, async (c) => {
    const { token } = c.req.valid('query');
    const secret = await unsubscribeSecret(c.get('deps').db);
    const userId = userOfToken(secret, token);
    if (!userId) throw invalidToken;
    return c.body(document(`<p>Stop the reminders and match notices cowork mails you?</p>
<form method="post" action="?token=${unsubscribeToken(secret, userId)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Stop them</button></form>`),
    200, { 'Content-Type': 'text/html; charset=utf-8', 'Referrer-Policy': 'no-referrer' });
  })
  .openapi(unsubscribe, async (c) => {
    const { db } = c.get('deps');
    const userId = userOfToken(await unsubscribeSecret(db), c.req.valid('query').token);
    if (!userId) throw invalidToken;
    await stopNotices(db, userId);
    return c.body(document('<p>Done: cowork mails you no more reminders or match notices. Turn them on again with <code>cowork settings</code>.</p>'),
      200, { 'Content-Type': 'text/html; charset=utf-8' });
  });
