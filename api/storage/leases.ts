import type { Database, Row } from './engine/database.js';

/**
 * One row per job (SPEC §10): which process may run it until when, and when its next step is due.
 * Taking, renewing and releasing a lease are each one write transaction, so two processes never
 * both hold it. Expiry is measured on the server's clock, which all processes must share.
 */
export interface HeldLease {
  /** When the job's next step is due; a job never run before is due at once. */
  dueAt: Date;
}

/** Takes the lease if it is free or expired, renews it if `holder` already has it; null while someone else's runs. */
export async function takeLease(db: Database, job: string, holder: string, now: Date, leaseMs: number): Promise<HeldLease | null> {
  const heldByAnother = (row: Row | undefined): boolean => !!row && row.holder !== null && row.holder !== holder && Number(row.expires_at) > now.getTime();
  const readLease = 'SELECT holder, expires_at, due_at FROM job_leases WHERE job = ?';
  // Processes that do not hold the lease find out with a read, so only the holder takes the write lock each tick.
  if (heldByAnother(await db.get(readLease, [job]))) return null;
  return db.write(async (tx) => {
    const row = await tx.get(readLease, [job]);
    if (heldByAnother(row)) return null;
    await tx.run(
      `INSERT INTO job_leases (job, holder, expires_at, due_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (job) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at`,
      [job, holder, now.getTime() + leaseMs, now.getTime()],
    );
    return { dueAt: new Date(row ? Number(row.due_at) : now.getTime()) };
  });
}

/** Records when the job's next step is due; false (and nothing written) if `holder` no longer has the lease. */
export async function setDue(db: Database, job: string, holder: string, dueAt: Date): Promise<boolean> {
  const changed = await db.write((tx) => tx.run('UPDATE job_leases SET due_at = ? WHERE job = ? AND holder = ?', [dueAt.getTime(), job, holder]));
  return changed === 1;
}

/** Frees the lease so another process may take it at once; when the job is next due stays. */
export async function releaseLease(db: Database, job: string, holder: string): Promise<void> {
  await db.write((tx) => tx.run('UPDATE job_leases SET holder = NULL, expires_at = 0 WHERE job = ? AND holder = ?', [job, holder]));
}
