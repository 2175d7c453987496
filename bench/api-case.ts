import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { startApiServer } from './api-server.js';
import { WARM_UP_REQUESTS, type LoadResult } from './load.js';
import { peakRssMb } from './memory.js';
import { readNext } from './reads.js';
import { bookSlots } from './rush.js';
import { checkRushOutcome, type RushOutcome } from './rush-outcome.js';
import { copySeededDatabase, type SeededDatabase } from './seeding.js';

/** One database size (a growth case), measured in rounds that each start from the same seeded file. */
export interface ApiCasePlan {
  name: string;
  seeded: SeededDatabase;
  rounds: number;
  connections: number;
  readAmount: number;
  /** The rush's slots, booked one after the other by everyone in one load run. */
  rushSlots: Date[];
  /** Slots for the warm-up's bookings (WARM_UP_REQUESTS in all), booked before the rush and not counted. */
  warmUpSlots: Date[];
  workDir: string;
}

export interface ApiRound {
  rush: LoadResult;
  /** One outcome per rush slot. */
  outcomes: RushOutcome[];
  next: LoadResult;
  /** The server process's peak RSS over its whole life: start, warm-up, rush and reads. */
  peakRssMb: number;
}

/** WARM_UP_REQUESTS bookings, slot after slot, each slot booked by as many people as are left to book. */
async function warmUp(url: string, pid: number, tokens: string[], slots: Date[], connections: number): Promise<void> {
  let left = WARM_UP_REQUESTS;
  for (const slot of slots) {
    if (left <= 0) return;
    const people = tokens.slice(0, left);
    await bookSlots(url, pid, people, [slot], connections);
    left -= people.length;
  }
  if (left > 0) throw new Error(`${slots.length} warm-up slots of ${tokens.length} people hold fewer than ${WARM_UP_REQUESTS} bookings`);
}

export async function runApiCase(plan: ApiCasePlan, log: (line: string) => void): Promise<ApiRound[]> {
  const rounds: ApiRound[] = [];
  for (let round = 1; round <= plan.rounds; round++) {
    const db = copySeededDatabase(plan.seeded, join(plan.workDir, `${plan.name}-round-${round}.db`));
    const server = await startApiServer(db.file);
    try {
      await warmUp(server.url, server.pid, db.tokens, plan.warmUpSlots, plan.connections);
      await readNext(server.url, server.pid, db.tokens, WARM_UP_REQUESTS, plan.connections);
      const rush = await bookSlots(server.url, server.pid, db.tokens, plan.rushSlots, plan.connections);
      const outcomes = [];
      for (const slot of plan.rushSlots) outcomes.push(await checkRushOutcome(db.file, slot, 50, db.tokens.length));
      const next = await readNext(server.url, server.pid, db.tokens, plan.readAmount, plan.connections);
      const result = { rush, outcomes, next, peakRssMb: peakRssMb(server.pid) };
      rounds.push(result);
      const problems = outcomes.flatMap((outcome, k) => outcome.problems.map((problem) => `slot ${k + 1}: ${problem}`));
      log(`${plan.name} round ${round}: rush ${rush.requestsPerSecond.toFixed(0)} bookings/s p50 ${rush.p50Ms} ms p99 ${rush.p99Ms} ms ` +
        `(${rush.requests} in ${rush.seconds.toFixed(1)} s, ${rush.serverCpuMsPerRequest.toFixed(3)} ms CPU each) ${JSON.stringify(rush.statuses)}; ` +
        `next ${next.requestsPerSecond.toFixed(0)} req/s p50 ${next.p50Ms} ms (${next.serverCpuMsPerRequest.toFixed(3)} ms CPU each); ` +
        `peak RSS ${result.peakRssMb.toFixed(0)} MB; outcome ${problems.length ? problems.join('; ') : 'ok'}`);
    } finally {
      await server.stop();
      for (const suffix of ['', '-wal', '-shm']) rmSync(db.file + suffix, { force: true });
    }
  }
  return rounds;
}
