import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';
import {
  ANY_ACCOUNT,
  type AuditEvent,
  type AuditQuery,
  type ListQuery,
  type RecordKind,
  type RecordReader,
  type RecordWriter,
  type Store,
  type StoredRecord,
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
import { migratePostgres } from './migrate.js';
import { postgresMigrations } from './migrations/index.js';

export interface PostgresStoreOptions {
  /** `postgresql://user:password@host:5432/database` (see node-postgres for the parameters it accepts). */
  connectionString: string;
  /** Pool size. Default 10. */
  maxConnections?: number;
  /** Told about errors of idle pooled connections (the pool drops them); default: ignored. */
  onIdleError?: (e: Error) => void;
  /** Told when the change feed's connection fails (it reconnects by itself); default: ignored. */
  onFeedError?: (e: Error) => void;
  /** How often the change feed checks its connection, and how long the answer may take (default 15 s, 10 s). */
  feedHeartbeat?: { everyMs: number; timeoutMs: number };
}

/** The channel transactions announce their accounts on (`onExternalChange`). */
const CHANNEL = 'gatehouse_changes';
/** Accounts per notification: a payload holds at most 8,000 bytes. */
const ACCOUNTS_PER_NOTICE = 500;
/** How long the change listener waits before reconnecting, doubling up to the maximum. */
const RELISTEN_MS = { first: 500, max: 30_000 };
/** How often the change listener checks its connection, and how long the answer may take. */
const HEARTBEAT = { everyMs: 15_000, timeoutMs: 10_000 };

type Heartbeat = typeof HEARTBEAT;

/** Both the pool and a checked-out client. */
interface Queryable {
  query<R extends pg.QueryResultRow>(config: pg.QueryConfig): Promise<pg.QueryResult<R>>;
}

// Statements are named, so each pooled connection parses and plans them once.
const PK = 'account_id = $1 AND kind = $2 AND parent = $3 AND key = $4';
const Q = {
  get: { name: 'gh_get', text: `SELECT ${RECORD_COLUMNS} FROM records WHERE ${PK}` },
  lock: { name: 'gh_lock', text: `SELECT ${RECORD_COLUMNS} FROM records WHERE ${PK} FOR UPDATE` },
  lockAddress: { name: 'gh_lock_address', text: 'SELECT pg_advisory_xact_lock($1::bigint)' },
  getById: { name: 'gh_get_by_id', text: `SELECT ${RECORD_COLUMNS} FROM records WHERE kind = $1 AND id = $2` },
  listByKey: {
    name: 'gh_list_by_key',
    text: `SELECT ${RECORD_COLUMNS} FROM records WHERE account_id = $1 AND kind = $2 AND key = $3 ORDER BY parent`,
  },
  count: { name: 'gh_count', text: 'SELECT count(*)::int AS n FROM records WHERE account_id = $1 AND kind = $2' },
  countParent: {
    name: 'gh_count_parent',
    text: 'SELECT count(*)::int AS n FROM records WHERE account_id = $1 AND kind = $2 AND parent = $3',
  },
  // DO NOTHING (rather than an error) keeps the transaction usable after a conflict: PostgreSQL aborts a
  // transaction at its first error.
  insert: {
    name: 'gh_insert',
    text: `INSERT INTO records (${RECORD_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
  },
  exists: { name: 'gh_exists', text: `SELECT 1 FROM records WHERE ${PK}` },
  // The id check is in the statement for the same reason. A concurrent, uncommitted insert of the same id
  // still ends in a unique violation (mapped to a conflict, transaction aborted); ids are random, so that
  // needs a collision between two new ids at the same moment.
  update: {
    name: 'gh_update',
    text: `UPDATE records SET data = $5, path = $6, id = $7 WHERE ${PK} AND ($7::text IS NULL OR NOT EXISTS (
      SELECT 1 FROM records o WHERE o.kind = $2 AND o.id = $7 AND (o.account_id, o.parent, o.key) <> ($1, $3, $4)))`,
  },
  delete: { name: 'gh_delete', text: `DELETE FROM records WHERE ${PK}` },
  deleteChildren: { name: 'gh_delete_children', text: 'DELETE FROM records WHERE account_id = $1 AND kind = $2 AND parent = $3' },
  appendEvents: {
    name: 'gh_append_events',
    text: `INSERT INTO audit_events (${AUDIT_COLUMNS})
      SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[]) ON CONFLICT (event_id) DO NOTHING`,
  },
  listEvents: {
    name: 'gh_list_events',
    text: `SELECT ${AUDIT_COLUMNS} FROM audit_events WHERE account_id = $1 AND time >= $2 AND time < $3
      ORDER BY time DESC, seq DESC LIMIT $4`,
  },
} as const;

/** The statement for one shape of list query (eight shapes). */
function listStatement(parent: boolean, pathPrefix: boolean, after: boolean): { name: string; text: string } {
  const where = ['account_id = $1', 'kind = $2'];
  let n = 2;
  if (parent) where.push(`parent = $${++n}`);
  if (pathPrefix) where.push(`starts_with(path, $${++n})`);
  if (after) where.push(`key > $${++n}`);
  return {
    name: `gh_list_${Number(parent)}${Number(pathPrefix)}${Number(after)}`,
    text: `SELECT ${RECORD_COLUMNS} FROM records WHERE ${where.join(' AND ')} ORDER BY key${parent ? '' : ', parent'} LIMIT $${++n}`,
  };
}
const LIST = new Map<string, { name: string; text: string }>();
for (const p of [false, true]) for (const x of [false, true]) for (const a of [false, true]) LIST.set(`${p}${x}${a}`, listStatement(p, x, a));

function isUniqueViolation(e: unknown): boolean {
  return (e as { code?: unknown } | null)?.code === '23505';
}

/** A 64-bit advisory lock key for a record's address, whether or not the record exists. */
function addressKey(accountId: string, kind: string, parent: string, key: string): string {
  return createHash('sha256').update(JSON.stringify([accountId, kind, parent, key])).digest().readBigInt64BE().toString();
}

class Reader implements RecordReader {
  constructor(
    protected readonly db: Queryable,
    private readonly usable: () => void,
  ) {}

  protected check(): void {
    this.usable();
  }

  protected async query<R extends pg.QueryResultRow>(s: { name: string; text: string }, values: unknown[]): Promise<pg.QueryResult<R>> {
    this.check();
    return this.db.query<R>({ name: s.name, text: s.text, values });
  }

  async get(accountId: string, kind: RecordKind, parent: string, key: string): Promise<StoredRecord | undefined> {
    const row = (await this.query<RecordRow>(Q.get, [accountId, kind, parent, key])).rows[0];
    return row === undefined ? undefined : toRecord(row);
  }

  async getById(kind: RecordKind, id: string): Promise<StoredRecord | undefined> {
    const row = (await this.query<RecordRow>(Q.getById, [kind, id])).rows[0];
    return row === undefined ? undefined : toRecord(row);
  }

  async list(q: ListQuery): Promise<StoredRecord[]> {
    const values: unknown[] = [q.accountId, q.kind];
    if (q.parent !== undefined) values.push(q.parent);
    if (q.pathPrefix !== undefined) values.push(q.pathPrefix);
    if (q.after !== undefined) values.push(q.after);
    values.push(checkLimit(q.limit));
    const s = LIST.get(`${q.parent !== undefined}${q.pathPrefix !== undefined}${q.after !== undefined}`);
    if (s === undefined) throw new Error('unreachable: every list shape has a statement');
    return (await this.query<RecordRow>(s, values)).rows.map(toRecord);
  }

  async listByKey(accountId: string, kind: RecordKind, key: string): Promise<StoredRecord[]> {
    return (await this.query<RecordRow>(Q.listByKey, [accountId, kind, key])).rows.map(toRecord);
  }

  async count(accountId: string, kind: RecordKind, parent?: string): Promise<number> {
    const r = parent === undefined
      ? await this.query<{ n: number }>(Q.count, [accountId, kind])
      : await this.query<{ n: number }>(Q.countParent, [accountId, kind, parent]);
    return r.rows[0]?.n ?? 0;
  }
}

class Writer extends Reader implements RecordWriter {
  private ended = false;
  /** The accounts this transaction wrote in, announced at commit. */
  readonly touched = new Set<string>();

  end(): void {
    this.ended = true;
  }

  protected override check(): void {
    if (this.ended) throw new Error('The transaction has ended; its writer can no longer be used.');
    super.check();
  }

  async insert(r: StoredRecord): Promise<void> {
    this.touched.add(r.accountId);
    const values = [r.accountId, r.kind, r.parent, r.key, r.id ?? null, r.path ?? null, r.createdAt, JSON.stringify(r.data)];
    let inserted: number | null;
    try {
      inserted = (await this.query(Q.insert, values)).rowCount;
    } catch (e) {
      if (isUniqueViolation(e)) throw new StoreError('conflict', `${describeRecord(r.accountId, r.kind, r.parent, r.key)} already exists.`);
      throw e;
    }
    if (inserted === 1) return;
    const keyTaken = (await this.query(Q.exists, [r.accountId, r.kind, r.parent, r.key])).rowCount === 1;
    throw keyTaken
      ? new StoreError('conflict', `${describeRecord(r.accountId, r.kind, r.parent, r.key)} already exists.`)
      : new StoreError('conflict', `A ${r.kind} with id \`${r.id ?? ''}\` already exists.`);
  }

  async update(r: StoredRecord): Promise<void> {
    this.touched.add(r.accountId);
    const values = [r.accountId, r.kind, r.parent, r.key, JSON.stringify(r.data), r.path ?? null, r.id ?? null];
    const idTaken = new StoreError('conflict', `A ${r.kind} with id \`${r.id ?? ''}\` already exists.`);
    let updated: number | null;
    try {
      updated = (await this.query(Q.update, values)).rowCount;
    } catch (e) {
      if (isUniqueViolation(e)) throw idTaken;
      throw e;
    }
    if (updated === 1) return;
    if ((await this.query(Q.exists, [r.accountId, r.kind, r.parent, r.key])).rowCount === 1) throw idTaken;
    throw new StoreError('not-found', `${describeRecord(r.accountId, r.kind, r.parent, r.key)} doesn't exist.`);
  }

  async delete(accountId: string, kind: RecordKind, parent: string, key: string): Promise<boolean> {
    this.touched.add(accountId);
    return ((await this.query(Q.delete, [accountId, kind, parent, key])).rowCount ?? 0) > 0;
  }

  async deleteChildren(accountId: string, kind: RecordKind, parent: string): Promise<number> {
    this.touched.add(accountId);
    return (await this.query(Q.deleteChildren, [accountId, kind, parent])).rowCount ?? 0;
  }

  async lock(accountId: string, kind: RecordKind, parent: string, key: string): Promise<StoredRecord | undefined> {
    const pk = [accountId, kind, parent, key];
    let row = (await this.query<RecordRow>(Q.lock, pk)).rows[0];
    if (row === undefined) {
      // Nothing to hold a row lock on: hold the address instead, then look again, since the record may have
      // been created while we waited (READ COMMITTED: each statement sees the latest commits).
      await this.query(Q.lockAddress, [addressKey(accountId, kind, parent, key)]);
      row = (await this.query<RecordRow>(Q.lock, pk)).rows[0];
    }
    return row === undefined ? undefined : toRecord(row);
  }
}

