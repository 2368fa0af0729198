/**
 * Migrations: a migrated database has exactly the schema kept in test/store/schema/ (so every schema change
 * shows up there for review), upgrading from any earlier version ends in the same schema as a fresh database,
 * and the runner applies each migration once, atomically, refusing edited or unknown ones.
 *
 * After adding a migration, regenerate the kept schemas with GATEHOUSE_UPDATE_SCHEMA=1 and review the diff.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { Migration } from '../../src/store/migration.js';
import { migratePostgres } from '../../src/store/postgres/migrate.js';
import { postgresMigrations } from '../../src/store/postgres/migrations/index.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import { migrateSqlite } from '../../src/store/sqlite/migrate.js';
import { sqliteMigrations } from '../../src/store/sqlite/migrations/index.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { postgresSkipReason, startPostgres, type TestPostgres } from '../support/postgres.js';
import { dumpPostgresSchema, dumpSqliteSchema } from './schema-dump.js';

const root = join(import.meta.dirname, '..', '..', '..');

function checkKept(file: string, actual: string): void {
  const path = join(root, 'test', 'store', 'schema', file);
  if (process.env.GATEHOUSE_UPDATE_SCHEMA === '1') writeFileSync(path, actual);
  const kept = readFileSync(path, 'utf8');
  assert.equal(actual, kept, `the migrated schema differs from test/store/schema/${file}; if the change is intended, rerun with GATEHOUSE_UPDATE_SCHEMA=1 and review the diff`);
}

const extra: Migration = { version: 0, name: 'test-extra', sql: 'CREATE INDEX records_created_at ON records (created_at);' };
const next = (list: readonly Migration[], m: Omit<Migration, 'version'>): Migration[] => [...list, { ...m, version: list.length + 1 }];

describe('migration files', () => {
  for (const [dialect, list] of [['sqlite', sqliteMigrations], ['postgres', postgresMigrations]] as const) {
    test(`${dialect}: every NNN-name.ts is listed, in order, under its number and name`, () => {
      const files = readdirSync(join(root, 'src', 'store', dialect, 'migrations')).filter((f) => f !== 'index.ts').sort();
      for (const f of files) assert.match(f, /^\d{3}-[a-z0-9-]+\.ts$/, `migration file name \`${f}\``);
      assert.deepEqual(
        list.map((m) => `${String(m.version).padStart(3, '0')}-${m.name}.ts`),
        files,
      );
    });
  }
});

describe('sqlite migrations', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-migrations-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  const file = (): string => join(dir, `db-${++n}.sqlite`);
  const schemaOf = (f: string): string => {
    const db = new Database(f, { readonly: true });
    try {
      return dumpSqliteSchema(db);
    } finally {
      db.close();
    }
  };
  const applied = (f: string): number[] => {
    const db = new Database(f, { readonly: true });
    try {
      return (db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]).map((r) => r.version);
    } finally {
      db.close();
    }
  };

  test('a fresh database has the kept schema', async () => {
    const f = file();
    await (await openSqliteStore({ file: f })).close();
    checkKept('sqlite.sql', schemaOf(f));
    assert.deepEqual(applied(f), sqliteMigrations.map((m) => m.version));
  });

  test('upgrading from every earlier version gives the fresh schema', async () => {
    const fresh = file();
    await (await openSqliteStore({ file: fresh })).close();
    for (let k = 0; k < sqliteMigrations.length; k++) {
      const f = file();
      const db = new Database(f);
      migrateSqlite(db, sqliteMigrations.slice(0, k));
      db.close();
      await (await openSqliteStore({ file: f })).close();
      assert.equal(schemaOf(f), schemaOf(fresh), `upgrading from version ${k}`);
    }
  });

  test('a later migration applies once, on top, keeping data; an older build then refuses the database', async () => {
    const f = file();
    const s = await openSqliteStore({ file: f });
    await s.transaction((tx) => tx.insert({ accountId: 'a', kind: 'user', parent: '', key: 'alice', createdAt: 1, data: { v: 1 } }));
    await s.close();
    const list = next(sqliteMigrations, extra);
    const db = new Database(f);
    assert.deepEqual(migrateSqlite(db, list), [list.length]);
    assert.deepEqual(migrateSqlite(db, list), []);
    assert.deepEqual(db.prepare('SELECT key FROM records').all(), [{ key: 'alice' }]);
    db.close();
    assert.match(schemaOf(f), /records_created_at/);
    await assert.rejects(openSqliteStore({ file: f }), /newer version/);
  });

  test('an edited migration is refused', async () => {
    const f = file();
    await (await openSqliteStore({ file: f })).close();
    const edited = sqliteMigrations.map((m, i) => (i === 0 ? { ...m, sql: `${m.sql}\n-- edited` } : m));
    const db = new Database(f);
    try {
      assert.throws(() => migrateSqlite(db, edited), /differs/);
    } finally {
      db.close();
    }
  });

  test('a failing migration leaves the database as it was', async () => {
    const f = file();
    await (await openSqliteStore({ file: f })).close();
    const before = schemaOf(f);
    const db = new Database(f);
    try {
      const list = next(sqliteMigrations, { name: 'broken', sql: 'CREATE TABLE half (a INTEGER); SELECT * FROM no_such_table;' });
      assert.throws(() => migrateSqlite(db, list), /no_such_table/);
      assert.equal(db.inTransaction, false);
    } finally {
      db.close();
    }
    assert.equal(schemaOf(f), before);
    assert.deepEqual(applied(f), sqliteMigrations.map((m) => m.version));
  });

  test('a malformed migration list is refused before anything runs', () => {
    const f = file();
    const db = new Database(f);
    try {
      assert.throws(() => migrateSqlite(db, [{ ...extra, version: 2 }]), /expected 1/);
      assert.deepEqual(db.prepare('SELECT name FROM sqlite_schema').all(), []);
    } finally {
      db.close();
    }
  });

  test('concurrent opens of a new file (worker threads) apply each migration once', async () => {
    const f = file();
    const workers = Array.from({ length: 4 }, () => new Worker(new URL('./sqlite-open-worker.js', import.meta.url), { workerData: { file: f } }));
    try {
      await Promise.all(workers.map((w) => new Promise((resolve) => w.once('message', resolve))));
      const results = await Promise.all(
        workers.map((w) => {
          const done = new Promise((resolve) => w.once('message', resolve));
          w.postMessage('go');
          return done;
        }),
      );
      assert.deepEqual(results, workers.map(() => 'ok'));
    } finally {
      await Promise.all(workers.map((w) => w.terminate()));
    }
    assert.deepEqual(applied(f), sqliteMigrations.map((m) => m.version));
  });
});

describe('postgres migrations', { skip: postgresSkipReason() }, () => {
  const databases: TestPostgres[] = [];
  after(() => Promise.all(databases.map((d) => d.stop())));
  /** A client on a fresh database, and that database's URL. */
  const withClient = async (fn: (c: pg.Client, url: string) => Promise<void>): Promise<void> => {
    const d = await startPostgres();
    databases.push(d);
    const c = new pg.Client({ connectionString: d.connectionString });
    await c.connect();
    try {
      await fn(c, d.connectionString);
    } finally {
      await c.end();
    }
  };
  const applied = async (c: pg.Client): Promise<number[]> =>
    (await c.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => r.version);

  test('a fresh database has the kept schema', () =>
    withClient(async (c, url) => {
      await (await openPostgresStore({ connectionString: url })).close();
      checkKept('postgres.txt', await dumpPostgresSchema(c));
      assert.deepEqual(await applied(c), postgresMigrations.map((m) => m.version));
    }));

  test('upgrading from every earlier version gives the fresh schema', () =>
    withClient(async (f) => {
      await migratePostgres(f, postgresMigrations);
      const want = await dumpPostgresSchema(f);
      for (let k = 0; k < postgresMigrations.length; k++) {
        await withClient(async (c, url) => {
          await migratePostgres(c, postgresMigrations.slice(0, k));
          await (await openPostgresStore({ connectionString: url })).close();
          assert.equal(await dumpPostgresSchema(c), want, `upgrading from version ${k}`);
        });
      }
    }));

  test('a later migration applies once, on top, keeping data; an older build then refuses the database', () =>
    withClient(async (c, url) => {
      const s = await openPostgresStore({ connectionString: url });
      await s.transaction((tx) => tx.insert({ accountId: 'a', kind: 'user', parent: '', key: 'alice', createdAt: 1, data: { v: 1 } }));
      await s.close();
      const list = next(postgresMigrations, extra);
      assert.deepEqual(await migratePostgres(c, list), [list.length]);
      assert.deepEqual(await migratePostgres(c, list), []);
      assert.deepEqual((await c.query('SELECT key FROM records')).rows, [{ key: 'alice' }]);
      assert.match(await dumpPostgresSchema(c), /records_created_at/);
      await assert.rejects(openPostgresStore({ connectionString: url }), /newer version/);
    }));

  test('an edited migration is refused', () =>
    withClient(async (c) => {
      await migratePostgres(c, postgresMigrations);
      const edited = postgresMigrations.map((m, i) => (i === 0 ? { ...m, sql: `${m.sql}\n-- edited` } : m));
      await assert.rejects(migratePostgres(c, edited), /differs/);
    }));

  test('a failing migration leaves the database as it was', () =>
    withClient(async (c) => {
      await migratePostgres(c, postgresMigrations);
      const before = await dumpPostgresSchema(c);
      const list = next(postgresMigrations, { name: 'broken', sql: 'CREATE TABLE half (a integer); SELECT * FROM no_such_table;' });
      await assert.rejects(migratePostgres(c, list), /no_such_table/);
      assert.equal(await dumpPostgresSchema(c), before);
      assert.deepEqual(await applied(c), postgresMigrations.map((m) => m.version));
    }));

  test('concurrent opens of a new database apply each migration once', () =>
    withClient(async (c, url) => {
      const stores = await Promise.all(Array.from({ length: 8 }, () => openPostgresStore({ connectionString: url })));
      await Promise.all(stores.map((s) => s.close()));
      assert.deepEqual(await applied(c), postgresMigrations.map((m) => m.version));
    }));
});
