import { unprocessable } from '../http/problems.js';
import { judgeHost } from '../webhooks/address-policy.js';
import { HOST_LOOKUP_DEADLINE_MS, type HostLookupOptions } from '../webhooks/host-addresses.js';

export const MAX_CALENDAR_URL = 2_048;

/**
 * A busy calendar address the server may fetch (SPEC §15): https (webcal:// is read as https://,
 * as calendar apps do), no user name or password in it, and a host that resolves now to public
 * addresses only: the webhook address policy, which the operator's COWORK_WEBHOOK_ALLOW_PRIVATE=1
 * lifts for both (then plain http is allowed too). The fetch checks the connected address again.
 */
export async function checkCalendarUrl(text: string, allowPrivate: boolean, lookup: HostLookupOptions = { deadlineMs: HOST_LOOKUP_DEADLINE_MS }): Promise<string> {
  let url: URL;
  try {
    url = new URL(text.replace(/^webcals?:\/\//i, 'https://'));
  } catch {
    throw refused('busy-calendar-url-invalid', `"${text.slice(0, 100)}" is not a URL; give the secret iCal (ICS) address your calendar shows, starting with https://.`);
  }
  const allowed = allowPrivate ? ['https:', 'http:'] : ['https:'];
  if (!allowed.includes(url.protocol)) {
    throw refused('busy-calendar-url-invalid', `A busy calendar is fetched over https only, not ${url.protocol.replace(':', '')}; your calendar's secret iCal address starts with https:// (or webcal://).`);
  }
  if (url.username || url.password) {
    throw refused('busy-calendar-url-invalid', 'A busy calendar address may not carry a user name or password; use the secret address your calendar gives.');
  }
  url.hash = '';
  if (!allowPrivate) {
    const host = await judgeHost(url.hostname, lookup);
    if (host.verdict === 'unresolvable') {
      throw refused('busy-calendar-url-unresolvable', `${host.reason}; the calendar's host must resolve to a public address: check the address for a typo.`);
    }
    if (host.verdict === 'internal') {
      throw refused('busy-calendar-url-private',
        `${url.hostname} is (or resolves to) ${host.addresses.join(', ')}: not a public address; busy calendars are fetched from public addresses only, as webhooks are sent (the operator may allow private ones with COWORK_WEBHOOK_ALLOW_PRIVATE=1).`);
    }
  }
  return url.href;
}

const refused = (slug: string, detail: string) => unprocessable(slug, 'Busy calendar address refused', detail);
