import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const launcher = fileURLToPath(new URL('../bin/cowork', import.meta.url));

export interface CliStartup {
  runs: number;
  /** Median wall times in ms, each command started `runs` times, interleaved. */
  nodeMs: number;
  versionMs: number;
  listMs: number;
  failures: string[];
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * Wall time from spawn to exit of `cowork --version`, `cowork list --json` (against a running
 * server, logged in through the environment, with an empty config dir) and `node -e 0`. The
 * three alternate, in a rotating order, so that a noisy moment of the machine hits all alike.
 */
export function measureCliStartup(runs: number, serverUrl: string, token: string): CliStartup | string {
  if (!existsSync(launcher)) return 'bin/cowork does not exist yet';
  const configHome = mkdtempSync(join(tmpdir(), 'cowork-bench-config-'));
  const env = { ...process.env, XDG_CONFIG_HOME: configHome, COWORK_SERVER: serverUrl, COWORK_TOKEN: token, NO_COLOR: '1' };
  const commands = {
    nodeMs: [process.execPath, '-e', '0'],
    versionMs: [launcher, '--version'],
    listMs: [launcher, 'list', '--json'],
  } as const;
  const times: Record<keyof typeof commands, number[]> = { nodeMs: [], versionMs: [], listMs: [] };
  const failures: string[] = [];
  try {
    const names = Object.keys(commands) as (keyof typeof commands)[];
    for (let run = 0; run < runs; run++) {
      for (let k = 0; k < names.length; k++) {
        const name = names[(run + k) % names.length]!;
        const [command, ...args] = commands[name];
        const started = process.hrtime.bigint();
        const result = spawnSync(command, args, { env, encoding: 'utf8', timeout: 30_000 });
        times[name].push(Number(process.hrtime.bigint() - started) / 1e6);
        if (result.status !== 0) failures.push(`${[command, ...args].join(' ')} exited ${result.status}: ${(result.stderr || String(result.error)).trim().slice(0, 300)}`);
      }
    }
  } finally {
    rmSync(configHome, { recursive: true, force: true });
  }
  return { runs, nodeMs: median(times.nodeMs), versionMs: median(times.versionMs), listMs: median(times.listMs), failures: [...new Set(failures)] };
}
