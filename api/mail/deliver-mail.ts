import type { MailSettings } from '../config/mail-settings.js';
import { withDeadline } from '../jobs/deadline.js';
import { retryDelayMs } from '../jobs/deliver-webhooks.js';
import type { Job } from '../jobs/runner.js';
import type { Database } from '../storage/engine/database.js';
import { recordMailAttempt, takeDueMail, type DueMail } from '../storage/mail-outbox.js';
import { DELIVER_MAIL } from './mail-job-names.js';
import { sendMail, type OutgoingMail } from './smtp-send.js';

/** Sends in flight at once in one process, and of them at most this many for one person. */
export const MAIL_CONCURRENCY = 8;
export const MAIL_PER_PERSON = 2;
export const MAIL_INTERVAL_MS = 5_000;
/** Time a step has beyond its sends' own deadline, for taking the mail and recording the attempts. */
const STEP_MARGIN_MS = 10_000;

type Sender = (settings: MailSettings, mail: OutgoingMail, signal: AbortSignal) => Promise<void>;

/** Where a notice's List-Unsubscribe link points, for its person; undefined: no link (codes, tests of the job alone). */
export type UnsubscribeLink = (userId: string) => string;

async function sendOne(db: Database, settings: MailSettings, mail: DueMail, now: Date, send: Sender, unsubscribe?: UnsubscribeLink, stepSignal?: AbortSignal): Promise<void> {
  if (mail.expiresAt <= now) return recordMailAttempt(db, mail, 'expired', null, null, now);
  let error: string | null = null;
  try {
    // The network is touched between transactions: the mail was leased before, and is recorded after.
    const outgoing = { ...mail, unsubscribeUrl: mail.notice && unsubscribe ? unsubscribe(mail.userId) : null };
    await withDeadline(settings.timeoutMs, (signal) => send(settings, outgoing, signal), [stepSignal]);
  } catch (failure) {
    error = String((failure as Error)?.message ?? failure).split('\n')[0]!;
  }
  // A step abandoned (lease lost, shutdown) records nothing: the mail's own lease lapses and the next holder sends it.
  if (stepSignal?.aborted) return;
  if (error === null) return recordMailAttempt(db, mail, 'sent', null, null, now);
  // Retries go on while the mail is of use (a code until it expires, a notice until its session begins).
  const retryAt = now.getTime() + retryDelayMs(mail.attempts + 1, settings.retry);
  if (retryAt >= mail.expiresAt.getTime()) return recordMailAttempt(db, mail, 'failed', error, null, now);
  return recordMailAttempt(db, mail, 'retrying', error, new Date(retryAt), now);
}

/**
 * Sends the mail outbox (SPEC §14): due mails taken fairly and leased, each handed to the SMTP
 * server under one deadline (connection and the whole dialogue), side by side up to
 * MAIL_CONCURRENCY. A server that is down or slow fails the send at its deadline and the mail waits
 * for its retry, growing fourfold: delayed, never lost, never holding another job (each job has its
 * own step, and this one is `remote`, so a step waiting on the server does not hold back the next).
 */
export function deliverMailJob(db: Database, settings: MailSettings, unsubscribe?: UnsubscribeLink, send: Sender = sendMail): Job {
  let inFlight = 0;
  return {
    name: DELIVER_MAIL,
    intervalMs: MAIL_INTERVAL_MS,
    deadlineMs: settings.timeoutMs + STEP_MARGIN_MS,
    remote: true,
    runOnce: async (now, signal) => {
      const room = MAIL_CONCURRENCY - inFlight;
      if (room <= 0) return false;
      const leaseUntil = new Date(now.getTime() + settings.timeoutMs + STEP_MARGIN_MS);
      const due = await takeDueMail(db, now, room, MAIL_PER_PERSON, leaseUntil);
      inFlight += due.length;
      await Promise.all(due.map((mail) => sendOne(db, settings, mail, now, send, unsubscribe, signal).finally(() => (inFlight -= 1))));
      return due.length === room;
    },
  };
}
