/**
 * How long a cached build may serve at most, whatever the counters say, and as long as the records it is built
 * from may have sat in the store's read cache: a change another server process made that went unreported
 * (SQLite can't tell; a PostgreSQL feed that was down) reaches this one within twice this, STALENESS_BOUND_MS.
 */
export const CACHE_MAX_AGE_MS = 2_500;

/** The longest any cache serves what another process changed without telling: the read cache, then a build. */
export const STALENESS_BOUND_MS = 2 * CACHE_MAX_AGE_MS;

/**
 * A counter per account, bumped after every change in the account. Caches of derived data (compiled policy
 * sets, resolved credentials) remember the counter they were built at and rebuild when it moved.
 */
export class Generations {
  private readonly counters = new Map<string, number>();
  private all = 0;
  /** Moved by bumpAll; part of every account's counter, so each one moves. */
  private base = 0;

  get(accountId: string): number {
    return this.base + (this.counters.get(accountId) ?? 0);
  }

  /** Changes in any account so far: a build that saw this move while it ran must not be cached. */
  total(): number {
    return this.all;
  }

  bump(accountId: string): void {
    this.counters.set(accountId, (this.counters.get(accountId) ?? 0) + 1);
    this.all++;
  }

  /** Every account may have changed (changes made elsewhere went unreported). */
  bumpAll(): void {
    this.base++;
    this.all++;
  }
}
