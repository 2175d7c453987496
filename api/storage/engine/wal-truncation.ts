/** Where the checkpointer holds writes for a moment: the `Database`. */
export interface HeldWrites {
  readonly writesIdle: boolean;
  betweenWrites(task: () => Promise<void>): void;
  /** Calls `listener` after each committed deletion of personal data; answers how to stop. */
  onErasure(listener: () => void): () => void;
}

/**
 * Cuts the WAL to zero bytes after each committed deletion (SPEC §16). secure_delete zeroes what a
 * deletion removes in the pages it writes, but the WAL still holds the older images of those pages,
 * and a WAL that SQLite starts over keeps its old frames past the new ones until they are
 * overwritten. `wal_checkpoint(TRUNCATE)` copies every frame into the database file, where the
 * zeroed pages replace the old ones, and truncates the WAL.
 *
 * The attempt runs between this process's write batches (writes held at most `holdMs`; reads go
 * on). It fails while a reader of any process keeps a snapshot older than the last frame, or
 * another process holds the write lock, for longer than the worker waits (1 s): then it is tried
 * again every `retryMs` until it succeeds. Deletions committed while an attempt runs are covered by
 * the next one, so each deletion is followed by at least one truncation that began after it committed.
 */
export interface WalTruncation {
  /** A deletion committed: the WAL is to be truncated after it. */
  requested(): void;
  stop(): void;
}

export interface TruncationSettings {
  retryMs: number;
  holdMs: number;
  /** Told once when the truncation keeps failing (a reader holding an old snapshot for long). */
  onStuck: (message: string) => void;
}

/** Consecutive failures after which `onStuck` is told. */
const FAILURES_WORTH_TELLING = 30;

export function truncateAfterErasures(writes: HeldWrites, truncateWal: () => Promise<boolean>, settings: TruncationSettings): WalTruncation {
  let wanted = 0;
  let done = 0;
  let running = false;
  let stopped = false;
  let failures = 0;
  let retry: NodeJS.Timeout | undefined;

  const attempt = () => {
    retry = undefined;
    if (running || stopped || done >= wanted) return;
    running = true;
    writes.betweenWrites(async () => {
      const upTo = wanted;
      const outcome = truncateWal();
      // Writes wait for the truncation at most holdMs; it may finish after they resume.
      await Promise.race([outcome, new Promise((resolve) => setTimeout(resolve, settings.holdMs).unref())]);
      void outcome.then((truncated) => settle(truncated, upTo));
    });
  };

  const settle = (truncated: boolean, upTo: number) => {
    running = false;
    if (truncated) {
      done = Math.max(done, upTo);
      failures = 0;
    } else if (++failures === FAILURES_WORTH_TELLING) {
      settings.onStuck(`the WAL could not be truncated after a deletion for ${FAILURES_WORTH_TELLING} tries; a reader may be holding an old snapshot`);
    }
    if (done < wanted && !stopped) retry ??= setTimeout(attempt, truncated ? 0 : settings.retryMs).unref();
  };

  return {
    requested: () => {
      wanted++;
      if (!retry) attempt();
    },
    stop: () => {
      stopped = true;
      clearTimeout(retry);
    },
  };
}
