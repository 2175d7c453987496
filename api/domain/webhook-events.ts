/**
 * What a webhook can be told (SPEC §9): the events it subscribes to. `ping` is none of them: it
 * is sent on demand (`POST /v1/webhooks/{id}/ping`) to the webhook named, whatever its events.
 */
export const EVENT_TYPES = ['session.matched', 'session.unmatched', 'session.starting', 'session.cancelled', 'routine.skipped'] as const;
export type EventType = (typeof EVENT_TYPES)[number];
