// The outbox served fairly (SPEC §16): each webhook knows when its earliest pending event is due
// and when it was last served, so the delivery job takes one event per due webhook, least recently
// served first, instead of the oldest events of everyone (one backlog held all others back).
// Triggers keep `due_at` right whichever code queues, retries, finishes or deletes an event.
export const version = 16;

export const statements: string[] = [
  `ALTER TABLE webhooks ADD COLUMN due_at INTEGER`,
  `ALTER TABLE webhooks ADD COLUMN served_at INTEGER NOT NULL DEFAULT 0`,
  `CREATE INDEX webhook_events_due_by_webhook ON webhook_events(webhook_id, next_attempt_at, seq) WHERE state = 'pending'`,
  // The oldest-first choice was its only reader.
  `DROP INDEX webhook_events_due`,
  `CREATE INDEX webhooks_due ON webhooks(due_at) WHERE due_at IS NOT NULL`,
  `UPDATE webhooks SET due_at = (SELECT MIN(next_attempt_at) FROM webhook_events e WHERE e.webhook_id = webhooks.id AND e.state = 'pending')`,
  `CREATE TRIGGER webhook_events_queued AFTER INSERT ON webhook_events WHEN NEW.state = 'pending'
       BEGIN
         UPDATE webhooks SET due_at = MIN(COALESCE(due_at, NEW.next_attempt_at), NEW.next_attempt_at) WHERE id = NEW.webhook_id;
       END`,
  `CREATE TRIGGER webhook_events_attempted AFTER UPDATE OF state, next_attempt_at ON webhook_events
       BEGIN
         UPDATE webhooks SET due_at = (SELECT MIN(next_attempt_at) FROM webhook_events WHERE webhook_id = NEW.webhook_id AND state = 'pending')
         WHERE id = NEW.webhook_id;
       END`,
  `CREATE TRIGGER webhook_events_removed AFTER DELETE ON webhook_events WHEN OLD.state = 'pending'
       BEGIN
         UPDATE webhooks SET due_at = (SELECT MIN(next_attempt_at) FROM webhook_events WHERE webhook_id = OLD.webhook_id AND state = 'pending')
         WHERE id = OLD.webhook_id;
       END`,
];
