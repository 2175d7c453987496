import type { MailSettings } from '../config/mail-settings.js';
import type { Job } from '../jobs/runner.js';
import type { Database } from '../storage/engine/database.js';
import { deliverMailJob } from './deliver-mail.js';
import { queueRemindersJob } from './queue-reminders.js';
import { unsubscribeSecret, unsubscribeUrl } from './unsubscribe.js';

/** The jobs of a server that sends mail (SPEC §14): queueing reminders, and sending the outbox with each notice's unsubscribe link. */
export async function mailJobs(db: Database, settings: MailSettings, publicUrl: string): Promise<Job[]> {
  const secret = await unsubscribeSecret(db);
  return [queueRemindersJob(db), deliverMailJob(db, settings, (userId) => unsubscribeUrl(publicUrl, secret, userId))];
}
