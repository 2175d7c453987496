import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { startApiServer } from './api-server.js';

/** SPEC §17's mail row: how long after its due time each reminder reached a real SMTP server on loopback. */
export interface MailReminders {
  people: number;
  /** Per reminder that arrived, its server time of arrival minus its due time (an upper bound: the clock is counted from just before the server was spawned). */
  latenessMs: number[];
}

interface Arrival {
  to: string;
  subject: string;
  at: number;
  text: string;
}

async function startSink(): Promise<{ url: string; arrivals: Arrival[]; close(): Promise<void> }> {
  const arrivals: Arrival[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'], logger: false,
    onData(stream, session, callback) {
      simpleParser(stream).then((mail) => {
        arrivals.push({ to: session.envelope.rcptTo[0]!.address, subject: String(mail.subject), at: Date.now(), text: mail.text ?? '' });
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, arrivals, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function api(base: string, method: string, path: string, body?: unknown, token?: string): Promise<any> {
  const response = await fetch(`${base}${path}`, {
    method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function until<T>(what: string, timeoutMs: number, check: () => T | undefined): Promise<T> {
  for (const started = Date.now(); Date.now() - started < timeoutMs; await delay(50)) {
    const value = check();
    if (value !== undefined) return value;
  }
  throw new Error(`bench: ${what} did not happen within ${timeoutMs / 1000} s`);
}

const REMINDER_MINUTES = 10;
const LEAD_MS = 5_000;

/**
 * `people` people sign up, verify their address with the mailed code, ask for a reminder 10
 * minutes ahead and book one session at T. The server is then started again, with the default job
 * settings, its clock 5 s before the reminders' due time; each reminder's lateness is its arrival
 * at the SMTP server, in the server's time, minus T - 10 minutes.
 */
export async function measureMailReminders(workDir: string, people: number): Promise<MailReminders> {
  const sink = await startSink();
  const file = join(workDir, 'mail.db');
  const start = Math.ceil((Date.now() + 2 * 3_600_000) / 900_000) * 900_000;
  const mailEnv = { COWORK_SMTP_URL: sink.url, COWORK_MAIL_FROM: 'cowork <cowork@example.org>', COWORK_SIGNUPS_PER_HOUR: '1000000' };
  try {
    const setup = await startApiServer(file, { ...mailEnv, COWORK_NOW: new Date(start - 30 * 60_000).toISOString(), COWORK_JOB_TICK_MS: '200' });
    try {
      const run = `${process.pid}-${Date.now()}`;
      const accounts = await Promise.all(Array.from({ length: people }, async (_, i) => {
        const email = `mail-${run}-${i}@example.org`;
        const { token } = await api(setup.url, 'POST', '/v1/users', { name: `Mail ${i}`, email, password: 'correct horse battery' });
        return { email, token: String(token) };
      }));
      for (const { email, token } of accounts) {
        const mail = await until(`the code for ${email}`, 60_000, () => sink.arrivals.find((a) => a.to === email));
        const code = /\b([0-9A-Z]{5}-[0-9A-Z]{5})\b/.exec(mail.text)![1];
        await api(setup.url, 'POST', '/v1/me/mail/verification', { code }, token);
        await api(setup.url, 'PATCH', '/v1/me/mail', { reminderMinutes: REMINDER_MINUTES }, token);
        await api(setup.url, 'POST', '/v1/sessions', { start: new Date(start).toISOString(), duration: 25 }, token);
      }
    } finally {
      await setup.stop();
    }
    sink.arrivals.length = 0;
    const due = start - REMINDER_MINUTES * 60_000;
    const clockAt = due - LEAD_MS;
    const spawnedAt = Date.now();
    const server = await startApiServer(file, { ...mailEnv, COWORK_NOW: new Date(clockAt).toISOString() });
    try {
      await until(`${people} reminders`, 120_000, () => (sink.arrivals.filter((a) => a.subject.startsWith('Starting in')).length >= people ? true : undefined));
    } finally {
      await server.stop();
    }
    const latenessMs = sink.arrivals.filter((a) => a.subject.startsWith('Starting in')).map((a) => clockAt + (a.at - spawnedAt) - due);
    return { people, latenessMs };
  } finally {
    await sink.close();
  }
}
