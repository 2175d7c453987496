import { z } from '@hono/zod-openapi';
import { defineRoute, problem, router } from '../http/openapi.js';
import { Problem } from '../http/problems.js';
import { assetParam } from '../schemas/calls.js';
import { idParam } from '../schemas/sessions.js';
import { callPageAssets } from './call-assets.js';
import { callSettingsOf } from './call-settings.js';
import type { JitsiConfig } from './jitsi-config.js';

/** Scripts and frames from this origin and the Jitsi deployment only; no inline script or style anywhere. */
export function callPageCsp(jitsi: JitsiConfig): string {
  const origin = `https://${jitsi.domain}`;
  return [
    "default-src 'self'",
    `script-src 'self' ${origin}`,
    `frame-src ${origin}`,
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const notBuilt = new Problem(503, 'call-page-not-built', 'Call page not built',
  'The call page (call-page/index.html and the compiled dist/call-page/main.js) is missing; run "npm run build".');

const noSuchFile = new Problem(404, 'not-found', 'Not found', 'The call page has no file by that name.');

const text = z.string();

const asset = defineRoute({
  method: 'get', path: '/call/assets/{file}', operationId: 'getCallPageAsset', summary: 'A script or stylesheet of the call page',
  description: 'Served with an ETag and no-cache, so a browser revalidates instead of running a stale script after an upgrade.',
  request: { params: assetParam },
  responses: {
    200: {
      description: 'The file, with its ETag',
      headers: { ETag: { schema: { type: 'string' }, required: true } },
      content: { 'text/javascript': { schema: text }, 'text/css': { schema: text } },
    },
    304: { description: 'Unchanged since the ETag sent in If-None-Match' },
    ...problem(404, 'No such file of the call page'),
  },
});

const page = defineRoute({
  method: 'get', path: '/call/{id}', operationId: 'getCallPage', summary: 'The call page (HTML); reads its credential from the URL fragment',
  description: 'The credential stays in the fragment, which the browser never sends to the server; the page reads it and calls GET /v1/calls/{id}.',
  request: { params: idParam },
  responses: {
    200: {
      description: 'The page, with a Content-Security-Policy allowing scripts and frames only from itself and the Jitsi domain',
      content: { 'text/html': { schema: text } },
    },
    ...problem(503, 'The call page is not built, or the database is busy'),
  },
});

/** `GET /call/{id}`: the same HTML for every session; the page reads its id and credential from its own URL. */
export const callPageRoutes = router()
  .openapi(asset, async (c) => {
    const asset = (await callPageAssets()).files.get(c.req.param('file'));
    if (!asset) throw noSuchFile;
    const headers = { 'Content-Type': asset.contentType, 'Cache-Control': 'no-cache', ETag: asset.etag, 'X-Content-Type-Options': 'nosniff' };
    if (c.req.header('if-none-match') === asset.etag) return c.body(null, 304, headers);
    return c.body(asset.body, 200, headers);
  })
  .openapi(page, async (c) => {
    const [{ html }, settings] = await Promise.all([callPageAssets(), callSettingsOf(c.get('deps'))]);
    if (!html) throw notBuilt;
    return c.body(html.body, 200, {
      'Content-Type': html.contentType,
      'Content-Security-Policy': callPageCsp(settings.jitsi),
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
      'Permissions-Policy': `camera=(self "https://${settings.jitsi.domain}"), microphone=(self "https://${settings.jitsi.domain}"), display-capture=(self "https://${settings.jitsi.domain}")`,
    });
  });
