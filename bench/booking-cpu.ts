// `node --import tsx bench/booking-cpu.ts [rounds] [variants.json]`: CPU per booking of `bookSession`
// in this process (no HTTP), 50 in flight, 2 × 2,000 bookings a round on the seeded file
// profile-server.ts uses, and the WAL frames each booking writes (with NO_CHECKPOINTS=1, which
// stops the checkpointer so the WAL keeps every frame). Variants, a JSON list of
// `{name, sql: [statements run after migrating]}`, run interleaved round by round in this same
// process, so they share its JIT state and the machine's load; that tells apart changes of a few
// µs that HTTP runs on a busy machine cannot. STORED_SESSIONS and PEOPLE seed a larger file (the
// bench's growth case is 1,000,000 and 100,000). Not part of the bench's report.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createClient } from '@libsql/client';
import { bookSession } from '../api/storage/booking.js';
import { startCheckpoints, WAL_PAGES_BEFORE_INLINE_CHECKPOINT } from '../api/storage/engine/checkpoints.js';
import { Database } from '../api/storage/engine/database.js';
import { HOUR, hourlySlots } from './rush.js';
import { seedDatabase, seededUserId } from './seeding.js';

interface Variant {
  name: string;
  sql?: string[];
}

const rounds = Number(process.argv[2] ?? 5);
const variants: Variant[] = process.argv[3] ? JSON.parse(readFileSync(process.argv[3], 'utf8')) as Variant[] : [{ name: 'as built' }];
const RUSH_PEOPLE = 2_000;
const CONNECTIONS = 50;
const WAL_FRAME_BYTES = 4096 + 24;
const checkpoints = process.env.NO_CHECKPOINTS !== '1';

const now = new Date();
const slots = hourlySlots(new Date(Math.ceil((now.getTime() + 24 * HOUR) / HOUR) * HOUR), 3);
const workDir = mkdtempSync(join(tmpdir(), 'cowork-booking-cpu-'));
const walBytes = (file: string) => { try { return statSync(`${file}-wal`).size; } catch { return 0; } };

async function rush(db: Database, userIds: string[], rushSlots: Date[]): Promise<void> {
  let next = 0;
  const total = userIds.length * rushSlots.length;
  await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
    while (next < total) {
      const i = next++;
      const booking = { userId: userIds[i % userIds.length]!, start: rushSlots[Math.floor(i / userIds.length)]!, duration: 50, task: null, activity: null, quiet: null, partnerId: null };
      await bookSession(db, booking, new Date(), { maxUpcoming: 1_000 });
    }
  }));
}

try {
  const seeded = await seedDatabase(join(workDir, 'seed'), {
    people: Number(process.env.PEOPLE ?? RUSH_PEOPLE), rushPeople: RUSH_PEOPLE,
    storedSessions: Number(process.env.STORED_SESSIONS ?? 1_000), keepFreeUntil: new Date(slots.at(-1)!.getTime() + 3 * HOUR),
  }, now);
  const userIds = Array.from({ length: RUSH_PEOPLE }, (_, i) => seededUserId(i));
  const figures = new Map<string, { cpu: number[]; frames: number[] }>(variants.map((v) => [v.name, { cpu: [], frames: [] }]));
  // Round 0 warms the JIT and is not counted; the order of the variants alternates each round.
  for (let round = 0; round <= rounds; round++) {
    for (const variant of round % 2 ? [...variants].reverse() : variants) {
      const file = join(workDir, 'db');
      for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
      copyFileSync(seeded.file, file);
      const url = pathToFileURL(file).href;
      if (variant.sql?.length) {
        const client = createClient({ url });
        for (const statement of variant.sql) await client.execute(statement);
        client.close();
      }
      // Without the checkpointer no commit may checkpoint either, or the WAL would start over and hide frames.
      const db = await Database.open({ url, walAutocheckpointPages: checkpoints ? WAL_PAGES_BEFORE_INLINE_CHECKPOINT : 1_000_000 });
      const checkpointer = checkpoints ? startCheckpoints(url, 1_000, db, () => {}) : null;
      await rush(db, userIds.slice(0, 200), [slots[2]!]);
      const walBefore = walBytes(file);
      const before = process.cpuUsage();
      await rush(db, userIds, slots.slice(0, 2));
      const used = process.cpuUsage(before);
      const bookings = 2 * RUSH_PEOPLE;
      if (round > 0) {
        figures.get(variant.name)!.cpu.push((used.user + used.system) / bookings);
        figures.get(variant.name)!.frames.push((walBytes(file) - walBefore) / WAL_FRAME_BYTES / bookings);
      }
      await checkpointer?.stop();
      db.close();
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  for (const [name, { cpu, frames }] of figures) {
    const walFigure = checkpoints ? '' : `, ${median(frames).toFixed(2)} WAL frames each`;
    console.log(`${name.padEnd(24)} CPU per booking median ${median(cpu).toFixed(1)} µs, min ${Math.min(...cpu).toFixed(1)} [${cpu.map((x) => x.toFixed(0)).join(' ')}]${walFigure}`);
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
