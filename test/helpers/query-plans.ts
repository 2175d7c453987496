import type { InArgs } from '@libsql/client';
import type { Database, WriteTx } from '../../api/storage/engine/database.js';

/**
 * The §6 growth target needs every statement to find its rows through an index: a whole-table scan
 * grows with the stored data. Plan lines that stay flat: index searches, correlated and scalar
 * subqueries, temporary sorts of rows already found, constant rows and CTEs (`me`, the seeker).
 */
const FLAT = /^(SEARCH|CORRELATED|USE TEMP B-TREE|SCALAR SUBQUERY|SCAN (\d+ )?CONSTANT ROWS?|SCAN me\b|MATERIALIZE|LIST SUBQUERY|CO-ROUTINE|SCAN \(subquery)/;

/** A Database that runs everything on `db` and remembers each distinct statement with its arguments. */
export function recordingDatabase(db: Database): { recording: Database; statements: Map<string, InArgs> } {
  const statements = new Map<string, InArgs>();
  const remember = (sql: string, args?: InArgs) => void statements.set(sql, args ?? []);
  const recordTx = (tx: WriteTx): WriteTx => ({
    all: (sql, args) => (remember(sql, args), tx.all(sql, args)),
    get: (sql, args) => (remember(sql, args), tx.get(sql, args)),
    run: (sql, args) => (remember(sql, args), tx.run(sql, args)),
  });
  const recording = {
    all: (sql: string, args?: InArgs) => (remember(sql, args), db.all(sql, args)),
    get: (sql: string, args?: InArgs) => (remember(sql, args), db.get(sql, args)),
    write: <T>(work: (tx: WriteTx) => Promise<T>) => db.write((tx) => work(recordTx(tx))),
    erasureCommitted: () => db.erasureCommitted(),
  } as unknown as Database;
  return { recording, statements };
}

/** Each plan line of the recorded statements that is not flat, with the statement it belongs to. */
export async function wholeTableScans(db: Database, statements: Map<string, InArgs>): Promise<string[]> {
  const scans: string[] = [];
  for (const [sql, args] of statements) {
    for (const row of await db.all(`EXPLAIN QUERY PLAN ${sql}`, args)) {
      if (!FLAT.test(String(row.detail))) scans.push(`${String(row.detail)}\n  in: ${sql.replace(/\s+/g, ' ').slice(0, 160)}`);
    }
  }
  return scans;
}
