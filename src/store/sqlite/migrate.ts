import type BetterSqlite3 from 'better-sqlite3';
import { checksum, pendingMigrations, type AppliedMigration, type Migration } from '../migration.js';

/**
 * Brings the database up to `migrations`, all pending ones in one IMMEDIATE transaction: a second process
 * opening the same file waits on the write lock (busy_timeout) and then finds them applied. Returns the
 * versions it applied.
 */
export function migrateSqlite(db: BetterSqlite3.Database, migrations: readonly Migration[]): number[] {
  db.exec('BEGIN IMMEDIATE');
  try {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  checksum TEXT NOT NULL,
  applied_at INTEGER NOT NULL
)`);
    const applied = db.prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version').all() as AppliedMigration[];
    const pending = pendingMigrations(applied, migrations);
    const record = db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)');
    for (const m of pending) {
      db.exec(m.sql);
      record.run(m.version, m.name, checksum(m), Date.now());
    }
    db.exec('COMMIT');
    return pending.map((m) => m.version);
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw e;
  }
}
