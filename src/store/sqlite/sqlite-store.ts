import Database from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  AuditEvent,
  AuditQuery,
  ListQuery,
  RecordKind,
  RecordReader,
  RecordWriter,
  Store,
  StoredRecord,
} from '../contract.js';
import { StoreError } from '../errors.js';
import {
  AUDIT_COLUMNS,
  checkLimit,
  describeRecord,
  MAX_TIME,
  MIN_TIME,
  RECORD_COLUMNS,
  toEvent,
  toRecord,
  type AuditRow,
  type RecordRow,
} from '../rows.js';
import { migrateSqlite } from './migrate.js';
import { sqliteMigrations } from './migrations/index.js';
import { Mutex } from './mutex.js';

export interface SqliteStoreOptions {
  /**
   * The database file, created when missing. `:memory:` makes a private database in a temporary directory,
   * removed at close, without durable commits: reads and writes use separate connections, which an
   * in-memory SQLite database cannot share.
   */
  file: string;
  /** How long a connection waits for another process's lock before failing (ms). Default 5000. */
  busyTimeoutMs?: number;
}

type Statement = BetterSqlite3.Statement<unknown[]>;

/** Prepared statements of one connection, created on first use and kept. */
class Statements {
  private readonly cache = new Map<string, Statement>();
  constructor(readonly db: BetterSqlite3.Database) {}
  get(sql: string): Statement {
    let s = this.cache.get(sql);
    if (s === undefined) {
      s = this.db.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }
}

const GET = `SELECT ${RECORD_COLUMNS} FROM records WHERE account_id = ? AND kind = ? AND parent = ? AND key = ?`;
const GET_BY_ID = `SELECT ${RECORD_COLUMNS} FROM records WHERE kind = ? AND id = ?`;
const LIST_BY_KEY = `SELECT ${RECORD_COLUMNS} FROM records WHERE account_id = ? AND kind = ? AND key = ? ORDER BY parent`;
const COUNT = 'SELECT count(*) AS n FROM records WHERE account_id = ? AND kind = ?';
const COUNT_PARENT = 'SELECT count(*) AS n FROM records WHERE account_id = ? AND kind = ? AND parent = ?';
const INSERT = `INSERT INTO records (${RECORD_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;
const UPDATE = 'UPDATE records SET data = ?, path = ?, id = ? WHERE account_id = ? AND kind = ? AND parent = ? AND key = ?';
const DELETE = 'DELETE FROM records WHERE account_id = ? AND kind = ? AND parent = ? AND key = ?';
const DELETE_CHILDREN = 'DELETE FROM records WHERE account_id = ? AND kind = ? AND parent = ?';
const APPEND_EVENT = `INSERT INTO audit_events (${AUDIT_COLUMNS}) VALUES (?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING`;
const LIST_EVENTS = `SELECT ${AUDIT_COLUMNS} FROM audit_events WHERE account_id = ? AND time >= ? AND time < ?
  ORDER BY time DESC, seq DESC LIMIT ?`;

/** Every read statement, for the query-plan test. */
export function readStatements(): string[] {
  const shapes = [false, true].flatMap((p) => [false, true].flatMap((x) => [false, true].map((a) => listSql(p, x, a))));
  return [GET, GET_BY_ID, LIST_BY_KEY, COUNT, COUNT_PARENT, UPDATE, DELETE, DELETE_CHILDREN, LIST_EVENTS, ...shapes];
}

/** The SQL for one shape of list query; there are eight, each prepared once. */
function listSql(parent: boolean, pathPrefix: boolean, after: boolean): string {
  const where = ['account_id = ?', 'kind = ?'];
  if (parent) where.push('parent = ?');
  // LIKE and GLOB would need escaping and LIKE ignores case; comparing the leading characters is exact.
  if (pathPrefix) where.push('substr(path, 1, length(?)) = ?');
  if (after) where.push('key > ?');
  return `SELECT ${RECORD_COLUMNS} FROM records WHERE ${where.join(' AND ')} ORDER BY key${parent ? '' : ', parent'} LIMIT ?`;
}

function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** Reads over one connection: the read-only one for the store, the write one inside a transaction. */
class Reader implements RecordReader {
  constructor(
    protected readonly s: Statements,
    private readonly usable: () => void,
  ) {}

  protected check(): void {
    this.usable();
  }

  async get(accountId: string, kind: RecordKind, parent: string, key: string): Promise<StoredRecord | undefined> {
    this.check();
    const row = this.s.get(GET).get(accountId, kind, parent, key) as RecordRow | undefined;
    return row === undefined ? undefined : toRecord(row);
  }

  async getById(kind: RecordKind, id: string): Promise<StoredRecord | undefined> {
    this.check();
    const row = this.s.get(GET_BY_ID).get(kind, id) as RecordRow | undefined;
    return row === undefined ? undefined : toRecord(row);
  }

  async list(q: ListQuery): Promise<StoredRecord[]> {
    this.check();
    const args: unknown[] = [q.accountId, q.kind];
    if (q.parent !== undefined) args.push(q.parent);
    if (q.pathPrefix !== undefined) args.push(q.pathPrefix, q.pathPrefix);
    if (q.after !== undefined) args.push(q.after);
    args.push(checkLimit(q.limit));
    const sql = listSql(q.parent !== undefined, q.pathPrefix !== undefined, q.after !== undefined);
    return (this.s.get(sql).all(...args) as RecordRow[]).map(toRecord);
  }

  async listByKey(accountId: string, kind: RecordKind, key: string): Promise<StoredRecord[]> {
    this.check();
    return (this.s.get(LIST_BY_KEY).all(accountId, kind, key) as RecordRow[]).map(toRecord);
  }

  async count(accountId: string, kind: RecordKind, parent?: string): Promise<number> {
    this.check();
    const row = (parent === undefined
      ? this.s.get(COUNT).get(accountId, kind)
      : this.s.get(COUNT_PARENT).get(accountId, kind, parent)) as { n: number };
    return row.n;
  }
}

/** Writes through the write connection, inside the BEGIN IMMEDIATE the store opened. */
class Writer extends Reader implements RecordWriter {
  private ended = false;

  constructor(s: Statements, usable: () => void) {
    super(s, usable);
  }

  end(): void {
    this.ended = true;
  }

  protected override check(): void {
    if (this.ended) throw new Error('The transaction has ended; its writer can no longer be used.');
    super.check();
  }

  async insert(r: StoredRecord): Promise<void> {
    this.check();
    try {
      this.s.get(INSERT).run(r.accountId, r.kind, r.parent, r.key, r.id ?? null, r.path ?? null, r.createdAt, JSON.stringify(r.data));
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict(r, e);
      throw e;
    }
  }

  async update(r: StoredRecord): Promise<void> {
    this.check();
    let changes: number;
    try {
      changes = this.s.get(UPDATE).run(JSON.stringify(r.data), r.path ?? null, r.id ?? null, r.accountId, r.kind, r.parent, r.key).changes;
    } catch (e) {
      if (isUniqueViolation(e)) throw new StoreError('conflict', `A ${r.kind} with id \`${r.id ?? ''}\` already exists.`);
      throw e;
    }
    if (changes === 0) throw new StoreError('not-found', `${describeRecord(r.accountId, r.kind, r.parent, r.key)} doesn't exist.`);
  }

  async delete(accountId: string, kind: RecordKind, parent: string, key: string): Promise<boolean> {
    this.check();
    return this.s.get(DELETE).run(accountId, kind, parent, key).changes > 0;
  }

  async deleteChildren(accountId: string, kind: RecordKind, parent: string): Promise<number> {
    this.check();
    return this.s.get(DELETE_CHILDREN).run(accountId, kind, parent).changes;
  }

  // INVARIANT: SQLite transactions run one at a time (the store's mutex, then BEGIN IMMEDIATE across
  // processes), so every record is already held until commit; locking is reading.
  async lock(accountId: string, kind: RecordKind, parent: string, key: string): Promise<StoredRecord | undefined> {
    return this.get(accountId, kind, parent, key);
  }
}

