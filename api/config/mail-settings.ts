import { ConfigError } from './config-error.js';

/** Where and how mail leaves (SPEC §14, README "Mail"); absent when the server sends none. */
export interface MailSettings {
  smtp: SmtpServer;
  /** The From header of every mail, `Name <address>` or a bare address. */
  from: string;
  /** The one deadline of a send: connection, TLS, greeting, login and the whole message. */
  timeoutMs: number;
  /** Failed sends wait `firstMs`, then four times longer each time, never more than `longestMs`. */
  retry: { firstMs: number; longestMs: number };
  /** COWORK_ADMINS, lower-cased: admins once their address is verified (SPEC §16). */
  admins: readonly string[];
}

export interface SmtpServer {
  host: string;
  port: number;
  /** smtps://: TLS from the first byte (port 465 by default). */
  secure: boolean;
  /** smtp:// to another machine: STARTTLS or nothing, so credentials never cross a network in clear. */
  requireTLS: boolean;
  user: string | undefined;
  pass: string | undefined;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[?::1\]?)$/i;

/** COWORK_SMTP_URL: `smtp://user:pass@host:587` (STARTTLS) or `smtps://user:pass@host:465`; user and password percent-encoded. */
export function parseSmtpUrl(text: string): SmtpServer {
  const example = 'smtps://user%40example.org:app-password@smtp.fastmail.com:465';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`COWORK_SMTP_URL must be an smtp:// or smtps:// URL such as ${example}; "${redact(text)}" is not a URL.`);
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new ConfigError(`COWORK_SMTP_URL must start with smtp:// (STARTTLS) or smtps:// (TLS), not ${url.protocol}//; for example ${example}`);
  }
  if (!url.hostname) throw new ConfigError(`COWORK_SMTP_URL names no host; write it like ${example}`);
  if (url.pathname && url.pathname !== '/' || url.search || url.hash) {
    throw new ConfigError(`COWORK_SMTP_URL must end after host and port (no path, query or fragment), like ${example}`);
  }
  const user = url.username ? decode(url.username) : undefined;
  const pass = url.password ? decode(url.password) : undefined;
  if ((user === undefined) !== (pass === undefined)) {
    throw new ConfigError('COWORK_SMTP_URL must give both a user and a password (user:password@host) or neither; percent-encode an @ or : inside them (%40, %3A).');
  }
  const secure = url.protocol === 'smtps:';
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return { host, port: url.port ? Number(url.port) : secure ? 465 : 587, secure, requireTLS: !secure && !LOOPBACK.test(url.hostname), user, pass };
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new ConfigError('COWORK_SMTP_URL has a malformed percent-encoding in its user or password; write an @ as %40, a : as %3A, a % as %25.');
  }
}

/** The URL with its password hidden, for messages and the start-up line. */
export function redact(text: string): string {
  return text.replace(/^([a-z]+:\/\/[^:@/]*:)[^@/]*@/i, '$1***@');
}

/** COWORK_MAIL_FROM: `cowork <cowork@example.org>` or `cowork@example.org`. */
export function parseMailFrom(text: string): string {
  const address = /^[^<>\r\n]*<([^<>\s]+)>$/.exec(text.trim())?.[1] ?? text.trim();
  if (!/^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/.test(address) || /[\r\n]/.test(text)) {
    throw new ConfigError(`COWORK_MAIL_FROM must be an address such as cowork@example.org or "cowork <cowork@example.org>", not "${text}".`);
  }
  return text.trim();
}

/** The start-up line: where mail goes, or that there is none and what sets it. */
export function describeMail(mail: MailSettings | undefined): string {
  if (!mail) return 'mail is off: nothing is mailed (no address verification, password reset or notices); set COWORK_SMTP_URL and COWORK_MAIL_FROM to send mail';
  const { smtp } = mail;
  return `mail goes out through ${smtp.secure ? 'smtps' : 'smtp'}://${smtp.host}:${smtp.port} from ${mail.from}`;
}
