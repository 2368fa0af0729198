/**
 * Rough storage throughput: `node dist/bench/store/store-bench.js [sqlite-file-dir]`. SQLite runs on a real file
 * with durable commits (WAL, synchronous=FULL); PostgreSQL (when available) on the throw-away test cluster,
 * which runs with fsync off, so its write figures are not durable ones.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store, StoredRecord } from '../../src/store/contract.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { postgresSkipReason, startPostgres } from '../../test/support/postgres.js';

const ACCOUNT = '123456789012';

function user(i: number): StoredRecord {
  return {
    accountId: ACCOUNT,
    kind: 'user',
    parent: '',
    key: `user-${i}`,
    id: `AIDA${String(i).padStart(17, '0')}`,
    path: '/',
    createdAt: Date.now(),
    data: { name: `User-${i}`, arn: `arn:aws:iam::${ACCOUNT}:user/User-${i}`, tags: [{ Key: 'team', Value: 'platform' }] },
  };
}

async function timed(label: string, n: number, concurrency: number, op: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await op(next++);
    }),
  );
  const ms = performance.now() - start;
  console.log(`  ${label.padEnd(58)} ${String(Math.round((n / ms) * 1000)).padStart(8)} /s`);
}

async function bench(name: string, s: Store, writes: number, reads: number): Promise<void> {
  console.log(name);
  await s.transaction((tx) => tx.insert({ accountId: ACCOUNT, kind: 'account', parent: '', key: ACCOUNT, createdAt: 0, data: {} }));
  let base = 0;
  const insertEach = async (c: number): Promise<void> => {
    const b = base;
    await timed(`insert, one transaction each, ${c} at a time`, writes, c, (i) => s.transaction((tx) => tx.insert(user(b + i))));
    base += writes;
  };
  await insertEach(1);
  await insertEach(32);
  // In a fresh account each time, so the quota count covers at most `writes` users (IAM's default quota is 5,000).
  const createUser = async (c: number): Promise<void> => {
    const b = base;
    const account = `acct-${b}`;
    await s.transaction((tx) => tx.insert({ accountId: account, kind: 'account', parent: '', key: account, createdAt: 0, data: {} }));
    await timed(`CreateUser-like (lock, count, get, insert), ${c} at a time`, writes, c, (i) =>
      s.transaction(async (tx) => {
        await tx.lock(account, 'account', '', account);
        await tx.count(account, 'user');
        if ((await tx.get(account, 'user', '', `user-${b + i}`)) !== undefined) throw new Error('exists');
        await tx.insert({ ...user(b + i), accountId: account });
      }),
    );
    base += writes;
  };
  await createUser(1);
  await createUser(32);
  await timed('get, awaited one by one', reads, 1, (i) => s.get(ACCOUNT, 'user', '', `user-${i % (2 * writes)}`));
  await timed('get, 32 at a time', reads, 32, (i) => s.get(ACCOUNT, 'user', '', `user-${i % (2 * writes)}`));
  await timed('getById, awaited one by one', reads, 1, (i) => s.getById('user', `AIDA${String(i % (2 * writes)).padStart(17, '0')}`));
  await timed('list 100 by path prefix', reads / 10, 1, () => s.list({ accountId: ACCOUNT, kind: 'user', parent: '', pathPrefix: '/', limit: 100 }));
  await s.close();
}

const dir = mkdtempSync(join(process.argv[2] ?? tmpdir(), 'gatehouse-bench-'));
try {
  await bench(`sqlite (file in ${dir}, synchronous=FULL)`, await openSqliteStore({ file: join(dir, 'bench.db') }), 5_000, 200_000);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (postgresSkipReason() === undefined) {
  const db = await startPostgres();
  await bench('postgres (throw-away cluster, fsync off)', await openPostgresStore({ connectionString: db.connectionString }), 2_000, 20_000);
  await db.stop();
}