function conflict(r: StoredRecord, cause: unknown): StoreError {
  const message = String((cause as { message?: unknown }).message ?? '');
  // SQLite names the index that failed: the (kind, id) one, or the primary key.
  return message.includes('records.id')
    ? new StoreError('conflict', `A ${r.kind} with id \`${r.id ?? ''}\` already exists.`)
    : new StoreError('conflict', `${describeRecord(r.accountId, r.kind, r.parent, r.key)} already exists.`);
}

/** Most transactions committed by one COMMIT (one WAL fsync). */
const MAX_GROUP = 64;

/** A transaction whose writes are in the open SQLite transaction, waiting for the COMMIT that makes them durable. */
interface Pending {
  resolve(): void;
  reject(e: unknown): void;
}

/**
 * Group commit: transactions run one at a time (the mutex), each inside a SAVEPOINT of one SQLite
 * transaction. When one ends and others are already queued, the SQLite transaction stays open for them, so
 * a burst shares one COMMIT and one fsync instead of paying one each. A caller's promise settles only after
 * the COMMIT that holds its writes; a transaction that throws is rolled back to its savepoint and rejects
 * at once. When nobody is waiting, the COMMIT runs at the end of the current turn of the event loop
 * (`setImmediate`), not at once: an HTTP server parses each request in its own I/O callback and a request's
 * transaction finishes inside that callback, so "others already queued" is almost never true there; requests
 * that arrived together still share the COMMIT when it waits for the turn to end. A lone caller pays one turn.
 */
