import type { Context, Env } from 'hono';
import type { CallSettings } from '../call/call-settings.js';
import type { Clock } from './clock.js';
import type { WebhookSettings } from './config.js';
import type { Community } from './community.js';
import type { Limits } from './limits.js';
import type { MailSettings } from './mail-settings.js';
import type { PasswordQueue } from '../accounts/password-queue.js';
import type { Database } from '../storage/engine/database.js';
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
  /** How mail leaves (COWORK_SMTP_URL, SPEC §14); unset, the server mails nothing and says what to do instead. */
  mail?: MailSettings;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    user: User;
    tokenHash: string;
  };
}

/** Where a request comes from, for per-client limits; null when there is no socket (in-process requests). */
export type ClientAddressResolver = (c: Context<AppEnv>) => string | null;

/**
 * A rule a route checks before reading its input (`defineRoute`'s `security` and `checks`):
 * it sets request variables, or throws the Problem that answers the request.
 */
export type RequestCheck<E extends Env = AppEnv> = (c: Context<E>) => Promise<void> | void;
