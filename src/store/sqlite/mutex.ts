/**
 * A FIFO lock for async critical sections. SQLite has one writer; this queues transactions in the process
 * instead of letting them collide on SQLITE_BUSY.
 */
export class Mutex {
  private held = false;
  private readonly waiters: (() => void)[] = [];

  /** How many are queued behind the holder. */
  get waiting(): number {
    return this.waiters.length;
  }

  acquire(): Promise<void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Hands the lock to the next waiter, or frees it. */
  release(): void {
    const next = this.waiters.shift();
    if (next === undefined) this.held = false;
    else next();
  }
}
