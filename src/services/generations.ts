/**
 * A counter per account, bumped after every change in the account. Caches of derived data (compiled policy
 * sets, resolved credentials) remember the counter they were built at and rebuild when it moved.
 */
/**
 * How long a cached build may serve at most, whatever the counters say: changes made through another server
 * process (several nodes on one PostgreSQL database) reach this one within this time.
 */
export const CACHE_MAX_AGE_MS = 5_000;

export class Generations {
  private readonly counters = new Map<string, number>();
  private all = 0;

  get(accountId: string): number {
    return this.counters.get(accountId) ?? 0;
  }

  /** Changes in any account so far: a build that saw this move while it ran must not be cached. */
  total(): number {
    return this.all;
  }

  bump(accountId: string): void {
    this.counters.set(accountId, this.get(accountId) + 1);
    this.all++;
  }
}
