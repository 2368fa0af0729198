import type pg from 'pg';
import { checksum, pendingMigrations, type AppliedMigration, type Migration } from '../migration.js';

/** Advisory lock key that serialises migration runs on one database ("gatehous" in ASCII). */
const MIGRATION_LOCK = '7449354723384374643';

/**
 * Brings the database up to `migrations`, all pending ones in one transaction. Concurrent opens of the same
 * database wait on a transaction-scoped advisory lock, then find the migrations applied. Returns the versions
 * it applied.
 */
export async function migratePostgres(client: pg.ClientBase, migrations: readonly Migration[]): Promise<number[]> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  checksum text NOT NULL,
  applied_at bigint NOT NULL
)`);
    const applied = (await client.query<AppliedMigration>('SELECT version, name, checksum FROM schema_migrations ORDER BY version')).rows;
    const pending = pendingMigrations(applied, migrations);
    for (const m of pending) {
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($1, $2, $3, $4)', [
        m.version,
        m.name,
        checksum(m),
        Date.now(),
      ]);
    }
    await client.query('COMMIT');
    return pending.map((m) => m.version);
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}