class SqliteStore extends Reader implements Store {
  readonly dialect = 'sqlite';
  private readonly mutex = new Mutex();
  private readonly state: { closed: boolean };
  private readonly w: Statements;
  /** Transactions released into the open SQLite transaction, not yet committed. */
  private group: Pending[] = [];
  private commitScheduled = false;

  constructor(
    private readonly writer: BetterSqlite3.Database,
    private readonly reader: BetterSqlite3.Database,
    private readonly tempDir: string | undefined,
  ) {
    const state = { closed: false };
    super(new Statements(reader), () => {
      if (state.closed) throw new Error('The store is closed.');
    });
    this.state = state;
    this.w = new Statements(writer);
  }

  transaction<T>(fn: (tx: RecordWriter) => Promise<T>): Promise<T> {
    return this.write(async () => {
      const tx = new Writer(this.w, () => this.check());
      try {
        return await fn(tx);
      } finally {
        tx.end();
      }
    });
  }

  async appendEvents(events: AuditEvent[]): Promise<void> {
    this.check();
    if (events.length === 0) return;
    // Appends join the commit group too: an audit event per request would otherwise cost an fsync per request.
    await this.write(async () => {
      const append = this.w.get(APPEND_EVENT);
      for (const e of events) append.run(e.eventId, e.accountId ?? null, e.time, JSON.stringify(e.body));
    });
  }

  private async write<T>(body: () => Promise<T>): Promise<T> {
    this.check();
    await this.mutex.acquire();
    let committed: Promise<void> | undefined;
    let result: T;
    try {
      this.check();
      if (!this.writer.inTransaction) this.w.get('BEGIN IMMEDIATE').run();
      this.w.get('SAVEPOINT tx').run();
      try {
        result = await body();
        this.w.get('RELEASE tx').run();
      } catch (e) {
        this.undo();
        throw e;
      }
      committed = new Promise<void>((resolve, reject) => this.group.push({ resolve, reject }));
    } finally {
      try {
        // Whatever happened to this transaction, the group commits now unless someone queued carries it on.
        if (!this.state.closed && this.writer.inTransaction) {
          if (this.group.length >= MAX_GROUP) this.commit();
          else if (this.mutex.waiting === 0) this.commitAtEndOfTurn();
        }
      } finally {
        this.mutex.release();
      }
    }
    await committed;
    return result;
  }

  /** Commits the open group once the I/O callbacks of this turn have run (their transactions join it). */
  private commitAtEndOfTurn(): void {
    if (this.commitScheduled) return;
    this.commitScheduled = true;
    setImmediate(() => {
      this.commitScheduled = false;
      void this.mutex.acquire().then(() => {
        try {
          if (!this.state.closed && this.writer.inTransaction) this.commit();
        } finally {
          this.mutex.release();
        }
      });
    });
  }

  /** Rolls back to the failed transaction's savepoint, keeping the group's earlier writes. */
  private undo(): void {
    try {
      if (this.writer.inTransaction) {
        this.w.get('ROLLBACK TO tx').run();
        this.w.get('RELEASE tx').run();
        return;
      }
    } catch (e) {
      this.failGroup(e);
      return;
    }
    // SQLite itself rolled back everything (disk full, I/O error): the group's writes are gone.
    this.failGroup(new Error('SQLite rolled back the transaction after an error.'));
  }

