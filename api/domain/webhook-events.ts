/**
 * What a person can be told (SPEC §9, §12): the same events, with the same JSON body
 * `{id, type, createdAt, data}`, go to their webhooks and to their live streams (`GET /v1/events`).
 * `ping` is none of them: it is sent on demand (`POST /v1/webhooks/{id}/ping`) to the webhook
 * named, whatever its events.
 */
export const EVENT_TYPES = ['session.matched', 'session.unmatched', 'session.starting', 'session.cancelled', 'routine.skipped'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** What each event says, for /openapi.json and the CLI's words. */
export const EVENT_MEANINGS: Record<EventType, string> = {
  'session.matched': 'a session found its partner (data.session names them)',
  'session.unmatched': 'a session lost its partner and waits again (data.reason says why)',
  'session.starting': 'the join window of a matched session opened',
  'session.cancelled': 'the person cancelled a session',
  'routine.skipped': 'a routine did not book an occurrence (data.reason says why)',
};

/** How long an event is kept for a stream to resume from (SPEC §12); older ones are pruned. */
export const EVENT_RETENTION_MS = 24 * 60 * 60_000;
