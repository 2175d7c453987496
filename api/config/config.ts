import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Community } from './community.js';
import { ConfigError } from './config-error.js';
import { DEFAULT_LIMITS, DEFAULT_PASSWORD_QUEUE, type Limits, type PasswordQueueOptions } from './limits.js';
import { parseMailFrom, parseSmtpUrl, type MailSettings } from './mail-settings.js';

export { ConfigError };

export interface ServeOptions {
  port?: number | undefined;
  host?: string | undefined;
  /** A file path, or a `file:`, `libsql:`, `http(s):` or `ws(s):` URL. */
  db?: string | undefined;
}

export interface ServerConfig {
  port: number;
  host: string;
  dbUrl: string;
  dbAuthToken: string | undefined;
  /** Set only to place the server's clock elsewhere in time (tests, demos). */
  now: Date | undefined;
  publicUrl: string | undefined;
  /** COWORK_CORS_ORIGINS: the browser origins allowed to call the API (none by default). */
  corsOrigins: string[];
  limits: EdgeLimits;
  /** COWORK_TRUST_PROXY=1: take the client address from the last hop of X-Forwarded-For. */
  trustProxy: boolean;
  usageLimits: Limits;
  passwordQueue: PasswordQueueOptions;
  jobs: JobSettings;
  webhooks: WebhookSettings;
  busyCalendars: BusyCalendarSettings;
  community: Community;
  events: EventSettings;
  /** COWORK_SMTP_URL and COWORK_MAIL_FROM (SPEC §14); undefined: the server mails nothing. */
  mail: MailSettings | undefined;
}

/** Live event streams (SPEC §12, README "Live events"). */
export interface EventSettings {
  /** COWORK_EVENT_HEARTBEAT_MS: how often an idle stream gets a comment line, so proxies and clients see it alive. */
  heartbeatMs: number;
}

export const DEFAULT_EVENT_SETTINGS: EventSettings = { heartbeatMs: 15_000 };

/** How busy calendars are fetched (README "Busy calendar"); their address policy is the webhooks' (COWORK_WEBHOOK_ALLOW_PRIVATE). */
export interface BusyCalendarSettings {
  /** COWORK_BUSY_CALENDAR_TIMEOUT_MS: the one deadline of a fetch, at most 10 s (SPEC §15). */
  timeoutMs: number;
}

/** How webhooks are sent (README "Webhooks"). */
export interface WebhookSettings {
  /** COWORK_WEBHOOK_ALLOW_PRIVATE=1: receivers on private, loopback and link-local addresses allowed. */
  allowPrivate: boolean;
  /** The one deadline of a delivery: lookup, connect, request and the whole answer (a receiver that drips is cut off). */
  timeoutMs: number;
  retry: RetryDelays;
}

/** Failed deliveries wait `firstMs`, then four times longer each time, never more than `longestMs` (SPEC §10). */
export interface RetryDelays {
  firstMs: number;
  longestMs: number;
}

/** 30 s, 2 min, 8 min, 32 min, ~2 h, then every 6 h: the last try lands near the 24-hour mark. */
export const DEFAULT_RETRY_DELAYS: RetryDelays = { firstMs: 30_000, longestMs: 6 * 60 * 60_000 };

/** What one process lets clients hold: sockets and the time to send a request (README "Configuration"). */
export interface EdgeLimits {
  maxConnections: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
}

/** How the jobs of SPEC §10 share work between processes (README "Work that runs by itself"). */
export interface JobSettings {
  /** How long a process holds a job after taking or renewing it; a killed holder's job waits this long. */
  leaseMs: number;
  /** How often each process wakes to renew its leases, take free ones and run steps that are due. */
  tickMs: number;
}

const DB_URL_SCHEME = /^(file|libsql|https?|wss?):/i;

export function defaultDatabasePath(env: NodeJS.ProcessEnv): string {
  const dataHome = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(dataHome, 'cowork', 'cowork.db');
}

export function databaseUrl(db: string): string {
  return DB_URL_SCHEME.test(db) ? db : pathToFileURL(resolve(db)).href;
}

function parsePort(value: string | number, source: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`${source} must be a port number from 0 to 65535, not "${value}".`);
  }
  return port;
}

