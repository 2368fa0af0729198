/**
 * The storage contract. Every backend (SQLite, PostgreSQL) implements these interfaces and passes the one
 * conformance suite in `src/store/conformance`.
 *
 * The model is deliberately small: IAM's entities are records of a `kind` inside an account, addressed by a
 * case-insensitive `key` (IAM names are unique regardless of case) under an optional `parent` record (an access
 * key under its user, a policy version under its policy, a group membership under its group). A record's
 * `data` is a JSON object the service layer owns; the store never interprets it, and never sees a secret in
 * clear (the service layer encrypts or hashes before it writes).
 *
 * Rules every backend keeps (the conformance suite checks each one):
 * - Strings are compared exactly and ordered by code point (the byte order of their UTF-8 encoding), the same in
 *   every backend: `B` < `a` < `é` < `～` (U+FF5E) < `😀`. Case folding is the caller's job (keys of name-keyed
 *   records arrive lower-cased), so the store treats `Alice` and `alice` as different keys.
 * - `accountId`, `parent`, `key`, `id` and `path` never contain U+0000 (PostgreSQL text cannot hold it); `data`
 *   and audit bodies may hold any string.
 * - `data` and audit bodies come back deep-equal to what was written, object key order included (they are stored
 *   as JSON text, so values JSON cannot represent, such as `undefined` or `NaN`, follow `JSON.stringify`).
 * - Only bugs and outages throw anything other than `StoreError`; a `StoreError` thrown inside a transaction
 *   leaves the transaction usable (the failed write had no effect).
 */

/** Kinds of record. The store treats them alike; the names keep data readable in the database. */
export type RecordKind =
  | 'account'
  | 'user'
  | 'group'
  | 'group-member'
  | 'role'
  | 'policy'
  | 'policy-version'
  | 'attached-policy'
  | 'inline-policy'
  | 'instance-profile'
  | 'instance-profile-role'
  | 'access-key'
  | 'login-profile'
  | 'password-history'
  | 'password-policy'
  | 'mfa-device'
  | 'oidc-provider'
  | 'saml-provider'
  | 'ssh-public-key'
  | 'server-certificate'
  | 'signing-certificate'
  | 'service-specific-credential'
  | 'credential-report'
  | 'deletion-task'
  | 'service-last-accessed'
  | 'account-setting';

export type JsonObject = { [k: string]: Json };
export type Json = string | number | boolean | null | Json[] | JsonObject;

export interface StoredRecord<T extends JsonObject = JsonObject> {
  accountId: string;
  kind: RecordKind;
  /** The parent record's key, or `''` for a top-level record. */
  parent: string;
  /** Unique within (accountId, kind, parent); lower-case for name-keyed records. */
  key: string;
  /** A globally unique identifier (AIDA…, AKIA…), or undefined. Unique per kind across all accounts. */
  id?: string;
  /** The IAM path (`/`, `/division/`), for path-prefix filters; undefined for kinds without paths. */
  path?: string;
  /** When the record was created: milliseconds since the epoch. */
  createdAt: number;
  data: T;
}

/** What to list: records of one kind under one parent, in key order, after a key, optionally by path prefix. */
export interface ListQuery {
  accountId: string;
  kind: RecordKind;
  parent?: string;
  /** Only records whose path starts with this prefix (case-sensitive, as IAM compares paths). */
  pathPrefix?: string;
  /** Exclusive lower bound on `key` (pagination). */
  after?: string;
  /** At most this many records; the caller asks for one more than a page to learn whether more exist. */
  limit: number;
}

/** Reads. Outside a transaction each read sees committed data only. */
export interface RecordReader {
  /** The record, or undefined. */
  get(accountId: string, kind: RecordKind, parent: string, key: string): Promise<StoredRecord | undefined>;
  /** The record of that kind with that global id, in any account, or undefined. */
  getById(kind: RecordKind, id: string): Promise<StoredRecord | undefined>;
  /**
   * Records in ascending key order (then parent order when `parent` is not given). Without `parent`, `after`
   * still bounds `key` alone, so paging across parents is exact only for kinds whose keys are unique in the
   * account. A record without a path never matches a `pathPrefix` (even `''`). `limit` is an integer ≥ 0.
   */
  list(q: ListQuery): Promise<StoredRecord[]>;
  /** Records of a kind with this key under any parent (e.g. the groups a user is a member of), in parent order. */
  listByKey(accountId: string, kind: RecordKind, key: string): Promise<StoredRecord[]>;
  /** How many records of a kind an account has (under `parent` when given). */
  count(accountId: string, kind: RecordKind, parent?: string): Promise<number>;
}

