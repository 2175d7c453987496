import type { ParsedMail } from 'mailparser';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import type { SmtpSink } from '../helpers/smtp-sink.js';
import { setTimeout as delay } from 'node:timers/promises';

/** A built `bin/cowork serve` that mails through `sink`, its jobs ticking often so a test waits seconds, not minutes. */
export function startMailingServer(sink: SmtpSink, env: Record<string, string> = {}, dbPath?: string): Promise<ServerProcess> {
  return startServerProcess({
    checkContract: true,
    ...(dbPath ? { dbPath } : {}),
    env: { COWORK_SMTP_URL: sink.url, COWORK_MAIL_FROM: 'cowork <cowork@example.org>', COWORK_JOB_TICK_MS: '500', ...env },
  });
}

/** The `nth` mail (from 1) the sink received for `address`, waited for up to 20 s. */
export async function mailTo(sink: SmtpSink, address: string, nth = 1): Promise<ParsedMail> {
  for (let waited = 0; waited < 20_000; waited += 50) {
    const mails = sink.received.filter((r) => r.rcptTo.includes(address.toLowerCase()) || r.rcptTo.includes(address));
    if (mails.length >= nth) return mails[nth - 1]!.mail;
    await delay(50);
  }
  throw new Error(`no mail number ${nth} to ${address} within 20 s; the sink holds ${sink.received.map((r) => `${r.rcptTo} "${r.mail.subject}"`).join(', ')}`);
}

export const mailsTo = (sink: SmtpSink, address: string) => sink.received.filter((r) => r.rcptTo.includes(address)).map((r) => r.mail);
