import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startContractProxy } from './contract-proxy.js';

/**
 * Runs the real `bin/cowork serve` (compiled; `npm run build` first) as a child process on a temp
 * database, and resolves once it prints `cowork listening on <url>`. For CLI and multi-process tests.
 */
export const COWORK_BIN = fileURLToPath(new URL('../../bin/cowork', import.meta.url));

/** `cowork serve` stopped before it listened: its exit code and everything it wrote to stderr. */
export class ServerExitedEarly extends Error {
  constructor(readonly code: number | null, readonly stderr: string) {
    super(`cowork serve exited (${code}) before listening:\n${stderr}`);
  }
}

export interface ServerProcess {
  url: string;
  dbPath: string;
  pid: number;
  /** What the server wrote to stderr so far (its log). */
  stderr(): string;
  /** Sends a signal without waiting (SIGKILL to simulate a crash); `stop()` then waits for the exit. */
  kill(signal: NodeJS.Signals): void;
  /** Sends SIGTERM and resolves with the exit code (null if a signal ended it). */
  stop(): Promise<number | null>;
}

/**
 * With `checkContract`, `url` is a proxy that checks every answer against /openapi.json, and
 * `stop()` rejects if any broke it (for clients in other processes, such as the CLI).
 */
export async function startServerProcess(options: { dbPath?: string; env?: Record<string, string>; checkContract?: boolean; port?: number } = {}): Promise<ServerProcess> {
  const server = await startServerChild(options);
  if (!options.checkContract) return server;
  const proxy = await startContractProxy(server.url);
  return {
    ...server,
    url: proxy.url,
    stop: async () => {
      const code = await server.stop();
      await proxy.close();
      return code;
    },
  };
}

/** `port`: a fixed one, for a restart that its clients find again at the same address; by default any free port. */
function startServerChild(options: { dbPath?: string; env?: Record<string, string>; port?: number }): Promise<ServerProcess> {
  const tempDir = options.dbPath ? undefined : mkdtempSync(join(tmpdir(), 'cowork-server-'));
  const dbPath = options.dbPath ?? join(tempDir!, 'cowork.db');
  const child = spawn(process.execPath, [COWORK_BIN, 'serve', '--port', String(options.port ?? 0), '--db', dbPath], {
    // Every test person signs up from 127.0.0.1: lift the per-address sign-up limit unless a test sets it.
    env: { ...process.env, COWORK_SIGNUPS_PER_HOUR: '1000', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const code = await exited;
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    return code;
  };

  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = /cowork listening on (\S+)/.exec(stdout);
      if (match?.[1]) resolve({ url: match[1], dbPath, pid: child.pid!, stderr: () => stderr, kill: (signal) => void child.kill(signal), stop });
    });
    // 'close', not 'exit': only once its pipes are drained does the error hold all the server wrote.
    child.once('close', (code) => reject(new ServerExitedEarly(code, stderr)));
    child.once('error', reject);
  });
}
