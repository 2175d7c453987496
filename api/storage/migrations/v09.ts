// Webhooks and the calendar feed (issue 11, SPEC §9): an outbox written with each change,
// its delivery log, calendar tokens, and a per-session version the feed shows as SEQUENCE.
export const version = 9;

export const statements: string[] = [
  `CREATE TABLE webhooks (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id),
        url TEXT NOT NULL,
        secret TEXT NOT NULL,
        events TEXT NOT NULL,
        created_at INTEGER NOT NULL
      )`,
  `CREATE INDEX webhooks_by_user ON webhooks(user_id)`,
  // One row per event and subscribed webhook: each is delivered, retried and given up on its own.
  `CREATE TABLE webhook_events (
        seq INTEGER PRIMARY KEY,
        event_id TEXT NOT NULL,
        webhook_id TEXT NOT NULL,
        type TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        finished_at INTEGER,
        UNIQUE (webhook_id, event_id)
      )`,
  `CREATE INDEX webhook_events_due ON webhook_events(next_attempt_at) WHERE state = 'pending'`,
  `CREATE INDEX webhook_events_finished ON webhook_events(finished_at) WHERE finished_at IS NOT NULL`,
  `CREATE TABLE webhook_deliveries (
        id INTEGER PRIMARY KEY,
        webhook_id TEXT NOT NULL,
        event_id TEXT NOT NULL,
        type TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        at INTEGER NOT NULL,
        status INTEGER,
        error TEXT,
        outcome TEXT NOT NULL CHECK (outcome IN ('delivered', 'retrying', 'failed'))
      )`,
  `CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries(webhook_id, id)`,
  `CREATE INDEX webhook_deliveries_by_age ON webhook_deliveries(at)`,
  // The feed token is derived from the server's secret and this nonce, so only its hash is kept.
  `CREATE TABLE calendar_tokens (
        user_id TEXT PRIMARY KEY REFERENCES users(id),
        nonce TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL
      ) WITHOUT ROWID`,
  `ALTER TABLE sessions ADD COLUMN version INTEGER NOT NULL DEFAULT 0`,
  // session.starting goes out once per session and person: this marks the ones announced.
  `ALTER TABLE sessions ADD COLUMN starting_announced INTEGER NOT NULL DEFAULT 0`,
  `CREATE INDEX sessions_to_announce ON sessions(start_at) WHERE starting_announced = 0 AND status = 'matched'`,
  // A trigger rather than a bump in each writer: every change the calendar shows (status, partner,
  // either task) counts, whichever code makes it, including code written after this.
  `CREATE TRIGGER sessions_version_own AFTER UPDATE OF status, pair_id, task, start_at, end_at ON sessions
       WHEN OLD.status IS NOT NEW.status OR OLD.pair_id IS NOT NEW.pair_id OR OLD.task IS NOT NEW.task
         OR OLD.start_at IS NOT NEW.start_at OR OLD.end_at IS NOT NEW.end_at
       BEGIN
         UPDATE sessions SET version = version + 1 WHERE id = NEW.id;
       END`,
  `CREATE TRIGGER sessions_version_partner_task AFTER UPDATE OF task ON sessions
       WHEN OLD.task IS NOT NEW.task AND NEW.pair_id IS NOT NULL
       BEGIN
         UPDATE sessions SET version = version + 1 WHERE pair_id = NEW.pair_id AND id <> NEW.id;
       END`,
];
