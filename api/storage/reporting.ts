import type { Database } from './engine/database.js';
import { recordReport, type NewReport, type ReportReceipt } from './moderation.js';
import { blockPartner } from './preferences.js';

/** A report and the block it brings (SPEC §8), in one transaction: the two people are not paired again. */
export async function reportAndBlock(db: Database, report: NewReport, now: Date): Promise<ReportReceipt> {
  return db.write(async (tx) => {
    const receipt = await recordReport(tx, report, now);
    await blockPartner(tx, report.reporterId, report.reportedId, now);
    return receipt;
  });
}