export function wholeNumberSetting(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number, unit: string): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number of ${unit} from ${min} to ${max}, not "${text}"; leave it unset for ${fallback}.`);
  }
  return value;
}

// Well under the usual limit of 1,024 open files, which also covers the database and log files.
const DEFAULT_MAX_CONNECTIONS = 512;

export function resolveEdgeLimits(env: NodeJS.ProcessEnv): EdgeLimits {
  const limits = {
    maxConnections: wholeNumberSetting(env, 'COWORK_MAX_CONNECTIONS', DEFAULT_MAX_CONNECTIONS, 1, 1_000_000, 'connections'),
    headersTimeoutMs: wholeNumberSetting(env, 'COWORK_HEADERS_TIMEOUT_MS', 10_000, 1_000, 600_000, 'milliseconds'),
    requestTimeoutMs: wholeNumberSetting(env, 'COWORK_REQUEST_TIMEOUT_MS', 30_000, 1_000, 3_600_000, 'milliseconds'),
    keepAliveTimeoutMs: wholeNumberSetting(env, 'COWORK_KEEP_ALIVE_TIMEOUT_MS', 5_000, 100, 600_000, 'milliseconds'),
  };
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    throw new ConfigError(`COWORK_HEADERS_TIMEOUT_MS (${limits.headersTimeoutMs}) must not exceed COWORK_REQUEST_TIMEOUT_MS (${limits.requestTimeoutMs}): the headers are part of the request.`);
  }
  return limits;
}

function flag(env: NodeJS.ProcessEnv, name: string): boolean {
  const text = env[name];
  if (text === undefined || text === '' || text === '0') return false;
  if (text === '1') return true;
  throw new ConfigError(`${name} must be 1 or 0, not "${text}".`);
}

export function resolveJobSettings(env: NodeJS.ProcessEnv): JobSettings {
  const leaseMs = wholeNumberSetting(env, 'COWORK_JOB_LEASE_MS', 60_000, 1_000, 3_600_000, 'milliseconds');
  const tickMs = wholeNumberSetting(env, 'COWORK_JOB_TICK_MS', 20_000, 100, 1_800_000, 'milliseconds');
  if (tickMs * 2 > leaseMs) {
    throw new ConfigError(`COWORK_JOB_TICK_MS (${tickMs}) must be at most half of COWORK_JOB_LEASE_MS (${leaseMs}): a holder renews its leases at every tick, so one late tick must not lose them.`);
  }
  return { leaseMs, tickMs };
}

export function resolveWebhookSettings(env: NodeJS.ProcessEnv): WebhookSettings {
  const firstMs = wholeNumberSetting(env, 'COWORK_WEBHOOK_FIRST_RETRY_MS', DEFAULT_RETRY_DELAYS.firstMs, 1_000, 3_600_000, 'milliseconds');
  const longestMs = wholeNumberSetting(env, 'COWORK_WEBHOOK_LONGEST_RETRY_MS', DEFAULT_RETRY_DELAYS.longestMs, 1_000, 86_400_000, 'milliseconds');
  if (firstMs > longestMs) {
    throw new ConfigError(`COWORK_WEBHOOK_FIRST_RETRY_MS (${firstMs}) must not exceed COWORK_WEBHOOK_LONGEST_RETRY_MS (${longestMs}): retry delays grow from the first to the longest.`);
  }
  return {
    allowPrivate: flag(env, 'COWORK_WEBHOOK_ALLOW_PRIVATE'),
    timeoutMs: wholeNumberSetting(env, 'COWORK_WEBHOOK_TIMEOUT_MS', 10_000, 100, 60_000, 'milliseconds'),
    retry: { firstMs, longestMs },
  };
}

export function resolveCommunity(env: NodeJS.ProcessEnv): Community {
  const signup = env.COWORK_SIGNUP || 'open';
  if (signup !== 'open' && signup !== 'invite') {
    throw new ConfigError(`COWORK_SIGNUP must be open or invite, not "${signup}".`);
  }
  return { signup };
}

/** Mail is on when both COWORK_SMTP_URL and COWORK_MAIL_FROM are set; COWORK_ADMINS needs it (SPEC §16). */
export function resolveMail(env: NodeJS.ProcessEnv): MailSettings | undefined {
  const url = env.COWORK_SMTP_URL || undefined;
  const from = env.COWORK_MAIL_FROM || undefined;
  const admins = adminEmails(env);
  if (!url && !from) {
    refuseUnverifiableAdmins(admins);
    return undefined;
  }
  if (!url || !from) {
    throw new ConfigError(`Mail needs both COWORK_SMTP_URL and COWORK_MAIL_FROM; ${url ? 'COWORK_MAIL_FROM' : 'COWORK_SMTP_URL'} is missing (unset both to send no mail).`);
  }
  const firstMs = wholeNumberSetting(env, 'COWORK_MAIL_FIRST_RETRY_MS', DEFAULT_RETRY_DELAYS.firstMs, 1_000, 3_600_000, 'milliseconds');
  const longestMs = wholeNumberSetting(env, 'COWORK_MAIL_LONGEST_RETRY_MS', 60 * 60_000, 1_000, 86_400_000, 'milliseconds');
  if (firstMs > longestMs) {
    throw new ConfigError(`COWORK_MAIL_FIRST_RETRY_MS (${firstMs}) must not exceed COWORK_MAIL_LONGEST_RETRY_MS (${longestMs}): retry delays grow from the first to the longest.`);
  }
  return {
    smtp: parseSmtpUrl(url),
    from: parseMailFrom(from),
    timeoutMs: wholeNumberSetting(env, 'COWORK_SMTP_TIMEOUT_MS', 20_000, 100, 120_000, 'milliseconds'),
    retry: { firstMs, longestMs },
    admins,
  };
}

/** COWORK_ADMINS, lower-cased: the emails whose accounts it names as admins. */
function adminEmails(env: NodeJS.ProcessEnv): string[] {
  const emails = (env.COWORK_ADMINS ?? '').split(',').map((email) => email.trim().toLowerCase()).filter(Boolean);
  const malformed = emails.find((email) => !/^[^@\s]+@[^@\s]+$/.test(email));
  if (malformed) throw new ConfigError(`COWORK_ADMINS must be a comma-separated list of emails; "${malformed}" is not one.`);
  return emails;
}

/**
 * COWORK_ADMINS may grant rights only to accounts whose address was verified by mail (SPEC §16);
 * called only when this server sends no mail, so no address is verified, and honouring the list would make an admin
 * of whoever signs up first with one of its emails.
 */
function refuseUnverifiableAdmins(emails: string[]): void {
  if (emails.length === 0) return;
  throw new ConfigError(
    'COWORK_ADMINS needs addresses verified by mail, and this server sends none: anyone could sign up with those emails. '
    + 'Remove COWORK_ADMINS and grant each admin, on the database the server uses: cowork admin grant <email> --db <path|url>; '
    + 'or turn mail on (COWORK_SMTP_URL and COWORK_MAIL_FROM, README "Mail") so that the listed people verify their addresses.',
  );
}

/**
 * COWORK_CORS_ORIGINS, comma-separated origins such as https://app.example.org: each a scheme and
 * host (and port) alone, since a browser's Origin header is compared with it as text.
 */
export function resolveCorsOrigins(env: NodeJS.ProcessEnv): string[] {
  const origins = (env.COWORK_CORS_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter(Boolean);
  for (const origin of origins) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      // refused below
    }
    if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin) {
      throw new ConfigError(`COWORK_CORS_ORIGINS must list origins such as https://app.example.org (scheme and host, no path or trailing slash), comma-separated; "${origin}" is not one.`);
    }
  }
  return origins;
}

