import { setTimeout as delay } from 'node:timers/promises';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server on 127.0.0.1 (smtp-server) that checks a user and password, keeps every
 * message it accepted, parsed with mailparser, and can be stopped and started again on the same
 * port (an SMTP server down for a while). For tests of SPEC §14.
 */
export const SMTP_USER = 'cowork@example.org';
export const SMTP_PASS = 'p@ss:word';

export interface Received {
  mail: ParsedMail;
  /** The envelope's recipients, as the SMTP dialogue named them. */
  rcptTo: string[];
  at: Date;
}

export interface SmtpSink {
  port: number;
  /** COWORK_SMTP_URL for this server, the credentials percent-encoded. */
  url: string;
  received: Received[];
  /** Stops listening (connections are refused) until `start()`. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Resolves once `count` messages were accepted in all; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<Received[]>;
}

function newServer(received: Received[]): SMTPServer {
  return new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASS) return callback(null, { user: auth.username });
      return callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push({ mail, rcptTo: session.envelope.rcptTo.map((rcpt) => rcpt.address), at: new Date() });
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const received: Received[] = [];
  let server = newServer(received);
  const listen = (port: number) => new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.server.address() as AddressInfo).port));
  });
  const port = await listen(0);
  const sink: SmtpSink = {
    port,
    url: `smtp://${encodeURIComponent(SMTP_USER)}:${encodeURIComponent(SMTP_PASS)}@127.0.0.1:${port}`,
    received,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
    start: async () => {
      server = newServer(received);
      await listen(port);
    },
    async waitFor(count, timeoutMs = 15_000) {
      for (let waited = 0; waited < timeoutMs; waited += 25) {
        if (received.length >= count) return received;
        await delay(25);
      }
      throw new Error(`the SMTP server received ${received.length} messages, not ${count}, within ${timeoutMs} ms`);
    },
  };
  return sink;
}

/** The one-time code in a mail's text: two groups of five characters. */
export const codeIn = (mail: ParsedMail): string => {
  const code = /\b([0-9A-Z]{5}-[0-9A-Z]{5})\b/.exec(mail.text ?? '')?.[1];
  if (!code) throw new Error(`no code in the mail:\n${mail.text}`);
  return code;
};
