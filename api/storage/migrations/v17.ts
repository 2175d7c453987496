// Live events (SPEC §12): every event a person is told of, kept 24 hours whether or not anyone
// listens, so a stream on any process can read it and a client can resume from its last id.
// AUTOINCREMENT: an id is never handed out twice, even after pruning or an erasure emptied the
// table, so a client's Last-Event-ID keeps its meaning. `event_log.pruned_through` is the highest
// id the prune job removed: a client whose last id is below it missed events and is told to reset.
export const version = 17;

export const statements: string[] = [
  `CREATE TABLE events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        user_id TEXT NOT NULL,
        type TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at INTEGER NOT NULL
      )`,
  `CREATE INDEX events_by_user ON events(user_id, id)`,
  `CREATE TABLE event_log (id INTEGER PRIMARY KEY CHECK (id = 1), pruned_through INTEGER NOT NULL)`,
  `INSERT INTO event_log (id, pruned_through) VALUES (1, 0)`,
];
