import { Hono } from 'hono';
import type { AppEnv } from '../app-env.js';
import { Problem } from '../problems.js';
import { callPageAsset, callPageHtml } from './call-assets.js';
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

const notBuilt = (what: string) =>
  new Problem(503, 'call-page-not-built', 'Call page not built', `${what} is missing; run "npm run build" to compile the call page.`);

/** `GET /call/{id}`: the same HTML for every session; the page reads its id and credential from its own URL. */
export const callPageRoutes = new Hono<AppEnv>()
  .get('/call/assets/:file', async (c) => {
    const asset = await callPageAsset(c.req.param('file'));
    if (!asset) throw new Problem(404, 'not-found', 'Not found', `The call page has no file named ${c.req.param('file')}.`);
    return c.body(new Uint8Array(asset.body), 200, {
      'Content-Type': asset.contentType,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    });
  })
  .get('/call/:id', async (c) => {
    const [html, settings] = await Promise.all([callPageHtml(), callSettingsOf(c.var.deps)]);
    if (!html) throw notBuilt('call-page/index.html');
    return c.body(new Uint8Array(html.body), 200, {
      'Content-Type': html.contentType,
      'Content-Security-Policy': callPageCsp(settings.jitsi),
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
      'Permissions-Policy': `camera=(self "https://${settings.jitsi.domain}"), microphone=(self "https://${settings.jitsi.domain}"), display-capture=(self "https://${settings.jitsi.domain}")`,
    });
  });
