import { unprocessable } from '../http/problems.js';
import { judgeHost } from './address-policy.js';
import { HOST_LOOKUP_DEADLINE_MS, type HostLookupOptions } from './host-addresses.js';

/**
 * A receiver URL a webhook may keep (SPEC §9): http or https, no user name or password in it, and,
 * unless private receivers are allowed, a host that resolves now, to public addresses only. Delivery
 * checks the connected address again, since a name can resolve differently later.
 */
export async function checkReceiverUrl(text: string, allowPrivate: boolean, lookup: HostLookupOptions = { deadlineMs: HOST_LOOKUP_DEADLINE_MS }): Promise<string> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw refused('webhook-url-invalid', `"${text.slice(0, 100)}" is not a URL; give an absolute http(s) URL such as https://ntfy.sh/my-topic.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw refused('webhook-url-invalid', `Webhooks are sent over http or https, not ${url.protocol.replace(':', '')}.`);
  }
  if (url.username || url.password) {
    throw refused('webhook-url-invalid', 'A webhook URL may not carry a user name or password; put a secret in the path instead, and check the signature on arrival.');
  }
  url.hash = '';
  if (!allowPrivate) {
    const host = await judgeHost(url.hostname, lookup);
    if (host.verdict === 'unresolvable') {
      throw refused('webhook-url-unresolvable',
        `${host.reason}; a webhook's host must resolve to a public address when it is added: check the name for a typo, or add the webhook again once its DNS answers.`);
    }
    if (host.verdict === 'internal') {
      throw refused('webhook-url-private',
        `${url.hostname} is (or resolves to) ${host.addresses.join(', ')}: not a public address; webhooks go to public unicast addresses only (the server's operator may allow private ones with COWORK_WEBHOOK_ALLOW_PRIVATE=1).`);
    }
  }
  return url.href;
}

const refused = (slug: string, detail: string) => unprocessable(slug, 'Webhook URL refused', detail);
