import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from './app.js';
import type { AppDeps } from './config/app-env.js';
import { callPageAssets } from './call/call-assets.js';
import { resolveCallSettings } from './call/call-settings.js';
import { describeJitsi, loadJitsiConfig } from './call/jitsi-config.js';
import { shiftedClock, systemClock } from './config/clock.js';
import { clientAddressResolver } from './accounts/client-address.js';
import { ConfigError, resolveServerConfig, type EdgeLimits, type ServeOptions } from './config/config.js';
import { applyEdgeLimits, serverOptions } from './http/http-edge.js';
import { IdleConnections } from './http/idle-connections.js';
import { announceStartingJob } from './jobs/announce-starting.js';
import { DELIVER_WEBHOOKS, deliverWebhooksJob } from './jobs/deliver-webhooks.js';
import { EventWatch } from './events/event-watch.js';
import { pruneJob } from './jobs/prune.js';
import { rollRoutinesJob } from './jobs/roll-routines.js';
import { JobRunner } from './jobs/runner.js';
import { refreshBusyCalendarsJob } from './jobs/refresh-busy-calendars.js';
import { limitsOf } from './config/limits.js';
import { describeMail } from './config/mail-settings.js';
import { DELIVER_MAIL } from './mail/mail-job-names.js';
import { PasswordQueue } from './accounts/password-queue.js';
import { inTurnBatches } from './http/turn-batches.js';
import { startCheckpoints, WAL_PAGES_BEFORE_INLINE_CHECKPOINT, type Checkpoints } from './storage/engine/checkpoints.js';
import { truncateAfterErasures, type WalTruncation } from './storage/engine/wal-truncation.js';
import { Database } from './storage/engine/database.js';
import { databaseSettings, type DatabaseSettings } from './storage/engine/database-settings.js';

export interface RunningServer {
  url: string;
  /** Stops accepting connections, lets in-flight requests and job steps finish, frees job leases, then closes the database. */
  close(): Promise<void>;
}

const SHUTDOWN_GRACE_MS = 10_000;
/** How often a closing server looks again for connections that carry no request. */
const IDLE_SWEEP_MS = 50;
/** Without the checkpoint worker, how often a truncation blocked by a reader is tried again. */
const INLINE_TRUNCATION_RETRY_MS = 1_000;

async function openDatabase(url: string, authToken: string | undefined, settings: DatabaseSettings): Promise<Database> {
  if (url.startsWith('file:')) mkdirSync(dirname(fileURLToPath(url)), { recursive: true });
  const backgroundCheckpoints = url.startsWith('file:') && settings.checkpointIntervalMs > 0;
  try {
    return await Database.open({
      url,
      authToken,
      waitMs: settings.waitMs,
      ...(backgroundCheckpoints ? { walAutocheckpointPages: WAL_PAGES_BEFORE_INLINE_CHECKPOINT } : {}),
    });
  } catch (error) {
    throw new ConfigError(`Cannot open the database at ${url}: ${(error as Error).message}`);
  }
}

function listen(app: ReturnType<typeof createApp>, port: number, host: string, limits: EdgeLimits): Promise<{ server: ServerType; idle: IdleConnections }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: inTurnBatches(app.fetch), port, hostname: host, serverOptions: serverOptions(limits) }, () => resolve({ server, idle }));
    const idle = new IdleConnections(server as Server);
    applyEdgeLimits(server as Server, limits);
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new ConfigError(`Port ${port} on ${host} is in use; pick another with --port.`) : error);
    });
  });
}

