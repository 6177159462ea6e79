/**
 * The wait between a live tail's reconnect attempts: 0.5 s after the first failure, doubling up to 5 s, and back to
 * 0.5 s once a reconnect succeeds, so a second outage later in the same tail is retried as promptly as the first. Pure.
 */
export class ReconnectBackoff {
  private failures = 0;

  constructor(private readonly baseMs = 500, private readonly maxMs = 5000) {}

  /** The wait before the next attempt, counting one more failure: 500, 1000, 2000, 4000, 5000, 5000… ms by default. */
  next(): number {
    const wait = Math.min(this.maxMs, this.baseMs * 2 ** Math.min(this.failures, 30));
    this.failures++;
    return wait;
  }

  /** A reconnect succeeded: the next outage starts again from the base wait. */
  reset(): void { this.failures = 0; }
}
