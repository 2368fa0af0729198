import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import pg from 'pg';
import { ANY_ACCOUNT, type Store } from '../../src/store/contract.js';
import { storeConformance } from '../../src/store/conformance/index.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import { postgresSkipReason, startPostgres, type DatabaseOptions } from '../support/postgres.js';

/** A store on a fresh database; closing the store drops the database. */
async function openFresh(opts?: DatabaseOptions): Promise<Store> {
  const db = await startPostgres(opts);
  const store = await openPostgresStore({ connectionString: db.connectionString });
  let dropped: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    await store.close();
    dropped ??= db.stop();
    await dropped;
  };
  return new Proxy(store, {
    get: (target, prop) => (prop === 'close' ? close : (Reflect.get(target, prop) as unknown)),
  }) as Store;
}

describe('postgres', { skip: postgresSkipReason() }, () => {
  storeConformance('postgres', () => openFresh(), { reportsExternalChanges: true });

  // Order and equality must not depend on the database's default collation: the columns are COLLATE "C".
  // ICU's en-US collation orders `a` before `B` (a, A, b, B), unlike code-point order (A, B, a, b).
  storeConformance('postgres, ICU en-US default collation', () =>
    openFresh({ createOptions: `TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'` }),
    { reportsExternalChanges: true },
  );

  test('committed data survives closing and reopening', async () => {
    const db = await startPostgres();
    try {
      const s = await openPostgresStore({ connectionString: db.connectionString });
      await s.transaction((tx) => tx.insert({ accountId: 'a', kind: 'user', parent: '', key: 'alice', createdAt: 1, data: { v: 1 } }));
      await s.close();
      const again = await openPostgresStore({ connectionString: db.connectionString });
      assert.deepEqual((await again.get('a', 'user', '', 'alice'))?.data, { v: 1 });
      await again.close();
    } finally {
      await db.stop();
    }
  });

  test('a store hears the accounts other stores on the database commit changes in, not its own or rolled-back ones', async () => {
    const db = await startPostgres();
    const [a, b] = [await openPostgresStore({ connectionString: db.connectionString }), await openPostgresStore({ connectionString: db.connectionString })];
    try {
      const heard: string[] = [];
      const stop = a.onExternalChange?.((accountId) => heard.push(accountId));
      assert.ok(stop, 'the PostgreSQL store reports external changes');
      const rec = (accountId: string, key: string) => ({ accountId, kind: 'user' as const, parent: '', key, createdAt: 1, data: {} });
      // LISTEN starts on the first subscription; once it holds, the store reports that anything may have changed.
      for (let i = 0; !heard.includes(ANY_ACCOUNT); i++) {
        assert.ok(i < 100, 'not listening within 10 s');
        await new Promise((r) => setTimeout(r, 100));
      }
      heard.length = 0;
      await a.transaction((tx) => tx.insert(rec('own', 'x')));
      await assert.rejects(
        b.transaction(async (tx) => {
          await tx.insert(rec('rolled-back', 'x'));
          throw new Error('no');
        }),
      );
      await b.transaction(async (tx) => {
        await tx.insert(rec('acct-1', 'x'));
        await tx.insert(rec('acct-2', 'x'));
        await tx.get('acct-3', 'user', '', 'x');
      });
      await b.transaction((tx) => tx.deleteChildren('acct-4', 'user', ''));
      for (let i = 0; heard.length < 3 && i < 50; i++) await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(heard.sort(), ['acct-1', 'acct-2', 'acct-4']);
      stop?.();
      await b.transaction((tx) => tx.insert(rec('after-stop', 'x')));
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(heard.sort(), ['acct-1', 'acct-2', 'acct-4']);
    } finally {
      await a.close();
      await b.close();
      await db.stop();
    }
  });

  test('the change feed comes back after its connection is cut, and says that anything may have changed meanwhile', async () => {
    const db = await startPostgres();
    const failures: Error[] = [];
    const [a, b] = [await openPostgresStore({ connectionString: db.connectionString, onFeedError: (e) => failures.push(e) }), await openPostgresStore({ connectionString: db.connectionString })];
    const admin = new pg.Client({ connectionString: db.connectionString });
    await admin.connect();
    try {
      const heard: string[] = [];
      a.onExternalChange?.((accountId) => heard.push(accountId));
      const until = async (what: string, done: () => boolean): Promise<void> => {
        for (let i = 0; !done(); i++) {
          assert.ok(i < 100, `${what} within 10 s`);
          await new Promise((r) => setTimeout(r, 100));
        }
      };
      await until('listening', () => heard.includes(ANY_ACCOUNT));
      heard.length = 0;
      const cut = await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'gatehouse-changes' AND datname = current_database()");
      assert.equal(cut.rowCount, 1);
      await until('listening again', () => heard.includes(ANY_ACCOUNT));
      assert.equal(failures.length, 1, 'the lost connection was reported, once');
      await b.transaction((tx) => tx.insert({ accountId: 'after-cut', kind: 'user', parent: '', key: 'x', createdAt: 1, data: {} }));
      await until('the next change', () => heard.includes('after-cut'));
    } finally {
      await admin.end();
      await a.close();
      await b.close();
      await db.stop();
    }
  });

  test('a feed connection that stops answering is replaced (heartbeat), and says that anything may have changed', async () => {
    const db = await startPostgres();
    const failures: Error[] = [];
    const a = await openPostgresStore({ connectionString: db.connectionString, onFeedError: (e) => failures.push(e), feedHeartbeat: { everyMs: 200, timeoutMs: 400 } });
    const admin = new pg.Client({ connectionString: db.connectionString });
    await admin.connect();
    let stopped: number | undefined;
    try {
      const heard: string[] = [];
      a.onExternalChange?.((accountId) => heard.push(accountId));
      const until = async (what: string, done: () => boolean): Promise<void> => {
        for (let i = 0; !done(); i++) {
          assert.ok(i < 100, `${what} within 10 s`);
          await new Promise((r) => setTimeout(r, 100));
        }
      };
      await until('listening', () => heard.includes(ANY_ACCOUNT));
      heard.length = 0;
      // The feed's server process freezes: its socket stays open, nothing answers (as behind a dead NAT).
      const backend = await admin.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE application_name = 'gatehouse-changes' AND datname = current_database()");
      stopped = backend.rows[0]?.pid;
      assert.ok(stopped !== undefined);
      process.kill(stopped, 'SIGSTOP');
      await until('listening on a new connection', () => heard.includes(ANY_ACCOUNT));
      assert.equal(failures.length, 1);
    } finally {
      if (stopped !== undefined) process.kill(stopped, 'SIGCONT');
      await admin.end();
      await a.close();
      await db.stop();
    }
  });

  test('an unreachable server is an error at open', async () => {
    await assert.rejects(openPostgresStore({ connectionString: 'postgresql://nobody@127.0.0.1:1/none?connect_timeout=2' }));
  });
});