/** Starts the API; settings not given in `options` come from `env` (README "Configuration"). */
export async function startServer(options: ServeOptions = {}, env: NodeJS.ProcessEnv = process.env): Promise<RunningServer> {
  const config = resolveServerConfig(options, env);
  const clock = config.now ? shiftedClock(config.now) : systemClock;
  const jitsi = loadJitsiConfig(env);
  const dbSettings = databaseSettings(env);
  const db = await openDatabase(config.dbUrl, config.dbAuthToken, dbSettings);
  let deps: AppDeps;
  let server: ServerType;
  let idle: IdleConnections;
  let jobs: JobRunner | undefined;
  try {
    deps = {
      db, clock, publicUrl: config.publicUrl, call: await resolveCallSettings(jitsi, env, db),
      clientAddress: clientAddressResolver(config.trustProxy), limits: config.usageLimits, webhooks: config.webhooks, passwords: new PasswordQueue(config.passwordQueue),
      // The watch also polls while this process sends webhooks, so a delivery begins within its poll of the commit.
      community: config.community, events: new EventWatch(db, () => jobs?.holds(DELIVER_WEBHOOKS) ?? false), eventSettings: config.events,
      corsOrigins: config.corsOrigins, ...(config.mail ? { mail: config.mail, mailQueued: () => jobs?.kick(DELIVER_MAIL) } : {}),
    };
    // The call page's files are read before listening: a fixed set no request can add to.
    await callPageAssets();
    ({ server, idle } = await listen(createApp(deps), config.port, config.host, config.limits));
  } catch (error) {
    db.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  deps.publicUrl ??= url;
  const jitsiMode = describeJitsi(jitsi);
  console.error(`cowork: ${jitsiMode.info}`);
  if (jitsiMode.warning) console.error(`cowork: warning: ${jitsiMode.warning}`);
  console.error(`cowork: ${describeMail(config.mail)}`);

  jobs = new JobRunner(db, clock, [
    pruneJob(db), announceStartingJob(db), deliverWebhooksJob(db, config.webhooks), rollRoutinesJob(db, limitsOf(deps)),
    refreshBusyCalendarsJob(db, { policy: { timeoutMs: config.busyCalendars.timeoutMs, allowPrivate: config.webhooks.allowPrivate }, maxUpcoming: limitsOf(deps).maxUpcoming }),
    // nodemailer is loaded only by a server that sends mail.
    ...(config.mail ? await (await import('./mail/mail-jobs.js')).mailJobs(db, config.mail, deps.publicUrl) : []),
  ], config.jobs);
  const runner = jobs;
  // A new event may also have queued a notice (matched, unmatched, cancelled) to mail.
  deps.events?.onNewEvents(() => {
    runner.kick(DELIVER_WEBHOOKS);
    if (config.mail) runner.kick(DELIVER_MAIL);
  });
  // The first tick is awaited so start-up leaves no write in flight behind it (another connection in this process may open next).
  await jobs.start();
  let checkpoints: Checkpoints | undefined;
  let inlineTruncation: WalTruncation | undefined;
  if (config.dbUrl.startsWith('file:') && dbSettings.checkpointIntervalMs > 0) {
    checkpoints = startCheckpoints(config.dbUrl, dbSettings.checkpointIntervalMs, db, (message) => console.error(`cowork: WAL checkpoint failed: ${message}`));
  } else if (config.dbUrl.startsWith('file:')) {
    // Without the worker a deletion still ends with the WAL cut to zero bytes, from this thread.
    // It runs on this thread, so writes wait for it whole (holdMs plays no part).
    const truncation = truncateAfterErasures(db, () => db.truncateWal(), {
      retryMs: INLINE_TRUNCATION_RETRY_MS, holdMs: 0, onStuck: (message) => console.error(`cowork: ${message}`),
    });
    db.onErasure(() => truncation.requested());
    inlineTruncation = truncation;
  }

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      const force = setTimeout(() => (server as { closeAllConnections?: () => void }).closeAllConnections?.(), SHUTDOWN_GRACE_MS).unref();
      // Open streams would hold their sockets until the grace period: they end first, and their clients resume elsewhere.
      deps.events?.close();
      const jobsStopped = jobs.stop();
      server.close(async () => {
        clearTimeout(force);
        stopClosingIdle();
        await Promise.all([jobsStopped, checkpoints?.stop()]);
        inlineTruncation?.stop();
        db.close();
        resolve();
      });
      const stopClosingIdle = idle.closeWhileIdle(IDLE_SWEEP_MS);
    }));
  return { url, close };
}
