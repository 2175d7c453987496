import type { Database } from './engine/database.js';

/**
 * Versioned schema changes, applied in order at start-up. Each runs inside the same immediate
 * transaction that records it, so two processes starting at once apply it exactly once.
 * Append new versions; never edit one that has shipped.
 */
const MIGRATIONS: { version: number; statements: string[] }[] = [
  {
    version: 1,
    statements: [
      `CREATE TABLE users (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        email TEXT NOT NULL UNIQUE COLLATE NOCASE,
        password_hash TEXT NOT NULL,
        timezone TEXT NOT NULL,
        created_at INTEGER NOT NULL
      )`,
      `CREATE TABLE tokens (
        hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id),
        label TEXT,
        created_at INTEGER NOT NULL
      ) WITHOUT ROWID`,
      `CREATE INDEX tokens_by_user ON tokens(user_id)`,
      `CREATE TABLE pairs (
        id TEXT PRIMARY KEY,
        room TEXT NOT NULL UNIQUE,
        session_a TEXT NOT NULL,
        session_b TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        dissolved_at INTEGER
      )`,
      `CREATE TABLE sessions (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        user_id TEXT NOT NULL REFERENCES users(id),
        start_at INTEGER NOT NULL,
        end_at INTEGER NOT NULL,
        duration INTEGER NOT NULL CHECK (duration IN (25, 50, 75)),
        status TEXT NOT NULL CHECK (status IN ('waiting', 'matched', 'cancelled')),
        pair_id TEXT REFERENCES pairs(id),
        task TEXT,
        created_at INTEGER NOT NULL,
        cancelled_at INTEGER,
        late_cancel INTEGER NOT NULL DEFAULT 0
      )`,
      `CREATE INDEX sessions_waiting_by_slot ON sessions(start_at, duration, seq) WHERE status = 'waiting'`,
      `CREATE INDEX sessions_by_user_start ON sessions(user_id, start_at)`,
      `CREATE INDEX sessions_by_pair ON sessions(pair_id) WHERE pair_id IS NOT NULL`,
      `CREATE TABLE idempotency_keys (
        user_id TEXT NOT NULL,
        key TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        status INTEGER NOT NULL,
        body TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (user_id, key)
      ) WITHOUT ROWID`,
      `CREATE INDEX idempotency_keys_by_age ON idempotency_keys(created_at)`,
      `CREATE TABLE login_failures (
        email TEXT PRIMARY KEY COLLATE NOCASE,
        failures INTEGER NOT NULL,
        window_start INTEGER NOT NULL
      ) WITHOUT ROWID`,
    ],
  },
  {
    version: 2,
    statements: [
      `CREATE TABLE attendance (
        id INTEGER PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions(id),
        user_id TEXT NOT NULL REFERENCES users(id),
        event TEXT NOT NULL CHECK (event IN ('joined', 'left')),
        at INTEGER NOT NULL
      )`,
      `CREATE INDEX attendance_by_session ON attendance(session_id, at)`,
      `CREATE TABLE server_secrets (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) WITHOUT ROWID`,
    ],
  },
  {
    // Log-in throttling per account and client address (issue 8); call links revocable per person.
    version: 3,
    statements: [
      `CREATE TABLE rate_limits (
        bucket TEXT NOT NULL,
        key TEXT NOT NULL,
        hits INTEGER NOT NULL,
        window_start INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        PRIMARY KEY (bucket, key)
      ) WITHOUT ROWID`,
      `CREATE INDEX rate_limits_by_expiry ON rate_limits(expires_at)`,
      // Failures counted per email alone carry over to the per-account ceiling; their addresses were never kept.
      `INSERT INTO rate_limits (bucket, key, hits, window_start, expires_at)
       SELECT 'login-account', lower(email), failures, window_start, window_start + 3600000 FROM login_failures`,
      `DROP TABLE login_failures`,
      `CREATE TABLE known_login_addresses (
        user_id TEXT NOT NULL REFERENCES users(id),
        address_hash TEXT NOT NULL,
        last_at INTEGER NOT NULL,
        PRIMARY KEY (user_id, address_hash)
      ) WITHOUT ROWID`,
      `CREATE INDEX known_login_addresses_by_age ON known_login_addresses(last_at)`,
      `ALTER TABLE users ADD COLUMN credentials_not_before INTEGER NOT NULL DEFAULT 0`,
    ],
  },
  {
    // Matching preferences (SPEC §7): settings on the person, fixed choices on each session,
    // favourites, blocks, declines, and everyone a person has ever been paired with.
    version: 4,
    statements: [
      `ALTER TABLE users ADD COLUMN match_with TEXT NOT NULL DEFAULT 'anyone' CHECK (match_with IN ('anyone', 'favorites'))`,
      `ALTER TABLE users ADD COLUMN activity TEXT NOT NULL DEFAULT 'anything' CHECK (activity IN ('desk', 'moving', 'anything'))`,
      `ALTER TABLE users ADD COLUMN quiet INTEGER NOT NULL DEFAULT 0 CHECK (quiet IN (0, 1))`,
      `ALTER TABLE sessions ADD COLUMN activity TEXT NOT NULL DEFAULT 'anything' CHECK (activity IN ('desk', 'moving', 'anything'))`,
      `ALTER TABLE sessions ADD COLUMN quiet INTEGER NOT NULL DEFAULT 0 CHECK (quiet IN (0, 1))`,
      `ALTER TABLE sessions ADD COLUMN requested_partner_id TEXT REFERENCES users(id)`,
      // One row per person and partner, kept by the pairing rule: "is a past or present partner"
      // is one primary-key probe, and the list of partners reads in order of the last shared start.
      `CREATE TABLE partners (
        user_id TEXT NOT NULL REFERENCES users(id),
        partner_id TEXT NOT NULL REFERENCES users(id),
        session_id TEXT NOT NULL,
        start_at INTEGER NOT NULL,
        PRIMARY KEY (user_id, partner_id)
      ) WITHOUT ROWID`,
      `CREATE INDEX partners_by_recency ON partners(user_id, start_at)`,
      `INSERT INTO partners (user_id, partner_id, session_id, start_at)
       SELECT mine.user_id, theirs.user_id, mine.id, max(mine.start_at)
       FROM pairs p
       JOIN sessions a ON a.id = p.session_a
       JOIN sessions b ON b.id = p.session_b
       JOIN sessions mine ON mine.id IN (a.id, b.id)
       JOIN sessions theirs ON theirs.id IN (a.id, b.id) AND theirs.id <> mine.id
       WHERE a.user_id <> b.user_id
       GROUP BY mine.user_id, theirs.user_id`,
      `CREATE TABLE favorites (
        user_id TEXT NOT NULL REFERENCES users(id),
        favorite_id TEXT NOT NULL REFERENCES users(id),
        created_at INTEGER NOT NULL,
        PRIMARY KEY (user_id, favorite_id)
      ) WITHOUT ROWID`,
      `CREATE TABLE blocks (
        user_id TEXT NOT NULL REFERENCES users(id),
        blocked_id TEXT NOT NULL REFERENCES users(id),
        created_at INTEGER NOT NULL,
        PRIMARY KEY (user_id, blocked_id)
      ) WITHOUT ROWID`,
      `CREATE TABLE declines (
        user_id TEXT NOT NULL REFERENCES users(id),
        declined_id TEXT NOT NULL REFERENCES users(id),
        start_at INTEGER NOT NULL,
        duration INTEGER NOT NULL,
        declined_at INTEGER NOT NULL,
        PRIMARY KEY (user_id, declined_id, start_at, duration)
      ) WITHOUT ROWID`,
      `CREATE INDEX declines_by_time ON declines(user_id, declined_at)`,
    ],
  },
  {
    // Jobs that run by themselves (SPEC §10): who runs each job until when, and when it is next due.
    version: 5,
    statements: [
      `CREATE TABLE job_leases (
        job TEXT PRIMARY KEY,
        holder TEXT,
        expires_at INTEGER NOT NULL,
        due_at INTEGER NOT NULL
      ) WITHOUT ROWID`,
    ],
  },
  {
    // Accountability (SPEC §8, issue 10): joins and leaves carry the pair they happened in (a rematch
    // changes the pair, not the session); each call page's last check-in says whether it is open.
    version: 6,
    statements: [
      `ALTER TABLE attendance ADD COLUMN pair_id TEXT REFERENCES pairs(id)`,
      // Joins recorded before v6 belong to the pair the session was in then, if it is still that one.
      `UPDATE attendance SET pair_id = (SELECT pair_id FROM sessions WHERE sessions.id = attendance.session_id)`,
      `CREATE INDEX attendance_by_pair ON attendance(pair_id, session_id, event, at) WHERE pair_id IS NOT NULL`,
      `CREATE INDEX pairs_by_session_a ON pairs(session_a)`,
      `CREATE INDEX pairs_by_session_b ON pairs(session_b)`,
      // A rematch looks at every live session of one slot, matched ones included.
      `CREATE INDEX sessions_live_by_slot ON sessions(start_at, duration, seq) WHERE status IN ('waiting', 'matched')`,
      `CREATE TABLE check_ins (
        session_id TEXT PRIMARY KEY REFERENCES sessions(id),
        at INTEGER NOT NULL
      ) WITHOUT ROWID`,
    ],
  },
  {
    // Accounts and moderation (issue 14): suspensions, deletions, invite codes and reports.
    version: 7,
    statements: [
      `ALTER TABLE users ADD COLUMN suspended_at INTEGER`,
      `ALTER TABLE users ADD COLUMN suspension_reason TEXT`,
      // A deleted account keeps its row (sessions and pairs point at it) with its personal data gone.
      `ALTER TABLE users ADD COLUMN deleted_at INTEGER`,
      `CREATE TABLE invites (
        code_hash TEXT PRIMARY KEY,
        created_by TEXT NOT NULL REFERENCES users(id),
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        used_by TEXT REFERENCES users(id),
        used_at INTEGER
      ) WITHOUT ROWID`,
      `CREATE TABLE reports (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        reporter_id TEXT NOT NULL REFERENCES users(id),
        reported_id TEXT NOT NULL REFERENCES users(id),
        session_id TEXT NOT NULL REFERENCES sessions(id),
        reason TEXT NOT NULL CHECK (reason IN ('no-show', 'inappropriate', 'other')),
        note TEXT,
        created_at INTEGER NOT NULL
      )`,
      // Each foreign key gets an index: a deletion clears a person's notes, and no write scans reports.
      `CREATE INDEX reports_by_session ON reports(session_id)`,
      `CREATE INDEX reports_by_reporter ON reports(reporter_id)`,
      `CREATE INDEX reports_by_reported ON reports(reported_id)`,
      `CREATE INDEX invites_by_creator ON invites(created_by)`,
      `CREATE INDEX invites_by_user ON invites(used_by) WHERE used_by IS NOT NULL`,
      // A deletion removes the favourites others hold of the person.
      `CREATE INDEX favorites_by_favorite ON favorites(favorite_id)`,
    ],
  },
  {
    // Routines (SPEC §9): one row per routine, one per occurrence it has settled. The occurrence's
    // primary key (routine_id, start_at) is written in the same transaction as the session it books,
    // so an occurrence is booked at most once whatever the processes and restarts.
    version: 8,
    statements: [
      `CREATE TABLE routines (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id),
        days TEXT NOT NULL,
        time TEXT NOT NULL,
        duration INTEGER NOT NULL CHECK (duration IN (25, 50, 75)),
        timezone TEXT NOT NULL,
        task TEXT,
        activity TEXT CHECK (activity IN ('desk', 'moving', 'anything')),
        quiet INTEGER CHECK (quiet IN (0, 1)),
        horizon_days INTEGER NOT NULL CHECK (horizon_days BETWEEN 1 AND 91),
        paused INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
        booked_until INTEGER NOT NULL,
        next_roll_at INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        deleted_at INTEGER
      )`,
      `CREATE INDEX routines_by_user ON routines(user_id, created_at) WHERE deleted_at IS NULL`,
      `CREATE INDEX routines_to_roll ON routines(next_roll_at) WHERE paused = 0 AND deleted_at IS NULL`,
      `CREATE TABLE routine_occurrences (
        routine_id TEXT NOT NULL REFERENCES routines(id),
        start_at INTEGER NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('booked', 'held-off', 'overlap', 'dst-gap', 'limit', 'suspended')),
        -- No foreign key to sessions: one would make every insert into sessions look up this table.
        session_id TEXT,
        conflicting_session_id TEXT,
        PRIMARY KEY (routine_id, start_at)
      ) WITHOUT ROWID`,
      `CREATE INDEX routine_occurrences_by_start ON routine_occurrences(start_at)`,
      `ALTER TABLE sessions ADD COLUMN routine_id TEXT REFERENCES routines(id)`,
      `CREATE INDEX sessions_by_routine ON sessions(routine_id, start_at) WHERE routine_id IS NOT NULL`,
    ],
  },
  {
    // Webhooks and the calendar feed (issue 11, SPEC §9): an outbox written with each change,
    // its delivery log, calendar tokens, and a per-session version the feed shows as SEQUENCE.
    version: 9,
    statements: [
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
    ],
  },
  {
    // A person's name is on their partners' calendar events (SPEC §9): a rename, or "a former member"
    // after a deletion, is a change those feeds show, so it bumps the partners' sessions' version
    // (SEQUENCE) as v9's triggers do for a partner's task, whichever code renames. And deleted
    // routines lose their task, which nothing shows any more.
    version: 11,
    statements: [
      `CREATE TRIGGER users_name_shown_to_partners AFTER UPDATE OF name ON users
       WHEN OLD.name IS NOT NEW.name
       BEGIN
         UPDATE sessions SET version = version + 1
         WHERE pair_id IN (SELECT pair_id FROM sessions WHERE user_id = NEW.id AND pair_id IS NOT NULL) AND user_id <> NEW.id;
       END`,
      // A deleted routine keeps no task from now on (nothing shows it), so deleting an account finds
      // every task to clear through the index of live routines.
      `UPDATE routines SET task = NULL WHERE deleted_at IS NOT NULL`,
    ],
  },
  {
    // Servers keep who a token signs in between requests (credential-cache.ts); any change to what
    // they keep bumps this generation in its own transaction, whichever process makes it.
    version: 12,
    statements: [
      `CREATE TABLE credential_changes (id INTEGER PRIMARY KEY CHECK (id = 1), generation INTEGER NOT NULL)`,
      `INSERT INTO credential_changes (id, generation) VALUES (1, 0)`,
      `CREATE TRIGGER tokens_deleted_change_credentials AFTER DELETE ON tokens
       BEGIN UPDATE credential_changes SET generation = generation + 1 WHERE id = 1; END`,
      `CREATE TRIGGER tokens_updated_change_credentials AFTER UPDATE OF hash, user_id ON tokens
       BEGIN UPDATE credential_changes SET generation = generation + 1 WHERE id = 1; END`,
      `CREATE TRIGGER users_deleted_change_credentials AFTER DELETE ON users
       BEGIN UPDATE credential_changes SET generation = generation + 1 WHERE id = 1; END`,
      `CREATE TRIGGER users_updated_change_credentials
       AFTER UPDATE OF id, name, email, timezone, match_with, activity, quiet, suspended_at, deleted_at ON users
       BEGIN UPDATE credential_changes SET generation = generation + 1 WHERE id = 1; END`,
    ],
  },
  {
    // Admin rights (SPEC §16) are granted by the operator, who has the database (`cowork admin
    // grant`), to an account, never to whoever signs up with an email. `granted_by` names who ran
    // the grant. requireAdmin reads this table on each admin request, so a grant or a revoke made by
    // any process holds from the next request. A deleted account's grant goes with it, whichever
    // code deletes it.
    version: 13,
    statements: [
      `CREATE TABLE admins (
        user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        granted_at INTEGER NOT NULL,
        granted_by TEXT NOT NULL
      ) WITHOUT ROWID`,
      `CREATE TRIGGER users_deleted_lose_admin AFTER UPDATE OF deleted_at ON users
       WHEN NEW.deleted_at IS NOT NULL
       BEGIN DELETE FROM admins WHERE user_id = NEW.id; END`,
    ],
  },
  {
    // Bounded growth (issue 20, SPEC §16). A routine's skips become ranges [from_at, to_at): a year
    // of holidays is one row, where each skipped occurrence had its own ('held-off'). And one report
    // per reporter, person and session.
    version: 14,
    statements: [
      `CREATE TABLE routine_skips (
        routine_id TEXT NOT NULL REFERENCES routines(id),
        from_at INTEGER NOT NULL,
        to_at INTEGER NOT NULL CHECK (to_at > from_at),
        PRIMARY KEY (routine_id, from_at)
      ) WITHOUT ROWID`,
      `CREATE INDEX routine_skips_by_end ON routine_skips(to_at)`,
      // Each run of held-off rows of a live routine with no other row between them becomes one range,
      // from its first start to just after its last, as long as no occurrence without a row can lie
      // inside it. Below booked_until every occurrence ahead has a row, so none can. Beyond it
      // (where only skips wrote rows) two rows join only when less than 36 hours apart: occurrences
      // are at one local time on different days, at least ~23 hours apart even across a clock change,
      // so none fits between them. Any other held-off row keeps a range of its own.
      `INSERT INTO routine_skips (routine_id, from_at, to_at)
       WITH ordered AS (
         SELECT o.routine_id, o.start_at, o.outcome, r.booked_until,
           lag(o.outcome) OVER (PARTITION BY o.routine_id ORDER BY o.start_at) AS previous_outcome,
           lag(o.start_at) OVER (PARTITION BY o.routine_id ORDER BY o.start_at) AS previous_start
         FROM routine_occurrences o JOIN routines r ON r.id = o.routine_id AND r.deleted_at IS NULL
       ),
       held_off AS (
         SELECT routine_id, start_at,
           CASE WHEN previous_outcome = 'held-off' AND (start_at < booked_until OR start_at - previous_start < 129600000) THEN 0 ELSE 1 END AS opens_range
         FROM ordered WHERE outcome = 'held-off'
       ),
       numbered AS (
         SELECT routine_id, start_at, sum(opens_range) OVER (PARTITION BY routine_id ORDER BY start_at) AS range_number FROM held_off
       )
       SELECT routine_id, min(start_at), max(start_at) + 1 FROM numbered GROUP BY routine_id, range_number`,
      `DELETE FROM routine_occurrences WHERE outcome = 'held-off'`,
      // A repeated report answers the first one: duplicates filed before this fold into the first.
      `DELETE FROM reports WHERE seq NOT IN (SELECT min(seq) FROM reports GROUP BY reporter_id, reported_id, session_id)`,
      `CREATE UNIQUE INDEX reports_once ON reports(reporter_id, reported_id, session_id)`,
      // reports_once begins with reporter_id, so it serves what this index did.
      `DROP INDEX reports_by_reporter`,
    ],
  },
  {
    // Log-in throttle rows are keyed by a keyed hash of the email from now on (login-attempts.ts),
    // never the email. The rows in the old form are dropped rather than rewritten: SQL has no HMAC
    // and the secret may not exist yet, and each row lives an hour at most, so an upgrade forgets
    // at most one hour of failed log-ins, once. secure_delete (database.ts) zeroes the emails they held.
    version: 15,
    statements: [`DELETE FROM rate_limits WHERE bucket IN ('login', 'login-account')`],
  },
  {
    // The outbox served fairly (SPEC §16): each webhook knows when its earliest pending event is due
    // and when it was last served, so the delivery job takes one event per due webhook, least recently
    // served first, instead of the oldest events of everyone (one backlog held all others back).
    // Triggers keep `due_at` right whichever code queues, retries, finishes or deletes an event.
    version: 16,
    statements: [
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
    ],
  },
];

/** Every version this build knows, in the order they apply: ascending, so a file upgrades the same way whichever work landed first. */
export const SCHEMA_VERSIONS = MIGRATIONS.map((migration) => migration.version);

export async function migrate(db: Database): Promise<void> {
  await db.write(async (tx) => {
    await tx.run('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
    const applied = new Set((await tx.all('SELECT version FROM schema_migrations')).map((row) => Number(row.version)));
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      for (const statement of migration.statements) await tx.run(statement);
      await tx.run('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)', [migration.version, Date.now()]);
    }
  });
}
