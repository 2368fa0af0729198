import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { storeConformance } from '../../src/store/conformance/index.js';
import { ANY_ACCOUNT, type Store, type StoredRecord } from '../../src/store/contract.js';
import { withReadCache } from '../../src/store/read-cache.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';

// The cache must be invisible to everything the contract promises.
storeConformance('sqlite behind the read cache', async () => withReadCache(await openSqliteStore({ file: ':memory:' }), { maxAgeMs: 5_000, maxEntries: 1_000 }));

/** A store that counts the reads reaching it. */
function counting(inner: Store): { store: Store; gets: () => number } {
  let n = 0;
  const store = new Proxy(inner, {
    get: (target, prop) => {
      const v = Reflect.get(target, prop) as unknown;
      if (prop === 'get' && typeof v === 'function') {
        return (...args: unknown[]) => {
          n++;
          return (v as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  return { store, gets: () => n };
}

const alice = (v: number): StoredRecord => ({ accountId: 'a', kind: 'user', parent: '', key: 'alice', createdAt: 1, data: { v, tags: ['x'] } });

describe('read cache', () => {
  async function setup(opts: { maxEntries?: number } = {}) {
    const raw = await openSqliteStore({ file: ':memory:' });
    const c = counting(raw);
    let now = 1_000;
    const store = withReadCache(c.store, { maxAgeMs: 5_000, maxEntries: opts.maxEntries ?? 100, now: () => now });
    await store.transaction((tx) => tx.insert(alice(1)));
    return { store, gets: c.gets, advance: (ms: number) => (now += ms) };
  }

  test('a second read of a record is served without reaching the store, as a copy the caller may change', async () => {
    const { store, gets } = await setup();
    const first = await store.get('a', 'user', '', 'alice');
    assert.equal(gets(), 1);
    (first?.data.tags as string[]).push('changed');
    const second = await store.get('a', 'user', '', 'alice');
    assert.equal(gets(), 1);
    assert.deepEqual(second, alice(1));
    await store.close();
  });

  test('a committed write in the account is read at once; a failed transaction drops the cache too', async () => {
    const { store, gets } = await setup();
    await store.get('a', 'user', '', 'alice');
    await store.transaction((tx) => tx.update(alice(2)));
    assert.deepEqual((await store.get('a', 'user', '', 'alice'))?.data, { v: 2, tags: ['x'] });
    assert.equal(gets(), 2);
    await assert.rejects(
      store.transaction(async (tx) => {
        await tx.update(alice(3));
        throw new Error('boom');
      }),
    );
    assert.deepEqual((await store.get('a', 'user', '', 'alice'))?.data, { v: 2, tags: ['x'] });
    assert.equal(gets(), 3);
    // Writes in another account leave this one's entries alone.
    await store.transaction((tx) => tx.insert({ ...alice(1), accountId: 'b' }));
    await store.get('a', 'user', '', 'alice');
    assert.equal(gets(), 3);
    await store.close();
  });

  test('deleted records are gone at once and absent records are never cached', async () => {
    const { store, gets } = await setup();
    assert.equal(await store.get('a', 'user', '', 'bob'), undefined);
    await store.transaction((tx) => tx.insert({ ...alice(1), key: 'bob' }));
    assert.equal((await store.get('a', 'user', '', 'bob'))?.key, 'bob');
    await store.get('a', 'user', '', 'alice');
    await store.transaction((tx) => tx.deleteChildren('a', 'user', ''));
    assert.equal(await store.get('a', 'user', '', 'alice'), undefined);
    assert.equal(gets(), 4);
    await store.close();
  });

  test('a read that raced a commit in its account is not kept', async () => {
    const { store, gets } = await setup();
    const reading = store.get('a', 'user', '', 'alice');
    await store.transaction((tx) => tx.update(alice(2)));
    await reading;
    assert.deepEqual((await store.get('a', 'user', '', 'alice'))?.data.v, 2);
    assert.equal(gets(), 2);
    await store.close();
  });

  test("another process's reported change drops its account's entries; ANY_ACCOUNT drops them all", async () => {
    const raw = await openSqliteStore({ file: ':memory:' });
    const c = counting(raw);
    // The feed a PostgreSQL store has, driven by hand over a real SQLite store.
    const listeners = new Set<(accountId: string) => void>();
    const fed: Store = Object.assign(Object.create(c.store) as Store, {
      onExternalChange: (l: (accountId: string) => void) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
    });
    const report = (accountId: string): void => {
      for (const l of listeners) l(accountId);
    };
    const store = withReadCache(fed, { maxAgeMs: 5_000, maxEntries: 100 });
    const seen: string[] = [];
    store.onExternalChange?.((a) => seen.push(a));
    await store.transaction(async (tx) => {
      await tx.insert(alice(1));
      await tx.insert({ ...alice(1), accountId: 'b' });
    });
    const read = async (): Promise<void> => {
      await store.get('a', 'user', '', 'alice');
      await store.get('b', 'user', '', 'alice');
    };
    await read();
    await read();
    assert.equal(c.gets(), 2);
    report('a');
    await read();
    assert.equal(c.gets(), 3, "only account a's entry was dropped");
    report(ANY_ACCOUNT);
    await read();
    assert.equal(c.gets(), 5);
    // Reports reach the cache's own subscribers too (the server's other caches).
    assert.deepEqual(seen, ['a', ANY_ACCOUNT]);
    await store.close();
  });

  test('entries age out (writes by other processes arrive), and the oldest go when full', async () => {
    const { store, gets, advance } = await setup({ maxEntries: 2 });
    await store.get('a', 'user', '', 'alice');
    advance(4_999);
    await store.get('a', 'user', '', 'alice');
    assert.equal(gets(), 1);
    advance(1);
    await store.get('a', 'user', '', 'alice');
    assert.equal(gets(), 2);
    await store.transaction(async (tx) => {
      await tx.insert({ ...alice(1), key: 'b' });
      await tx.insert({ ...alice(1), key: 'c' });
    });
    await store.get('a', 'user', '', 'alice');
    await store.get('a', 'user', '', 'b');
    await store.get('a', 'user', '', 'c');
    assert.equal(gets(), 5);
    await store.get('a', 'user', '', 'alice');
    assert.equal(gets(), 6, 'alice was the oldest of three entries with room for two');
    await store.close();
  });
});
