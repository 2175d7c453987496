import type { MailSettings } from '../config/mail-settings.js';
import type { Job } from '../jobs/runner.js';
import type { Database } from '../storage/engine/database.js';
import { deliverMailJob } from './deliver-mail.js';

/** The jobs of a server that sends mail (SPEC §14): sending the outbox. */
export async function mailJobs(db: Database, settings: MailSettings): Promise<Job[]> {
  return [deliverMailJob(db, settings)];
}
