import type { AuditEvent, JsonObject, RecordKind, StoredRecord } from './contract.js';

/** A `records` row as both dialects return it (PostgreSQL returns bigint as a string). */
export interface RecordRow {
  account_id: string;
  kind: string;
  parent: string;
  key: string;
  id: string | null;
  path: string | null;
  created_at: number | string;
  data: string;
}

export interface AuditRow {
  event_id: string;
  account_id: string | null;
  time: number | string;
  body: string;
}

export const RECORD_COLUMNS = 'account_id, kind, parent, key, id, path, created_at, data';
export const AUDIT_COLUMNS = 'event_id, account_id, time, body';

export function toRecord(row: RecordRow): StoredRecord {
  const r: StoredRecord = {
    accountId: row.account_id,
    kind: row.kind as RecordKind,
    parent: row.parent,
    key: row.key,
    createdAt: Number(row.created_at),
    data: JSON.parse(row.data) as JsonObject,
  };
  // Absent rather than `undefined`, so a record reads back deep-equal to the one written.
  if (row.id !== null) r.id = row.id;
  if (row.path !== null) r.path = row.path;
  return r;
}

export function toEvent(row: AuditRow): AuditEvent {
  const e: AuditEvent = { eventId: row.event_id, time: Number(row.time), body: JSON.parse(row.body) as JsonObject };
  if (row.account_id !== null) e.accountId = row.account_id;
  return e;
}

/** A `limit` the contract allows; anything else is a caller's bug. */
export function checkLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`The limit \`${limit}\` is not an integer ≥ 0.`);
  return limit;
}

/** Bounds for optional audit time windows: ms times fit comfortably inside them. */
export const MIN_TIME = Number.MIN_SAFE_INTEGER;
export const MAX_TIME = Number.MAX_SAFE_INTEGER;

export function describeRecord(accountId: string, kind: RecordKind, parent: string, key: string): string {
  return parent === ''
    ? `The ${kind} \`${key}\` in account \`${accountId}\``
    : `The ${kind} \`${key}\` under \`${parent}\` in account \`${accountId}\``;
}
