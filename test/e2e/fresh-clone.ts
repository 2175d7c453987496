import { spawn, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository whose tests run: the folder that holds this project's package.json. */
export const REPO = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Copies the repository as a clone of the commit about to be made would have it: the files git
 * tracks (added ones too), with their contents in the working tree, so uncommitted edits are tested,
 * while a file never `git add`ed is missing here as it would be from the clone CI makes. Nothing
 * ignored comes along: no node_modules, no dist/, no database.
 */
export function copyTrackedFiles(to: string): number {
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: REPO, encoding: 'utf8' }).split('\0').filter(Boolean);
  let copied = 0;
  for (const path of tracked) {
    // A tracked file deleted in the working tree is gone from the clone of the next commit too.
    if (!existsSync(join(REPO, path))) continue;
    mkdirSync(dirname(join(to, path)), { recursive: true });
    cpSync(join(REPO, path), join(to, path), { preserveTimestamps: true });
    copied += 1;
  }
  return copied;
}

/**
 * The environment of a person's shell: this process's, less what `npm test` and `node --test` put
 * there. npm's own npm_config_* variables would point the inner npm at this repository instead of
 * the copy (npm_config_local_prefix), and COWORK_* settings belong to each command.
 */
export function shellEnv(extra: Record<string, string> = {}): Record<string, string> {
  const inherited = Object.entries(process.env).filter(
    ([key, value]) => value !== undefined && !/^npm_/i.test(key) && !/^COWORK_/.test(key) && !['INIT_CWD', 'NODE_TEST_CONTEXT'].includes(key),
  ) as [string, string][];
  return { ...Object.fromEntries(inherited), NO_COLOR: '1', ...extra };
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command in `cwd` to its end, as typed in a shell there; `input` goes to its stdin. */
export function run(cwd: string, command: string, args: string[], env: Record<string, string>, input = ''): Promise<Run> {
  const child = spawn(command, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end(input);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface Served {
  url: string;
  stderr(): string;
  /** SIGTERM to the whole process group (npx, its shell and the server), as Ctrl-C reaches them all; resolves once all output is read. */
  stop(): Promise<void>;
}

/** Starts `npx cowork serve <args>` in `cwd` in a process group of its own; resolves with the URL it prints. */
export function serve(cwd: string, args: string[], env: Record<string, string>): Promise<Served> {
  const child = spawn('npx', ['cowork', 'serve', ...args], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGTERM');
    await closed;
  };
  return new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const listening = /cowork listening on (\S+)/.exec(stdout);
      if (listening?.[1]) resolve({ url: listening[1], stderr: () => stderr, stop });
    });
    child.once('error', reject);
    void closed.then(() => reject(new Error(`npx cowork serve stopped before listening (${child.exitCode ?? child.signalCode}):\n${stderr}`)));
  });
}
