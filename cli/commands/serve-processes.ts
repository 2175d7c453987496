import { availableParallelism } from 'node:os';
import { UsageError } from '../errors.js';

export const MAX_PROCESSES = 64;

/**
 * How many server processes `cowork serve` runs: --processes, else COWORK_PROCESSES, else 1.
 * `auto` means one per CPU core this process may use.
 */
export function parseProcesses(flag: string | undefined, env: NodeJS.ProcessEnv): number {
  const fromFlag = flag !== undefined;
  const text = fromFlag ? flag : env.COWORK_PROCESSES;
  if (text === undefined || (!fromFlag && text === '')) return 1;
  if (text === 'auto') return Math.min(availableParallelism(), MAX_PROCESSES);
  const count = Number(text);
  if (!/^\d+$/.test(text) || count < 1 || count > MAX_PROCESSES) {
    const name = fromFlag ? '--processes' : 'COWORK_PROCESSES';
    throw new UsageError(`${name} must be a whole number from 1 to ${MAX_PROCESSES} or "auto", not "${text}".`, 'Use --processes auto for one per CPU core, or leave it out for a single process.');
  }
  return count;
}
