import { UsageError } from '../errors.js';

export interface ServeOptions {
  port?: string | undefined;
  host?: string | undefined;
  db?: string | undefined;
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
 * Runs the API server in this process until SIGINT or SIGTERM, then closes it gracefully.
 * Prints exactly one line on stdout, `cowork listening on <url>`, which scripts and tests wait for.
 */
export async function serve(options: ServeOptions): Promise<void> {
  const port = parsePort(options.port);
  const { startServer } = await import('../../api/server.js');
  const { ConfigError } = await import('../../api/config.js');
  let server;
  try {
    server = await startServer({ port, host: options.host, db: options.db });
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw listenError(error, options) ?? error;
  }
  process.stdout.write(`cowork listening on ${server.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.stderr.write(`cowork: ${signal}, finishing open requests…\n`);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void server.close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
