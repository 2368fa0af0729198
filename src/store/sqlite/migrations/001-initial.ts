import type { Migration } from '../../migration.js';

/**
 * Records and the audit log. Strings use SQLite's BINARY collation (byte order of UTF-8), which is the
 * code-point order the contract requires. The audit log's `seq` (the rowid) orders events appended with equal
 * times. Plain rowid tables rather than WITHOUT ROWID: `data` can be kilobytes (policy documents).
 */
export const migration: Migration = {
  version: 1,
  name: 'initial',
  sql: `
CREATE TABLE records (
  account_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  parent TEXT NOT NULL,
  key TEXT NOT NULL,
  id TEXT,
  path TEXT,
  created_at INTEGER NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (account_id, kind, parent, key)
);
CREATE UNIQUE INDEX records_kind_id ON records (kind, id) WHERE id IS NOT NULL;
CREATE INDEX records_account_kind_key ON records (account_id, kind, key, parent);
CREATE TABLE audit_events (
  seq INTEGER PRIMARY KEY,
  event_id TEXT NOT NULL UNIQUE,
  account_id TEXT,
  time INTEGER NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX audit_events_account_time ON audit_events (account_id, time, seq);
`,
};
