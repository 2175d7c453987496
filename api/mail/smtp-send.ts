import MailComposer from 'nodemailer/lib/mail-composer';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { MailSettings } from '../config/mail-settings.js';

/** One message as it leaves: a plain-text and an HTML part, and for notices the RFC 8058 unsubscribe link. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Kept across retries, so a mail sent twice after a lost answer reads as one in the inbox. */
  messageId: string;
  unsubscribeUrl: string | null;
}

/** An SMTP server refused the message or could not be reached; the text says which, in one line. */
export class SendFailed extends Error {}

function compose(mail: OutgoingMail, from: string): Promise<Buffer> {
  // RFC 2369's link and RFC 8058's one-click POST (MailComposer leaves its `list` option to the Mailer, so they are written here).
  const headers: Record<string, string> = mail.unsubscribeUrl ? { 'List-Unsubscribe': `<${mail.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {};
  return new MailComposer({
    from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, messageId: mail.messageId, headers,
    xMailer: false, disableFileAccess: true, disableUrlAccess: true,
  }).compile().build();
}

/** The envelope's sender: the address inside COWORK_MAIL_FROM. */
const addressOf = (from: string) => /<([^<>\s]+)>\s*$/.exec(from)?.[1] ?? from;

/**
 * Hands one message to the SMTP server over a connection of its own: connect (TLS or STARTTLS),
 * log in, send, quit. `signal` is the send's one deadline (api/jobs/deadline.ts): when it fires the
 * socket is closed, whatever step the dialogue is at, so a server that stalls or drips holds nothing.
 */
export async function sendMail(settings: MailSettings, mail: OutgoingMail, signal: AbortSignal): Promise<void> {
  const message = await compose(mail, settings.from);
  const { smtp } = settings;
  const connection = new SMTPConnection({
    host: smtp.host, port: smtp.port, secure: smtp.secure, requireTLS: smtp.requireTLS,
    // The deadline governs; these only keep nodemailer's own longer defaults out of the way.
    connectionTimeout: settings.timeoutMs, greetingTimeout: settings.timeoutMs, socketTimeout: settings.timeoutMs,
    socketCloseTimeout: 0, logger: false,
  });
  const close = () => connection.close();
  signal.addEventListener('abort', close, { once: true });
  try {
    await new Promise<void>((resolve, reject) => {
      connection.once('error', (error: Error) => reject(new SendFailed(oneLine(error))));
      connection.once('end', () => reject(new SendFailed(signal.aborted ? String((signal.reason as Error)?.message ?? signal.reason) : 'the SMTP server closed the connection')));
      connection.connect(() => {
        const send = () => connection.send({ from: addressOf(settings.from), to: mail.to }, message, (error) => {
          if (error) return reject(new SendFailed(oneLine(error)));
          connection.quit();
          resolve();
        });
        if (smtp.user === undefined) return send();
        connection.login({ user: smtp.user, pass: smtp.pass }, (error) => (error ? reject(new SendFailed(oneLine(error))) : send()));
      });
    });
  } finally {
    signal.removeEventListener('abort', close);
  }
}

const oneLine = (error: Error) => String(error.message).split('\n')[0]!.slice(0, 300);
