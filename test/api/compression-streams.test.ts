import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { compression } from '../../api/http/compression.js';

/**
 * The server's compression leaves an event stream alone: it has no length, so it is neither
 * compressed nor read to its end to be measured, and each event reaches the client as it is sent
 * (the live events of SPEC §12 go through the same middleware).
 */
test('a text/event-stream answer is passed on uncompressed while it is still open', async () => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const app = new Hono().use(compression).get('/events', (c) => streamSSE(c, async (stream) => {
    await stream.writeSSE({ event: 'hello', data: 'x'.repeat(4096) });
    await held;
  }));
  const answer = await app.request('/events', { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(answer.headers.get('content-encoding'), null);
  const reader = answer.body!.getReader();
  const first = new TextDecoder().decode((await reader.read()).value);
  assert.match(first, /^event: hello\ndata: x{4096}/);
  release();
  await reader.cancel();
});

test('an answer of known length over 1 KiB is compressed; a shorter one, or one of unknown length, is not', async () => {
  const sized = (text: string) => ({ 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) });
  const big = JSON.stringify({ text: 'y'.repeat(2000) });
  const app = new Hono().use(compression)
    .get('/big', (c) => c.body(big, 200, sized(big)))
    .get('/small', (c) => c.body('{"ok":true}', 200, sized('{"ok":true}')))
    .get('/unsized', (c) => c.json({ text: 'z'.repeat(2000) }));
  const compressed = await app.request('/big', { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(compressed.headers.get('content-encoding'), 'gzip');
  assert.equal(gunzipSync(Buffer.from(await compressed.arrayBuffer())).toString(), big);
  const small = await app.request('/small', { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(small.headers.get('content-encoding'), null);
  assert.equal(await small.text(), '{"ok":true}');
  assert.equal((await app.request('/unsized', { headers: { 'accept-encoding': 'gzip' } })).headers.get('content-encoding'), null);
});
