import { wholeNumberSetting } from '../../config/config.js';
import { DEFAULT_WAIT_MS } from './busy.js';

/** How the server uses its database; README "Configuration" lists the variables. */
export interface DatabaseSettings {
  /** COWORK_DB_WAIT_MS: how long a request waits for another process's lock before a 503. */
  waitMs: number;
  /** COWORK_DB_CHECKPOINT_MS: how often a worker thread checkpoints the WAL; 0 leaves it to SQLite's commits. */
  checkpointIntervalMs: number;
}

const DEFAULT_CHECKPOINT_INTERVAL_MS = 1_000;
const LONGEST_MS = 10 * 60_000;

export function databaseSettings(env: NodeJS.ProcessEnv): DatabaseSettings {
  return {
    waitMs: wholeNumberSetting(env, 'COWORK_DB_WAIT_MS', DEFAULT_WAIT_MS, 0, LONGEST_MS, 'milliseconds'),
    checkpointIntervalMs: wholeNumberSetting(env, 'COWORK_DB_CHECKPOINT_MS', DEFAULT_CHECKPOINT_INTERVAL_MS, 0, LONGEST_MS, 'milliseconds'),
  };
}
