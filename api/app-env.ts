import type { CallSettings } from './call/call-settings.js';
import type { Clock } from './clock.js';
import type { Database } from './storage/database.js';
import type { User } from './storage/users.js';

/** What every route can reach: the database, the clock and the server's own settings. */
export interface AppDeps {
  db: Database;
  clock: Clock;
  /** The public base URL of this server, for links such as the call page's. */
  publicUrl?: string;
  /** The Jitsi deployment and call-link secret; `startServer` resolves them from the environment. */
  call?: CallSettings;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    user: User;
    tokenHash: string;
  };
}
