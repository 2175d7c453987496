// Accountability (SPEC §8, issue 10): joins and leaves carry the pair they happened in (a rematch
// changes the pair, not the session); each call page's last check-in says whether it is open.
export const version = 6;

export const statements: string[] = [
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
];
