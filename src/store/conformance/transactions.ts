import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RecordWriter, Store } from '../contract.js';
import { isStoreError, StoreError } from '../errors.js';
import { A, B, gate, keys, put, rec, rejectsWith, withStore, type Open } from './helpers.js';

export function transactionTests(open: Open): void {
  describe('transactions', () => {
    test('commit: the value of fn comes back and every write is visible', () =>
      withStore(open, async (s) => {
        await put(s, rec({ key: 'old' }), rec({ key: 'gone' }));
        const value = await s.transaction(async (tx) => {
          await tx.insert(rec({ key: 'new', id: 'AIDANEW' }));
          await tx.update(rec({ key: 'old', data: { v: 2 } }));
          await tx.delete(A, 'user', '', 'gone');
          return { answer: 42 };
        });
        assert.deepEqual(value, { answer: 42 });
        assert.deepEqual(keys(await s.list({ accountId: A, kind: 'user', limit: 10 })), ['new', 'old']);
        assert.deepEqual((await s.get(A, 'user', '', 'old'))?.data, { v: 2 });
      }));

    test('rollback: when fn throws, its error comes back and nothing it wrote remains', () =>
      withStore(open, async (s) => {
        const before = [rec({ key: 'old', id: 'AIDAOLD', data: { v: 1 } }), rec({ key: 'gone', id: 'AIDAGONE' }), rec({ kind: 'access-key', parent: 'gone', key: 'k1' })];
        await put(s, ...before);
        const boom = new Error('boom');
        await assert.rejects(
          s.transaction(async (tx) => {
            await tx.insert(rec({ key: 'new', id: 'AIDANEW' }));
            await tx.insert(rec({ accountId: B, key: 'other' }));
            await tx.update(rec({ key: 'old', id: 'AIDAOLD2', data: { v: 2 } }));
            await tx.delete(A, 'user', '', 'gone');
            await tx.deleteChildren(A, 'access-key', 'gone');
            await sleep(1);
            throw boom;
          }),
          (e) => e === boom,
        );
        for (const r of before) assert.deepEqual(await s.get(r.accountId, r.kind, r.parent, r.key), r);
        assert.equal(await s.get(A, 'user', '', 'new'), undefined);
        assert.equal(await s.getById('user', 'AIDANEW'), undefined);
        assert.equal(await s.getById('user', 'AIDAOLD2'), undefined);
        assert.equal(await s.count(B, 'user'), 0);
        // The store carries on normally.
        await put(s, rec({ key: 'new', id: 'AIDANEW' }));
      }));

    test('a StoreError thrown out of fn rolls back like any other error', () =>
      withStore(open, async (s) => {
        await put(s, rec({ key: 'alice' }));
        await rejectsWith(
          s.transaction(async (tx) => {
            await tx.insert(rec({ key: 'bob' }));
            await tx.insert(rec({ key: 'alice' }));
          }),
          'conflict',
        );
        assert.equal(await s.get(A, 'user', '', 'bob'), undefined);
      }));

    test('a StoreError caught inside fn leaves the transaction usable', () =>
      withStore(open, async (s) => {
        await put(s, rec({ key: 'alice', id: 'AIDA1' }));
        await s.transaction(async (tx) => {
          await tx.insert(rec({ key: 'before' }));
          for (const attempt of [
            () => tx.insert(rec({ key: 'alice' })),
            () => tx.insert(rec({ key: 'carol', id: 'AIDA1' })),
            () => tx.update(rec({ key: 'nobody' })),
            () => tx.update(rec({ key: 'before', id: 'AIDA1' })),
          ]) {
            await assert.rejects(attempt(), (e) => isStoreError(e));
          }
          await tx.insert(rec({ key: 'after' }));
        });
        assert.deepEqual(keys(await s.list({ accountId: A, kind: 'user', limit: 10 })), ['after', 'alice', 'before']);
        assert.equal(await s.get(A, 'user', '', 'carol'), undefined);
      }));

    test('reads through the transaction see its own writes', () =>
      withStore(open, async (s) => {
        await put(s, rec({ key: 'old', data: { v: 1 } }), rec({ key: 'gone' }));
        await s.transaction(async (tx) => {
          await tx.insert(rec({ key: 'new', id: 'AIDANEW', path: '/p/' }));
          await tx.insert(rec({ kind: 'group-member', parent: 'g', key: 'new' }));
          await tx.update(rec({ key: 'old', data: { v: 2 } }));
          await tx.delete(A, 'user', '', 'gone');
          assert.equal((await tx.get(A, 'user', '', 'new'))?.id, 'AIDANEW');
          assert.equal((await tx.getById('user', 'AIDANEW'))?.key, 'new');
          assert.deepEqual((await tx.get(A, 'user', '', 'old'))?.data, { v: 2 });
          assert.equal(await tx.get(A, 'user', '', 'gone'), undefined);
          assert.deepEqual(keys(await tx.list({ accountId: A, kind: 'user', limit: 10 })), ['new', 'old']);
          assert.deepEqual(keys(await tx.list({ accountId: A, kind: 'user', pathPrefix: '/p/', limit: 10 })), ['new']);
          assert.equal((await tx.listByKey(A, 'group-member', 'new')).length, 1);
          assert.equal(await tx.count(A, 'user'), 2);
          assert.equal((await tx.lock(A, 'user', '', 'new'))?.key, 'new');
        });
      }));

    test('reads outside a transaction see only committed data', () =>
      withStore(open, async (s) => {
        await put(s, rec({ key: 'old', data: { v: 1 } }), rec({ key: 'gone' }));
        const written = gate();
        const checked = gate();
        const tx = s.transaction(async (t) => {
          await t.insert(rec({ key: 'new', id: 'AIDANEW' }));
          await t.update(rec({ key: 'old', data: { v: 2 } }));
          await t.delete(A, 'user', '', 'gone');
          written.open();
          await checked.wait;
        });
        await written.wait;
        try {
          assert.equal(await s.get(A, 'user', '', 'new'), undefined);
          assert.equal(await s.getById('user', 'AIDANEW'), undefined);
          assert.deepEqual((await s.get(A, 'user', '', 'old'))?.data, { v: 1 });
          assert.ok(await s.get(A, 'user', '', 'gone'));
          assert.deepEqual(keys(await s.list({ accountId: A, kind: 'user', limit: 10 })), ['gone', 'old']);
          assert.equal(await s.count(A, 'user'), 2);
        } finally {
          checked.open();
          await tx;
        }
        assert.deepEqual(keys(await s.list({ accountId: A, kind: 'user', limit: 10 })), ['new', 'old']);
      }));

    test('concurrent transactions all commit', () =>
      withStore(open, async (s) => {
        await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            s.transaction(async (tx) => {
              await tx.insert(rec({ key: `u${String(i).padStart(2, '0')}`, id: `AIDA${i}` }));
              await sleep(i % 3);
              await tx.insert(rec({ kind: 'access-key', parent: `u${i}`, key: `k${i}` }));
            }),
          ),
        );
        assert.equal(await s.count(A, 'user'), 20);
        assert.equal(await s.count(A, 'access-key'), 20);
      }));

    test('concurrent transactions: each is visible once its promise resolves; those that throw leave nothing', () =>
      withStore(open, async (s) => {
        const seenAfterCommit: string[] = [];
        const results = await Promise.allSettled(
          Array.from({ length: 40 }, (_, i) =>
            s
              .transaction(async (tx) => {
                await tx.insert(rec({ key: `u${i}`, id: `AIDA${i}` }));
                if (i % 3 === 0) await sleep(1);
                if (i % 4 === 1) throw new Error(`fail ${i}`);
                return i;
              })
              .then(async (v) => {
                // Committed means readable outside, at once.
                if (await s.get(A, 'user', '', `u${i}`)) seenAfterCommit.push(`u${i}`);
                return v;
              }),
          ),
        );
        const ok = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
        assert.deepEqual(ok, Array.from({ length: 40 }, (_, i) => i).filter((i) => i % 4 !== 1));
        assert.deepEqual(seenAfterCommit.sort(), ok.map((i) => `u${i}`).sort());
        assert.equal(await s.count(A, 'user'), ok.length);
        for (const r of results) if (r.status === 'rejected') assert.match(String(r.reason), /fail \d+/);
      }));

    test('the writer is unusable once the transaction has ended', () =>
      withStore(open, async (s) => {
        let leaked: RecordWriter | undefined;
        await s.transaction(async (tx) => {
          leaked = tx;
        });
        assert.ok(leaked);
        await assert.rejects(leaked.get(A, 'user', '', 'x'));
        await assert.rejects(leaked.insert(rec({ key: 'late' })));
        let failed: RecordWriter | undefined;
        await assert.rejects(
          s.transaction(async (tx) => {
            failed = tx;
            throw new Error('boom');
          }),
        );
        assert.ok(failed);
        await assert.rejects(failed.insert(rec({ key: 'late' })));
        assert.equal(await s.get(A, 'user', '', 'late'), undefined);
      }));
  });

  describe('lock', () => {
    test('returns the record, or undefined when it does not exist', () =>
      withStore(open, async (s) => {
        const alice = rec({ key: 'alice', id: 'AIDA1', path: '/' });
        await put(s, alice);
        await s.transaction(async (tx) => {
          assert.deepEqual(await tx.lock(A, 'user', '', 'alice'), alice);
          assert.equal(await tx.lock(A, 'user', '', 'bob'), undefined);
          assert.equal(await tx.lock(B, 'user', '', 'alice'), undefined);
        });
      }));

    test('a quota of 2 holds when 10 transactions lock the parent, count and insert at once', () =>
      withStore(open, async (s) => {
        await put(s, rec({ key: 'alice' }));
        const outcomes = await quotaRace(s, 10, 2, () => 'alice');
        assert.equal(outcomes.filter((o) => o === 'ok').length, 2);
        assert.equal(outcomes.filter((o) => o === 'limit').length, 8);
        assert.equal(await s.count(A, 'access-key', 'alice'), 2);
      }));

    test('locking a missing record serialises too', () =>
      withStore(open, async (s) => {
        // Nothing to lock a row on: the address is what is held.
        const outcomes = await quotaRace(s, 10, 1, () => 'nobody');
        assert.equal(outcomes.filter((o) => o === 'ok').length, 1);
        assert.equal(await s.count(A, 'access-key', 'nobody'), 1);
      }));

    test('locks on different records do not wait for each other', () =>
      withStore(open, async (s) => {
        await put(s, rec({ key: 'alice' }), rec({ key: 'bob' }));
        // Both quotas fill completely even though the transactions interleave.
        const outcomes = await quotaRace(s, 12, 3, (i) => (i % 2 === 0 ? 'alice' : 'bob'));
        assert.equal(outcomes.filter((o) => o === 'ok').length, 6);
        assert.equal(await s.count(A, 'access-key', 'alice'), 3);
        assert.equal(await s.count(A, 'access-key', 'bob'), 3);
      }));
  });
}

/** `n` transactions at once, each: lock the user, count its keys, wait a little, insert one if under `quota`. */
async function quotaRace(s: Store, n: number, quota: number, user: (i: number) => string): Promise<string[]> {
  const results = await Promise.allSettled(
    Array.from({ length: n }, (_, i) =>
      s.transaction(async (tx) => {
        const parent = user(i);
        await tx.lock(A, 'user', '', parent);
        const have = await tx.count(A, 'access-key', parent);
        // Widen the window between the check and the write, where a missing lock would let others in.
        await sleep(3);
        if (have >= quota) throw new StoreError('conflict', 'limit');
        await tx.insert(rec({ kind: 'access-key', parent, key: `key-${i}` }));
      }),
    ),
  );
  return results.map((r) => {
    if (r.status === 'fulfilled') return 'ok';
    if (isStoreError(r.reason) && r.reason.message === 'limit') return 'limit';
    throw r.reason;
  });
}
