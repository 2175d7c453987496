/**
 * The words of every mail cowork sends (SPEC §14), each as a plain-text and an HTML part saying
 * the same. Whatever a person typed (a name, a task) is escaped in the HTML part.
 */
export interface MailText {
  subject: string;
  text: string;
  html: string;
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function mail(subject: string, paragraphs: string[], footer?: string): MailText {
  const lines = footer ? [...paragraphs, '--', footer] : paragraphs;
  return {
    subject,
    text: `${lines.join('\n\n')}\n`,
    html: `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">${paragraphs.map((p) => `<p>${escape(p).replace(/\n/g, '<br>')}</p>`).join('')}`
      + `${footer ? `<hr><p style="color:#666;font-size:90%">${escape(footer)}</p>` : ''}</body></html>`,
  };
}

export function verificationMail(name: string, code: string, server: string, change: boolean): MailText {
  return mail(`Your cowork code: ${code}`, [
    `Hello ${name},`,
    change
      ? `To make this address the one of your cowork account on ${server}, run:\n\n    cowork verify ${code}\n\nUntil then your account keeps its old address. The code works once, for 24 hours.`
      : `To verify this address for your cowork account on ${server}, run:\n\n    cowork verify ${code}\n\nThe code works once, for 24 hours.`,
    'If you did not ask for this, ignore this mail: nothing changes without the code.',
  ]);
}

export function resetMail(name: string, code: string, server: string): MailText {
  return mail(`Your cowork password reset code: ${code}`, [
    `Hello ${name},`,
    `Someone asked to reset the password of your cowork account on ${server}. To choose a new one, run:\n\n    cowork reset-password\n\nand give this code: ${code}\n\nIt works once, for 30 minutes. Every device will be logged out.`,
    'If it was not you, ignore this mail: your password stays as it is.',
  ]);
}

/** When: the session's start in the person's own zone, in words. */
export function startInWords(start: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }).format(start);
}

export interface SessionNotice {
  name: string;
  start: Date;
  duration: number;
  timeZone: string;
  partner: string | null;
  task: string | null;
}

const UNSUBSCRIBE = 'You get these mails because you turned them on (cowork settings). Turn them off with cowork settings --mail-reminder off --no-mail-matches, or with the unsubscribe link of your mail program.';

export function reminderMail(notice: SessionNotice, minutes: number): MailText {
  const when = startInWords(notice.start, notice.timeZone);
  return mail(`Starting in ${minutes} min: your ${notice.duration}-minute session`, [
    `Hello ${notice.name},`,
    `Your ${notice.duration}-minute session starts at ${when}${notice.partner ? `, with ${notice.partner}` : ', and is still waiting for a partner'}.`,
    ...(notice.task ? [`Your task: ${notice.task}`] : []),
    'Join it with: cowork next',
  ], UNSUBSCRIBE);
}

export type SessionChange = 'matched' | 'unmatched' | 'cancelled';

export function sessionChangeMail(notice: SessionNotice, change: SessionChange): MailText {
  const when = startInWords(notice.start, notice.timeZone);
  const what = {
    matched: [`Matched: your session at ${when}`, `Your ${notice.duration}-minute session at ${when} is matched${notice.partner ? ` with ${notice.partner}` : ''}.`],
    unmatched: [`Partner gone: your session at ${when}`, `Your partner for the ${notice.duration}-minute session at ${when} is no longer coming. The session waits for a new partner.`],
    cancelled: [`Cancelled: your session at ${when}`, `Your ${notice.duration}-minute session at ${when} is cancelled.`],
  }[change];
  return mail(what[0]!, [`Hello ${notice.name},`, what[1]!, 'See your sessions with: cowork list'], UNSUBSCRIBE);
}
