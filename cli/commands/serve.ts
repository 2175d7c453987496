import cluster from 'node:cluster';
import { UsageError } from '../errors.js';
import type { ListeningMessage } from './serve-primary.js';
import { parseProcesses } from './serve-processes.js';

export interface ServeOptions {
  port?: string | undefined;
  host?: string | undefined;
  db?: string | undefined;
  processes?: string | undefined;
}

function parsePort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, not "${text}".`, 'Use --port 0 for any free port.');
  return port;
}

/** Why the server could not listen, as a one-line fix, for the mistakes a person makes with --host and --port. */
function listenError(error: unknown, options: ServeOptions): UsageError | undefined {
  const code = (error as NodeJS.ErrnoException).code;
  const host = options.host ?? process.env.HOST ?? '127.0.0.1';
  const port = options.port ?? process.env.PORT ?? '8787';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EADDRNOTAVAIL') {
    return new UsageError(`--host must be an address of this machine, not "${host}".`, 'Use --host 127.0.0.1 (this machine only) or --host 0.0.0.0 (every interface).');
  }
  if (code === 'EADDRINUSE') return new UsageError(`Port ${port} on ${host} is already in use.`, 'Stop the other server, or pick another with --port (0 for any free one).');
  if (code === 'EACCES') return new UsageError(`Listening on port ${port} needs privileges.`, 'Pick a port above 1023 with --port, or --port 0 for any free one.');
  return undefined;
}

/**
 * Runs the API server until SIGINT or SIGTERM, then closes it gracefully: in this process, or with
 * --processes n > 1 in n worker processes that share the port (serve-primary.ts), each of which runs
 * this same command. Prints exactly one line on stdout, `cowork listening on <url>`, which scripts
 * and tests wait for.
 */
export async function serve(options: ServeOptions): Promise<void> {
  const port = parsePort(options.port);
  if (cluster.isWorker) return serveAsWorker(options, port);
  const processes = parseProcesses(options.processes, process.env);
  if (processes > 1) return (await import('./serve-primary.js')).runPrimary(processes);
  const server = await start(options, port);
  // Caught before the line is printed: whoever waits for it may signal the moment it reads it.
  const stopped = stopOn(['SIGINT', 'SIGTERM'], (signal) => {
    process.stderr.write(`cowork: ${signal}, finishing open requests…\n`);
    return server.close();
  });
  process.stdout.write(`cowork listening on ${server.url}\n`);
  await stopped;
}

async function start(options: ServeOptions, port: number | undefined) {
  const { startServer } = await import('../../api/server.js');
  const { ConfigError } = await import('../../api/config/config.js');
  try {
    return await startServer({ port, host: options.host, db: options.db });
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw listenError(error, options) ?? error;
  }
}

/** Resolves once one of the signals arrived and `then` finished; a second signal takes its default course. */
function stopOn(signals: NodeJS.Signals[], then: (signal: NodeJS.Signals) => Promise<void>): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      for (const name of signals) process.off(name, stop);
      void then(signal).then(resolve);
    };
    for (const name of signals) process.on(name, stop);
  });
}

/**
 * One of the primary's workers: tells the primary its URL instead of printing it, and drains on the
 * primary's SIGTERM. Ctrl-C reaches every process of the terminal's group; only the primary acts on it.
 */
async function serveAsWorker(options: ServeOptions, port: number | undefined): Promise<void> {
  const ignoreInterrupt = () => {};
  process.on('SIGINT', ignoreInterrupt);
  // A SIGTERM during start-up (a replacement starting as the primary stops) stops it once it can.
  const stopping = stopOn(['SIGTERM'], async () => {});
  try {
    const server = await start(options, port);
    process.send?.({ cowork: 'listening', url: server.url } satisfies ListeningMessage);
    await stopping;
    await server.close();
  } finally {
    // The channel to the primary would keep this process alive.
    cluster.worker?.disconnect();
  }
}