/** Writes, only inside a transaction. */
export interface RecordWriter extends RecordReader {
  /** Adds a record. Throws `StoreError('conflict')` when the (account, kind, parent, key) or the (kind, id) exists. */
  insert(r: StoredRecord): Promise<void>;
  /** Replaces `data`, `path` and `id` of an existing record (`createdAt` is kept; an absent `id` or `path` clears
   *  it). Throws `StoreError('not-found')` when it doesn't exist, `StoreError('conflict')` when the new id
   *  belongs to another record. */
  update(r: StoredRecord): Promise<void>;
  /** Removes a record; returns whether it existed. Children are not removed: the caller removes them first. */
  delete(accountId: string, kind: RecordKind, parent: string, key: string): Promise<boolean>;
  /** Removes every record of a kind under a parent; returns how many. */
  deleteChildren(accountId: string, kind: RecordKind, parent: string): Promise<number>;
  /**
   * Holds the record against concurrent changes until the transaction ends, so checks made after it (counts
   * for quotas, existence) stay true until commit. Returns the record, or undefined when it doesn't exist; a
   * missing record is locked too (its address is), so transactions that lock it still run one after the other.
   * Lock in a fixed order (account, then parent, then child): on PostgreSQL two transactions locking the same
   * records in opposite orders deadlock, and one of them fails with a non-`StoreError`.
   */
  lock(accountId: string, kind: RecordKind, parent: string, key: string): Promise<StoredRecord | undefined>;
}

/** One audit event, as the request pipeline produces it. */
export interface AuditEvent {
  /** Unique event ID. */
  eventId: string;
  /** Milliseconds since the epoch. */
  time: number;
  /** The account the call was made in (the caller's), or undefined for unauthenticated calls. */
  accountId?: string;
  /** The event body (who, what, from where, decision, error); never holds a secret. */
  body: JsonObject;
}

export interface AuditQuery {
  accountId: string;
  /** Events at or after this time (ms). */
  from?: number;
  /** Events before this time (ms). */
  to?: number;
  limit: number;
}

export interface AuditLog {
  /** Appends events; never fails because an event ID repeats (the later event is ignored, in any account). */
  appendEvents(events: AuditEvent[]): Promise<void>;
  /** Events of an account, newest first (events with equal times: last appended first). Events without an
   *  account are kept but never listed here. */
  listEvents(q: AuditQuery): Promise<AuditEvent[]>;
}

/** What `onExternalChange` reports when any account may have changed. */
export const ANY_ACCOUNT = '*';

/** A backend. */
export interface Store extends RecordReader, AuditLog {
  /** `sqlite` or `postgres`. */
  readonly dialect: string;
  /**
   * Runs `fn` in one transaction: all of its writes commit together, or none when it throws (the error is
   * rethrown). Transactions that lock the same record run one after the other. `fn` runs exactly once (no
   * hidden retries). Reads through `tx` see the transaction's own writes; reads through the store don't until
   * it commits. `tx` is unusable once `fn` settles. Transactions don't nest, and `fn` must not wait for
   * another write: awaiting `transaction` or `appendEvents` (or another transaction's promise) from inside
   * `fn` deadlocks on SQLite, which runs writes one at a time (reads through the store are fine).
   */
  transaction<T>(fn: (tx: RecordWriter) => Promise<T>): Promise<T>;
  /**
   * Optional (PostgreSQL has it): reports the changes other processes commit on the same database — several
   * servers on one PostgreSQL — by account, soon after each commit; returns a function that stops the reports.
   * Changes made through this store object are not reported (its callers saw them happen). When changes may
   * have gone unreported — whenever the backend starts or restarts listening (at first, after a lost
   * connection) — it reports {@link ANY_ACCOUNT}. While it can't listen nothing is reported, so caches must
   * still expire.
   */
  onExternalChange?(listener: (accountId: string) => void): () => void;
  /** Waits for running transactions, then closes connections; the store is unusable afterwards (calls reject).
   *  Closing twice is harmless. */
  close(): Promise<void>;
}
