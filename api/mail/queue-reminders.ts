import type { Job } from '../jobs/runner.js';
import type { Database } from '../storage/engine/database.js';
import { queueDueReminders } from '../storage/mail-notices.js';

export const REMINDER_BATCH = 200;
/** Often enough that, with the mail job's 5 s, a reminder leaves well within 60 s of its due time (SPEC §17). */
export const REMINDER_INTERVAL_MS = 15_000;

/** Reminders before sessions (SPEC §14), queued by the injected clock when due, once per session. */
export function queueRemindersJob(db: Database): Job {
  return {
    name: 'queue-reminders',
    intervalMs: REMINDER_INTERVAL_MS,
    runOnce: async (now) => (await queueDueReminders(db, now, REMINDER_BATCH)) === REMINDER_BATCH,
  };
}
