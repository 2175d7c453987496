import { spawn, type ChildProcess } from 'node:child_process';

/**
 * Every process the benchmark starts goes through here, so that all of them are stopped at the
 * end, on success, on failure and on Ctrl-C alike.
 */
export interface Child {
  pid: number;
  /** The first http:// URL the process printed, once it said it is listening. */
  url: string;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
const READY_TIMEOUT_MS = 30_000;

export function startChild(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Child> {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  return new Promise<Child>((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')}: ${why}\n${output}`));
    };
    const timer = setTimeout(() => fail('not listening after 30 s'), READY_TIMEOUT_MS);
    child.once('exit', (code) => fail(`exited with ${code} before listening`));
    child.stderr!.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (!url) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.once('exit', () => running.delete(child));
      resolve({ pid: child.pid!, url, stop: () => stopChild(child) });
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function stopAllChildren(): Promise<void> {
  await Promise.all([...running].map(stopChild));
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const child of running) child.kill('SIGKILL');
    process.exit(130);
  });
}
