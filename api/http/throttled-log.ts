import type { Clock } from '../config/clock.js';

/**
 * A log line any client can cause at will (an aborted upload) would let one client flood the log.
 * The first line is written at once; the ones that follow within `everyMs` are only counted, and the
 * next line written after that says how many were held back (as journald does).
 */
export class ThrottledLog {
  private quietUntil = Number.NEGATIVE_INFINITY;
  private heldBack = 0;

  constructor(
    private readonly clock: Clock,
    private readonly write: (line: string) => void = (line) => console.error(line),
    private readonly everyMs = 60_000,
  ) {}

  log(line: string): void {
    const now = this.clock.now().getTime();
    if (now < this.quietUntil) {
      this.heldBack += 1;
      return;
    }
    this.write(this.heldBack > 0 ? `${line} (and ${this.heldBack} more like it since the last one logged)` : line);
    this.heldBack = 0;
    this.quietUntil = now + this.everyMs;
  }
}
