// Mail (SPEC §14): who verified which address and asked for which notices, the single-use codes
// (stored only as hashes), the reminders already queued, and the mail outbox, sent by a job with
// retries like the webhook outbox. Every row names its person, so deleting an account removes them.
export const version = 18;

export const statements: string[] = [
  `CREATE TABLE mail_accounts (
        user_id TEXT PRIMARY KEY REFERENCES users(id),
        verified_email TEXT COLLATE NOCASE,
        verified_at INTEGER,
        reminder_minutes INTEGER,
        notify_matches INTEGER NOT NULL DEFAULT 0
      ) WITHOUT ROWID`,
  `CREATE INDEX mail_accounts_reminding ON mail_accounts(user_id) WHERE reminder_minutes IS NOT NULL`,
  `CREATE TABLE mail_codes (
        user_id TEXT NOT NULL REFERENCES users(id),
        purpose TEXT NOT NULL CHECK (purpose IN ('verify', 'reset')),
        email TEXT NOT NULL COLLATE NOCASE,
        code_hash TEXT NOT NULL,
        expires_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (user_id, purpose)
      ) WITHOUT ROWID`,
  `CREATE TABLE mail_reminders (
        session_id TEXT PRIMARY KEY REFERENCES sessions(id),
        queued_at INTEGER NOT NULL
      ) WITHOUT ROWID`,
  `CREATE INDEX mail_reminders_by_time ON mail_reminders(queued_at)`,
  `CREATE TABLE mail_outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        user_id TEXT NOT NULL REFERENCES users(id),
        kind TEXT NOT NULL,
        recipient TEXT NOT NULL,
        subject TEXT NOT NULL,
        text_body TEXT NOT NULL,
        html_body TEXT NOT NULL,
        notice INTEGER NOT NULL DEFAULT 0,
        message_id TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed', 'expired')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        leased_until INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        finished_at INTEGER
      )`,
  `CREATE INDEX mail_outbox_due ON mail_outbox(next_attempt_at, seq) WHERE state = 'pending'`,
  `CREATE INDEX mail_outbox_by_user ON mail_outbox(user_id)`,
  `CREATE INDEX mail_outbox_finished ON mail_outbox(finished_at) WHERE state <> 'pending'`,
];
