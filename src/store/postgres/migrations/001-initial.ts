import type { Migration } from '../../migration.js';

/**
 * Records and the audit log. Every compared string column is `COLLATE "C"` so order and equality are by code
 * point whatever the database's default collation, matching SQLite. `data` and `body` are JSON text rather than
 * jsonb: jsonb reorders keys and rejects `\u0000`, and the store never queries inside them. `seq` orders audit
 * events appended with equal times.
 */
export const migration: Migration = {
  version: 1,
  name: 'initial',
  sql: `
CREATE TABLE records (
  account_id text COLLATE "C" NOT NULL,
  kind text COLLATE "C" NOT NULL,
  parent text COLLATE "C" NOT NULL,
  key text COLLATE "C" NOT NULL,
  id text COLLATE "C",
  path text COLLATE "C",
  created_at bigint NOT NULL,
  data text NOT NULL,
  PRIMARY KEY (account_id, kind, parent, key)
);
CREATE UNIQUE INDEX records_kind_id ON records (kind, id) WHERE id IS NOT NULL;
CREATE INDEX records_account_kind_key ON records (account_id, kind, key, parent);
CREATE TABLE audit_events (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id text COLLATE "C" NOT NULL UNIQUE,
  account_id text COLLATE "C",
  time bigint NOT NULL,
  body text NOT NULL
);
CREATE INDEX audit_events_account_time ON audit_events (account_id, time, seq);
`,
};