/** Flags first, then the environment, then defaults (SPEC §1, README "Configuration"). */
export function resolveServerConfig(options: ServeOptions, env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = options.port !== undefined ? parsePort(options.port, '--port') : env.PORT ? parsePort(env.PORT, 'PORT') : 8787;
  let now: Date | undefined;
  if (env.COWORK_NOW) {
    now = new Date(env.COWORK_NOW);
    if (Number.isNaN(now.getTime())) throw new ConfigError(`COWORK_NOW must be an ISO 8601 time such as 2030-01-07T13:55:00Z, not "${env.COWORK_NOW}".`);
  }
  const publicUrl = env.COWORK_PUBLIC_URL?.replace(/\/+$/, '');
  if (publicUrl !== undefined && !/^https?:\/\/[^/]+/.test(publicUrl)) {
    throw new ConfigError(`COWORK_PUBLIC_URL must be an http(s) URL such as https://cowork.example.org, not "${publicUrl}".`);
  }
  return {
    port,
    host: options.host ?? env.HOST ?? '127.0.0.1',
    dbUrl: databaseUrl(options.db ?? env.COWORK_DB_URL ?? defaultDatabasePath(env)),
    dbAuthToken: env.COWORK_DB_AUTH_TOKEN || undefined,
    now,
    publicUrl,
    corsOrigins: resolveCorsOrigins(env),
    limits: resolveEdgeLimits(env),
    trustProxy: flag(env, 'COWORK_TRUST_PROXY'),
    usageLimits: {
      maxUpcoming: wholeNumberSetting(env, 'COWORK_MAX_UPCOMING', DEFAULT_LIMITS.maxUpcoming, 1, 10_000, 'sessions'),
      signupsPerHour: wholeNumberSetting(env, 'COWORK_SIGNUPS_PER_HOUR', DEFAULT_LIMITS.signupsPerHour, 1, 1_000_000, 'sign-ups'),
    },
    passwordQueue: {
      slots: wholeNumberSetting(env, 'COWORK_HASH_SLOTS', DEFAULT_PASSWORD_QUEUE.slots, 1, 8, 'hashes at once'),
      maxWaiting: wholeNumberSetting(env, 'COWORK_HASH_QUEUE', DEFAULT_PASSWORD_QUEUE.maxWaiting, 1, 10_000, 'requests per lane'),
    },
    jobs: resolveJobSettings(env),
    webhooks: resolveWebhookSettings(env),
    busyCalendars: { timeoutMs: wholeNumberSetting(env, 'COWORK_BUSY_CALENDAR_TIMEOUT_MS', 10_000, 100, 10_000, 'milliseconds') },
    community: resolveCommunity(env),
    events: { heartbeatMs: wholeNumberSetting(env, 'COWORK_EVENT_HEARTBEAT_MS', DEFAULT_EVENT_SETTINGS.heartbeatMs, 100, 3_600_000, 'milliseconds') },
    mail: resolveMail(env),
  };
}
