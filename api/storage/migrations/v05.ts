// Jobs that run by themselves (SPEC §10): who runs each job until when, and when it is next due.
export const version = 5;

export const statements: string[] = [
  `CREATE TABLE job_leases (
        job TEXT PRIMARY KEY,
        holder TEXT,
        expires_at INTEGER NOT NULL,
        due_at INTEGER NOT NULL
      ) WITHOUT ROWID`,
];