class PostgresStore extends Reader implements Store {
  readonly dialect = 'postgres';
  private readonly state: { closed: boolean };
  /** Tells this store's own notifications from other processes'. */
  private readonly node = randomUUID();
  private readonly listeners = new Set<(accountId: string) => void>();
  private feed: ChangeFeed | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly connection: pg.ClientConfig,
    private readonly onFeedError: (e: Error) => void,
    private readonly heartbeat: Heartbeat,
  ) {
    const state = { closed: false };
    super(pool, () => {
      if (state.closed) throw new Error('The store is closed.');
    });
    this.state = state;
  }

  onExternalChange(listener: (accountId: string) => void): () => void {
    this.check();
    this.listeners.add(listener);
    this.feed ??= new ChangeFeed(this.connection, this.heartbeat, {
      notified: (payload) => this.received(payload),
      // Whatever was committed before LISTEN took effect went unannounced.
      listening: () => this.report(ANY_ACCOUNT),
      failed: this.onFeedError,
    });
    return () => {
      this.listeners.delete(listener);
    };
  }

  private received(payload: string): void {
    const space = payload.indexOf(' ');
    if (space < 0 || payload.slice(0, space) === this.node) return;
    for (const accountId of payload.slice(space + 1).split(',')) this.report(accountId);
  }

  private report(accountId: string): void {
    for (const l of this.listeners) l(accountId);
  }

  async transaction<T>(fn: (tx: RecordWriter) => Promise<T>): Promise<T> {
    this.check();
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      // Explicit, whatever the database default: a lock followed by a count must see the commits it waited for.
      await client.query('BEGIN ISOLATION LEVEL READ COMMITTED');
      // A transaction that has its connection finishes even if the store is closed meanwhile (close waits).
      const tx = new Writer(client, () => undefined);
      try {
        const result = await fn(tx);
        tx.end();
        // Delivered by PostgreSQL at COMMIT, to every listening server, only if the transaction commits.
        const accounts = [...tx.touched];
        for (let i = 0; i < accounts.length; i += ACCOUNTS_PER_NOTICE) {
          await client.query('SELECT pg_notify($1, $2)', [CHANNEL, `${this.node} ${accounts.slice(i, i + ACCOUNTS_PER_NOTICE).join(',')}`]);
        }
        const done = await client.query('COMMIT');
        // COMMIT of a transaction that already failed answers ROLLBACK rather than an error.
        if (done.command !== 'COMMIT') throw new Error('The transaction was rolled back: one of its statements failed.');
        return result;
      } catch (e) {
        tx.end();
        await client.query('ROLLBACK').catch((re: unknown) => {
          broken = re instanceof Error ? re : new Error(String(re));
        });
        throw e;
      }
    } finally {
      // A connection that can't roll back is discarded rather than returned to the pool.
      client.release(broken);
    }
  }

  async appendEvents(events: AuditEvent[]): Promise<void> {
    if (events.length === 0) return this.check();
    await this.query(Q.appendEvents, [
      events.map((e) => e.eventId),
      events.map((e) => e.accountId ?? null),
      events.map((e) => e.time),
      events.map((e) => JSON.stringify(e.body)),
    ]);
  }

  async listEvents(q: AuditQuery): Promise<AuditEvent[]> {
    const r = await this.query<AuditRow>(Q.listEvents, [q.accountId, q.from ?? MIN_TIME, q.to ?? MAX_TIME, checkLimit(q.limit)]);
    return r.rows.map(toEvent);
  }

  async close(): Promise<void> {
    if (this.state.closed) return;
    this.state.closed = true;
    // Resolves once every checked-out connection (a running transaction) is back and closed; the feed serves
    // until then.
    await this.pool.end();
    await this.feed?.close();
  }
}

