export const version = 2;

export const statements: string[] = [
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
];