  private failGroup(cause: unknown): void {
    try {
      if (this.writer.inTransaction) this.w.get('ROLLBACK').run();
    } catch {
      // Nothing more to undo: the writes are not committed either way, and the callers hear `cause`.
    }
    const group = this.group;
    this.group = [];
    for (const p of group) p.reject(cause);
  }

  private commit(): void {
    const group = this.group;
    this.group = [];
    try {
      this.w.get('COMMIT').run();
    } catch (e) {
      this.group = group;
      this.failGroup(e);
      return;
    }
    for (const p of group) p.resolve();
  }

  async listEvents(q: AuditQuery): Promise<AuditEvent[]> {
    this.check();
    const rows = this.s.get(LIST_EVENTS).all(q.accountId, q.from ?? MIN_TIME, q.to ?? MAX_TIME, checkLimit(q.limit)) as AuditRow[];
    return rows.map(toEvent);
  }

  async close(): Promise<void> {
    if (this.state.closed) return;
    // Waits for the running transaction and those already queued; later ones find the store closed.
    await this.mutex.acquire();
    try {
      if (this.state.closed) return;
      if (this.writer.inTransaction) this.commit();
      this.state.closed = true;
      this.reader.close();
      this.writer.close();
      if (this.tempDir !== undefined) rmSync(this.tempDir, { recursive: true, force: true });
    } finally {
      this.mutex.release();
    }
  }
}

/**
 * Opens (creating and migrating when needed) a SQLite store.
 *
 * Commits are durable (WAL, `synchronous=FULL`). Transactions run one at a time on a dedicated write
 * connection; reads outside transactions use a read-only connection and see the last committed state.
 *
 * @example
 * const store = await openSqliteStore({ file: '/var/lib/gatehouse/gatehouse.db' });
 * await store.transaction((tx) => tx.insert({ accountId, kind: 'user', parent: '', key: 'alice', createdAt: Date.now(), data: {} }));
 */
/**
 * Runs `fn`, retrying while SQLite answers SQLITE_BUSY, until `deadline` (ms since the epoch). SQLite does not
 * call the busy handler in every case: switching a new file to WAL while another process opens it too (or
 * recovers its WAL) can answer BUSY at once.
 */
async function untilNotBusy<T>(fn: () => T, deadline: number): Promise<T> {
  for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
    try {
      return fn();
    } catch (e) {
      const code = (e as { code?: unknown } | null)?.code;
      if (typeof code !== 'string' || !code.startsWith('SQLITE_BUSY') || Date.now() + wait > deadline) throw e;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

export async function openSqliteStore(opts: SqliteStoreOptions): Promise<Store> {
  const memory = opts.file === ':memory:';
  const tempDir = memory ? mkdtempSync(join(tmpdir(), 'gatehouse-sqlite-')) : undefined;
  const file = tempDir === undefined ? opts.file : join(tempDir, 'store.db');
  const busy = opts.busyTimeoutMs ?? 5000;
  let writer: BetterSqlite3.Database | undefined;
  let reader: BetterSqlite3.Database | undefined;
  try {
    writer = new Database(file, { timeout: busy });
    const w = writer;
    const deadline = Date.now() + busy;
    const mode = await untilNotBusy(() => w.pragma('journal_mode = WAL', { simple: true }), deadline);
    if (mode !== 'wal') throw new Error(`The database \`${file}\` cannot use write-ahead logging (journal mode \`${String(mode)}\`).`);
    // FULL syncs the WAL at every commit: a commit that returned survives power loss.
    writer.pragma(memory ? 'synchronous = OFF' : 'synchronous = FULL');
    writer.pragma('cache_size = -16000');
    await untilNotBusy(() => migrateSqlite(w, sqliteMigrations), deadline);
    reader = new Database(file, { readonly: true, timeout: busy });
    reader.pragma('cache_size = -32000');
    return new SqliteStore(writer, reader, tempDir);
  } catch (e) {
    reader?.close();
    writer?.close();
    if (tempDir !== undefined) rmSync(tempDir, { recursive: true, force: true });
    throw e;
  }
}