/** What the change feed tells its store. */
interface FeedEvents {
  notified(payload: string): void;
  /** LISTEN took effect (at first, and after every reconnection). */
  listening(): void;
  failed(e: Error): void;
}

/**
 * A connection of its own that LISTENs on the change channel, reconnecting (with a growing wait) whenever it
 * is lost; notifications sent while it is down are lost with it, which `listening` on reconnection admits. A
 * connection whose peer vanished without a word (a NAT that forgot it, a failover) is found by a heartbeat
 * query that must answer in time, rather than by TCP, which would take hours.
 */
class ChangeFeed {
  private client: pg.Client | undefined;
  private closed = false;
  private wait = RELISTEN_MS.first;
  private timer: NodeJS.Timeout | undefined;
  private beat: NodeJS.Timeout | undefined;

  constructor(
    private readonly connection: pg.ClientConfig,
    private readonly heartbeat: Heartbeat,
    private readonly on: FeedEvents,
  ) {
    void this.listen();
  }

  private async listen(): Promise<void> {
    const { everyMs, timeoutMs } = this.heartbeat;
    const client = new pg.Client({ ...this.connection, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
    this.client = client;
    // One report per connection: pg emits a second error when a connection the server ended closes.
    let reported = false;
    const fail = (e: unknown): void => {
      if (reported || this.closed) return;
      reported = true;
      this.on.failed(e instanceof Error ? e : new Error(String(e)));
    };
    client.on('notification', (n) => {
      if (n.channel === CHANNEL && n.payload !== undefined) this.on.notified(n.payload);
    });
    // An error ends the connection: 'end' follows and schedules the next attempt.
    client.on('error', fail);
    client.on('end', () => this.abandon(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      this.wait = RELISTEN_MS.first;
      this.beat = setInterval(() => {
        client.query('SELECT 1').catch((e: unknown) => {
          fail(e);
          this.abandon(client);
        });
      }, everyMs);
      this.beat.unref();
      this.on.listening();
    } catch (e) {
      fail(e);
      this.abandon(client);
    }
  }

  /** Gives `client` up (if it is still the feed's) and schedules a new connection. */
  private abandon(client: pg.Client): void {
    if (this.closed || this.client !== client || this.timer !== undefined) return;
    clearInterval(this.beat);
    // Ending a connection whose peer is gone may never finish; the next one doesn't wait for it.
    client.end().catch(() => undefined);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.closed) void this.listen();
    }, this.wait);
    this.timer.unref();
    this.wait = Math.min(this.wait * 2, RELISTEN_MS.max);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    clearInterval(this.beat);
    await this.client?.end().catch(() => undefined);
  }
}

/**
 * Opens (migrating when needed) a PostgreSQL store over a connection pool.
 *
 * @example
 * const store = await openPostgresStore({ connectionString: 'postgresql://gatehouse@localhost/gatehouse' });
 * const user = await store.get(accountId, 'user', '', 'alice');
 */
export async function openPostgresStore(opts: PostgresStoreOptions): Promise<Store> {
  const pool = new pg.Pool({ connectionString: opts.connectionString, max: opts.maxConnections ?? 10, application_name: 'gatehouse' });
  // Without a listener an idle connection's error (a server restart) would crash the process.
  pool.on('error', opts.onIdleError ?? (() => undefined));
  try {
    const client = await pool.connect();
    try {
      await migratePostgres(client, postgresMigrations);
    } finally {
      client.release();
    }
    return new PostgresStore(pool, { connectionString: opts.connectionString, application_name: 'gatehouse-changes' }, opts.onFeedError ?? (() => undefined), opts.feedHeartbeat ?? HEARTBEAT);
  } catch (e) {
    await pool.end();
    throw e;
  }
}
