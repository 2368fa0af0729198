CREATE TABLE audit_events (seq INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, account_id TEXT, time INTEGER NOT NULL, body TEXT NOT NULL);
CREATE TABLE records (account_id TEXT NOT NULL, kind TEXT NOT NULL, parent TEXT NOT NULL, key TEXT NOT NULL, id TEXT, path TEXT, created_at INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY (account_id, kind, parent, key));
CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at INTEGER NOT NULL);
CREATE INDEX audit_events_account_time ON audit_events (account_id, time, seq);
CREATE INDEX records_account_kind_key ON records (account_id, kind, key, parent);
CREATE UNIQUE INDEX records_kind_id ON records (kind, id) WHERE id IS NOT NULL;
