/**
 * A read-through cache in front of a store, for `get` outside transactions: the reads every Get* call makes
 * twice (once to authorize against the resource's tags, once to answer).
 *
 * Invalidation is by account: each account has an epoch, moved after every transaction that wrote in it
 * commits (or fails: a failed group commit may have changed nothing, but nothing is assumed), and when the
 * store reports a change another process committed (`onExternalChange`: PostgreSQL). A cached record serves
 * only while its account's epoch is the one it was read under, so a read that raced a commit is never served
 * afterwards. Writes by another process that go unreported (SQLite; a lost PostgreSQL connection) reach this
 * process when an entry ages out (`maxAgeMs`), as they reach the other per-process caches.
 * Absent records are not cached, so a record created anywhere is visible at once.
 *
 * Entries keep the record's data as JSON text and every hit parses it again: callers own what they get and
 * may change it.
 */
import { ANY_ACCOUNT, type AuditEvent, type AuditQuery, type ListQuery, type RecordKind, type RecordWriter, type Store, type StoredRecord } from './contract.js';

export interface ReadCacheOptions {
  /** How long an entry may serve at most, whatever the epochs say (ms). */
  maxAgeMs: number;
  /** Entries kept at most; the oldest go first. */
  maxEntries: number;
  /** Milliseconds now (tests move it). */
  now?: () => number;
}

interface Entry {
  epoch: number;
  readAt: number;
  meta: Omit<StoredRecord, 'data'>;
  data: string;
}

// INVARIANT: account IDs, kinds, parents and keys never hold U+0000 (the contract), so the joined key is unique.
const entryKey = (accountId: string, kind: RecordKind, parent: string, key: string): string => `${accountId}\0${kind}\0${parent}\0${key}`;

/** Passes every call to the transaction's writer and notes the accounts written in. */
class TrackingWriter implements RecordWriter {
  constructor(
    private readonly tx: RecordWriter,
    private readonly touched: Set<string>,
  ) {}
  get(accountId: string, kind: RecordKind, parent: string, key: string): Promise<StoredRecord | undefined> {
    return this.tx.get(accountId, kind, parent, key);
  }
  getById(kind: RecordKind, id: string): Promise<StoredRecord | undefined> {
    return this.tx.getById(kind, id);
  }
  list(q: ListQuery): Promise<StoredRecord[]> {
    return this.tx.list(q);
  }
  listByKey(accountId: string, kind: RecordKind, key: string): Promise<StoredRecord[]> {
    return this.tx.listByKey(accountId, kind, key);
  }
  count(accountId: string, kind: RecordKind, parent?: string): Promise<number> {
    return this.tx.count(accountId, kind, parent);
  }
  lock(accountId: string, kind: RecordKind, parent: string, key: string): Promise<StoredRecord | undefined> {
    return this.tx.lock(accountId, kind, parent, key);
  }
  insert(r: StoredRecord): Promise<void> {
    this.touched.add(r.accountId);
    return this.tx.insert(r);
  }
  update(r: StoredRecord): Promise<void> {
    this.touched.add(r.accountId);
    return this.tx.update(r);
  }
  delete(accountId: string, kind: RecordKind, parent: string, key: string): Promise<boolean> {
    this.touched.add(accountId);
    return this.tx.delete(accountId, kind, parent, key);
  }
  deleteChildren(accountId: string, kind: RecordKind, parent: string): Promise<number> {
    this.touched.add(accountId);
    return this.tx.deleteChildren(accountId, kind, parent);
  }
}

class ReadCachedStore implements Store {
  private readonly entries = new Map<string, Entry>();
  private readonly epochs = new Map<string, number>();
  /** Moved when any account may have changed ({@link ANY_ACCOUNT}); part of every account's epoch. */
  private base = 0;
  private readonly now: () => number;
  private readonly unsubscribe: (() => void) | undefined;

  constructor(
    private readonly inner: Store,
    private readonly opts: ReadCacheOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.unsubscribe = inner.onExternalChange?.((accountId) => this.moveEpoch(accountId));
    this.onExternalChange = inner.onExternalChange?.bind(inner);
  }

  readonly onExternalChange: Store['onExternalChange'];

  private moveEpoch(accountId: string): void {
    if (accountId === ANY_ACCOUNT) {
      this.base++;
      this.entries.clear();
    } else {
      this.epochs.set(accountId, (this.epochs.get(accountId) ?? 0) + 1);
    }
  }

  get dialect(): string {
    return this.inner.dialect;
  }

  private epoch(accountId: string): number {
    return this.base + (this.epochs.get(accountId) ?? 0);
  }

  async get(accountId: string, kind: RecordKind, parent: string, key: string): Promise<StoredRecord | undefined> {
    const k = entryKey(accountId, kind, parent, key);
    const epoch = this.epoch(accountId);
    const hit = this.entries.get(k);
    if (hit !== undefined) {
      if (hit.epoch === epoch && this.now() - hit.readAt < this.opts.maxAgeMs) return { ...hit.meta, data: JSON.parse(hit.data) as StoredRecord['data'] };
      this.entries.delete(k);
    }
    const readAt = this.now();
    const record = await this.inner.get(accountId, kind, parent, key);
    // A transaction in this account committed while the read ran: what was read may be either side of it.
    if (record !== undefined && this.epoch(accountId) === epoch) {
      const { data, ...meta } = record;
      this.entries.set(k, { epoch, readAt, meta, data: JSON.stringify(data) });
      if (this.entries.size > this.opts.maxEntries) {
        const oldest = this.entries.keys().next().value;
        if (oldest !== undefined) this.entries.delete(oldest);
      }
    }
    return record;
  }

  getById(kind: RecordKind, id: string): Promise<StoredRecord | undefined> {
    return this.inner.getById(kind, id);
  }

  list(q: ListQuery): Promise<StoredRecord[]> {
    return this.inner.list(q);
  }

  listByKey(accountId: string, kind: RecordKind, key: string): Promise<StoredRecord[]> {
    return this.inner.listByKey(accountId, kind, key);
  }

  count(accountId: string, kind: RecordKind, parent?: string): Promise<number> {
    return this.inner.count(accountId, kind, parent);
  }

  async transaction<T>(fn: (tx: RecordWriter) => Promise<T>): Promise<T> {
    const touched = new Set<string>();
    try {
      return await this.inner.transaction((tx) => fn(new TrackingWriter(tx, touched)));
    } finally {
      for (const a of touched) this.moveEpoch(a);
    }
  }

  appendEvents(events: AuditEvent[]): Promise<void> {
    return this.inner.appendEvents(events);
  }

  listEvents(q: AuditQuery): Promise<AuditEvent[]> {
    return this.inner.listEvents(q);
  }

  async close(): Promise<void> {
    // Transactions still running commit (and move epochs) before the reports stop.
    await this.inner.close();
    this.unsubscribe?.();
    this.entries.clear();
  }
}

/** `store` with a read-through cache for `get` (see the module comment for what it guarantees). */
export function withReadCache(store: Store, opts: ReadCacheOptions): Store {
  return new ReadCachedStore(store, opts);
}
