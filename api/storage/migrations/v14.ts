// Bounded growth (issue 20, SPEC §16). A routine's skips become ranges [from_at, to_at): a year
// of holidays is one row, where each skipped occurrence had its own ('held-off'). And one report
// per reporter, person and session.
export const version = 14;

export const statements: string[] = [
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
];
