import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COWORK_BIN, startServerProcess, type ServerProcess } from '../helpers/server-process.js';

/** Runs `bin/cowork` (the esbuild bundle in dist/cli/, `npm run build` first) as a person's script would: no TTY, its own config home and zone. */
export interface CoworkResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CoworkEnv {
  /** The XDG config home, a fresh temp dir per person. */
  configHome: string;
  env: Record<string, string>;
}

const INHERITED = ['PATH', 'HOME', 'LANG', 'SYSTEMROOT'];

/** A person: an empty config home, a time zone, and the server to talk to. */
export function person(server: string, env: Record<string, string> = {}): CoworkEnv {
  const configHome = mkdtempSync(join(tmpdir(), 'cowork-config-'));
  return { configHome, env: { TZ: 'Europe/Berlin', COWORK_SERVER: server, XDG_CONFIG_HOME: configHome, ...env } };
}

export function runCowork(who: CoworkEnv | undefined, args: string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<CoworkResult> {
  const base = Object.fromEntries(INHERITED.flatMap((key) => (process.env[key] ? [[key, process.env[key]!]] : [])));
  const child = spawn(process.execPath, [COWORK_BIN, ...args], {
    env: { ...base, ...who?.env, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end(options.input ?? '');
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let counter = 0;

/** Signs a new person up through the CLI (password on stdin) and returns them, logged in. */
export async function signedUpPerson(server: string, name: string, env: Record<string, string> = {}): Promise<CoworkEnv & { email: string }> {
  const who = person(server, env);
  const email = `${name.toLowerCase()}-${process.pid}-${++counter}@example.org`;
  const result = await runCowork(who, ['signup', '--name', name, '--email', email, '--password-stdin'], { input: 'correct horse battery\n' });
  if (result.code !== 0) throw new Error(`signup failed (${result.code}): ${result.stderr}`);
  return { ...who, email };
}

/**
 * Restarts a server on the same database with a later clock, and points each person at it with the
 * token they had: tokens are kept per server URL, and the restarted server listens on another port.
 */
export async function restartLater(booking: ServerProcess, people: CoworkEnv[], later: Record<string, string>): Promise<ServerProcess> {
  const tokens = await Promise.all(people.map(async (who) => (await runCowork(who, ['config', 'get', 'token'])).stdout.trim()));
  await booking.stop();
  const server = await startServerProcess({ dbPath: booking.dbPath, env: later, checkContract: true });
  people.forEach((who, i) => Object.assign(who.env, later, { COWORK_TOKEN: tokens[i]!, COWORK_SERVER: server.url }));
  return server;
}
