import type { Database } from './database.js';
import { recordReport, type NewReport } from './moderation.js';

/** A report and the block it brings (SPEC §8), in one transaction. */
export async function reportAndBlock(db: Database, report: NewReport, now: Date): Promise<{ id: string; createdAt: string }> {
  return db.write(async (tx) => {
    const receipt = await recordReport(tx, report, now);
    return receipt;
  });
}
