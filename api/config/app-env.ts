import type { Context, Env } from 'hono';
import type { CallSettings } from '../call/call-settings.js';
import type { Clock } from './clock.js';
import type { EventSettings, WebhookSettings } from './config.js';
import type { Community } from './community.js';
import type { Limits } from './limits.js';
import type { MailSettings } from './mail-settings.js';
import type { PasswordQueue } from '../accounts/password-queue.js';
import type { Database } from '../storage/engine/database.js';
import type { EventWatch } from '../events/event-watch.js';
import type { HostLookupOptions } from '../webhooks/host-addresses.js';
import type { User } from '../storage/users.js';

/** What every route can reach: the database, the clock and the server's own settings. */
export interface AppDeps {
  db: Database;
  clock: Clock;
  /** The public base URL of this server, for links such as the call page's. */
  publicUrl?: string;
  /** The Jitsi deployment and call-link secret; `startServer` resolves them from the environment. */
  call?: CallSettings;
  /** Where a request comes from; by default the socket's address (tests inject their own). */
  clientAddress?: ClientAddressResolver;
  /** The bounded queue every password hash goes through; by default one per app. */
  passwords?: PasswordQueue;
  /** Per-person and per-client limits; unset ones take their defaults. */
  limits?: Partial<Limits>;
  /** Whether webhooks may point at private addresses; by default they may not. */
  webhooks?: Pick<WebhookSettings, 'allowPrivate'>;
  /** How a new webhook's host is resolved; by default the system's DNS servers within a few seconds (tests inject a silent one). */
  webhookHostLookup?: HostLookupOptions;
  /** The sign-up mode (COWORK_SIGNUP); by default open. */
  community?: Community;
  /** This process's reader of the event log, which live streams join; by default one made on the first stream. */
  events?: EventWatch;
  /** The live streams' heartbeat (COWORK_EVENT_HEARTBEAT_MS); by default every 15 s. */
  eventSettings?: EventSettings;
  /** The browser origins allowed to call the API (COWORK_CORS_ORIGINS); by default none. */
  corsOrigins?: readonly string[];
  /** Called after a commit that queued a mail a person waits for (a code), so it leaves at once rather than at the mail job's next step. */
  mailQueued?: () => void;
  /** How mail leaves (COWORK_SMTP_URL, SPEC §14); unset, the server mails nothing and says what to do instead. */
  mail?: MailSettings;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    user: User;
    tokenHash: string;
    /** This request's id (X-Request-Id): in its answer, its problem document and its log lines. */
    requestId: string;
    /** The RateLimit fields of a rate-limited route, for its answer whatever it is (api/http/rate-limit-answer.ts). */
    rateLimit: Record<string, string>;
  };
}

/** Where a request comes from, for per-client limits; null when there is no socket (in-process requests). */
export type ClientAddressResolver = (c: Context<AppEnv>) => string | null;

/**
 * A rule a route checks before reading its input (`defineRoute`'s `security` and `checks`):
 * it sets request variables, or throws the Problem that answers the request.
 */
export type RequestCheck<E extends Env = AppEnv> = (c: Context<E>) => Promise<void> | void;
