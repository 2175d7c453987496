/**
 * The tag of every operation in /openapi.json, from the path it answers: the longest prefix below
 * names it, so a route needs no tag of its own and a new one under a known path is tagged already.
 * A path under none of them is tagged by its first segment after /v1 (`/v1/password-resets` →
 * "Password resets").
 */
const TAGS: { name: string; description: string; prefixes: string[] }[] = [
  { name: 'Accounts', description: 'Sign up, log in and out, your account and its settings', prefixes: ['/v1/users', '/v1/tokens', '/v1/me'] },
  { name: 'Sessions', description: 'Book, list, change and cancel focus sessions; the slots where someone waits', prefixes: ['/v1/sessions', '/v1/slots'] },
  { name: 'Calls', description: 'The call page and what it reports: joining, checking in, attendance, rematching', prefixes: ['/v1/sessions/{id}/join', '/v1/calls', '/call'] },
  { name: 'Partners', description: 'The people you were paired with, your favourites and blocks', prefixes: ['/v1/partners', '/v1/favorites', '/v1/blocks'] },
  { name: 'Routines', description: 'Bookings that repeat every week', prefixes: ['/v1/routines'] },
  { name: 'Stats', description: 'Your focus time and attendance', prefixes: ['/v1/me/stats'] },
  { name: 'Calendar', description: 'Your sessions as an iCalendar feed', prefixes: ['/v1/me/calendar', '/calendar'] },
  { name: 'Webhooks', description: 'Signed events sent to your own receivers', prefixes: ['/v1/webhooks'] },
  { name: 'Moderation', description: 'Reports, suspensions and invites', prefixes: ['/v1/reports', '/v1/admin'] },
  { name: 'Service', description: 'The server itself: its settings, health and this document', prefixes: ['/v1/server', '/healthz', '/openapi.json'] },
];

const underPrefix = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

export function tagOf(path: string): string {
  let best: { name: string; length: number } | undefined;
  for (const tag of TAGS) {
    for (const prefix of tag.prefixes) {
      if (underPrefix(path, prefix) && prefix.length > (best?.length ?? -1)) best = { name: tag.name, length: prefix.length };
    }
  }
  if (best) return best.name;
  const segment = (path.replace(/^\/v1\//, '/').split('/')[1] || 'service').replaceAll('-', ' ');
  return segment.charAt(0).toUpperCase() + segment.slice(1);
}

/** The document's `tags`: those the operations use, each with its description where it has one. */
export function tagsUsed(used: Iterable<string>): { name: string; description: string }[] {
  return [...new Set(used)].sort().map((name) => ({ name, description: TAGS.find((tag) => tag.name === name)?.description ?? name }));
}
