import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JsonObject } from '../contract.js';
import { A, B, keys, put, rec, rejectsWith, T0, withStore, type Open } from './helpers.js';

export function recordTests(open: Open): void {
  describe('insert and get', () => {
    test('a record reads back deep-equal, with and without id and path', () =>
      withStore(open, async (s) => {
        const full = rec({ key: 'alice', id: 'AIDAALICE', path: '/eng/', data: { arn: 'arn:aws:iam::111111111111:user/eng/alice' } });
        const bare = rec({ kind: 'access-key', parent: 'alice', key: 'akiaexample' });
        await put(s, full, bare);
        assert.deepEqual(await s.get(A, 'user', '', 'alice'), full);
        const got = await s.get(A, 'access-key', 'alice', 'akiaexample');
        assert.deepEqual(got, bare);
        assert.ok(got !== undefined && !('id' in got) && !('path' in got), 'absent id and path stay absent');
      }));

    test('get is undefined for another account, kind, parent or key', () =>
      withStore(open, async (s) => {
        await put(s, rec({ kind: 'access-key', parent: 'alice', key: 'k1' }));
        assert.equal(await s.get(B, 'access-key', 'alice', 'k1'), undefined);
        assert.equal(await s.get(A, 'user', 'alice', 'k1'), undefined);
        assert.equal(await s.get(A, 'access-key', 'bob', 'k1'), undefined);
        assert.equal(await s.get(A, 'access-key', '', 'k1'), undefined);
        assert.equal(await s.get(A, 'access-key', 'alice', 'k2'), undefined);
      }));

    test('inserting an existing (account, kind, parent, key) is a conflict and changes nothing', () =>
      withStore(open, async (s) => {
        const first = rec({ key: 'alice', id: 'AIDA1', data: { v: 1 } });
        await put(s, first);
        await rejectsWith(put(s, rec({ key: 'alice', id: 'AIDA2', data: { v: 2 } })), 'conflict');
        assert.deepEqual(await s.get(A, 'user', '', 'alice'), first);
        assert.equal(await s.getById('user', 'AIDA2'), undefined);
      }));

    test('the same key in another account, kind or parent is a different record', () =>
      withStore(open, async (s) => {
        await put(
          s,
          rec({ key: 'x' }),
          rec({ accountId: B, key: 'x' }),
          rec({ kind: 'role', key: 'x' }),
          rec({ kind: 'group-member', parent: 'g1', key: 'x' }),
          rec({ kind: 'group-member', parent: 'g2', key: 'x' }),
        );
        assert.equal(await s.count(A, 'user'), 1);
        assert.equal(await s.count(B, 'user'), 1);
        assert.equal(await s.count(A, 'group-member'), 2);
      }));

    test('keys are compared exactly: case folding is the caller\'s', () =>
      withStore(open, async (s) => {
        await put(s, rec({ key: 'Alice' }), rec({ key: 'alice' }), rec({ key: 'ALICE' }));
        assert.equal((await s.get(A, 'user', '', 'Alice'))?.key, 'Alice');
        assert.equal(await s.get(A, 'user', '', 'aLICE'), undefined);
        assert.equal(await s.count(A, 'user'), 3);
      }));

    test('an id is unique per kind across all accounts, and free across kinds', () =>
      withStore(open, async (s) => {
        await put(s, rec({ key: 'alice', id: 'AIDA1' }));
        await rejectsWith(put(s, rec({ key: 'bob', id: 'AIDA1' })), 'conflict');
        await rejectsWith(put(s, rec({ accountId: B, key: 'carol', id: 'AIDA1' })), 'conflict');
        await put(s, rec({ kind: 'role', key: 'alice', id: 'AIDA1' }));
        assert.equal(await s.get(A, 'user', '', 'bob'), undefined);
        assert.equal(await s.get(B, 'user', '', 'carol'), undefined);
        // Records without ids never collide on them.
        await put(s, rec({ key: 'd' }), rec({ key: 'e' }), rec({ accountId: B, key: 'd' }));
      }));

    test('getById finds a record in any account, only of its kind', () =>
      withStore(open, async (s) => {
        const inB = rec({ accountId: B, key: 'bob', id: 'AIDABOB', path: '/' });
        await put(s, rec({ key: 'alice', id: 'AIDAALICE' }), inB, rec({ kind: 'role', key: 'r', id: 'AROAR' }));
        assert.deepEqual(await s.getById('user', 'AIDABOB'), inB);
        assert.equal((await s.getById('user', 'AIDAALICE'))?.key, 'alice');
        assert.equal(await s.getById('role', 'AIDABOB'), undefined);
        assert.equal(await s.getById('user', 'AROAR'), undefined);
        assert.equal(await s.getById('user', 'aidabob'), undefined);
        assert.equal(await s.getById('user', 'AIDANONE'), undefined);
      }));

    test('identifiers, createdAt and paths round-trip exactly', () =>
      withStore(open, async (s) => {
        const r = rec({ accountId: 'äccount-☃', kind: 'policy-version', parent: 'pölicy 😀', key: 'ключ/«v1»', id: 'ID-日本', path: '/ünï/cödé/', createdAt: 8_640_000_000_000_000 });
        const zero = rec({ key: 'zero', createdAt: 0 });
        await put(s, r, zero);
        assert.deepEqual(await s.get(r.accountId, r.kind, r.parent, r.key), r);
        assert.deepEqual(await s.getById(r.kind, 'ID-日本'), r);
        assert.deepEqual(await s.get(A, 'user', '', 'zero'), zero);
      }));
  });

  describe('update', () => {
    test('replaces data, path and id, keeps createdAt', () =>
      withStore(open, async (s) => {
        await put(s, rec({ key: 'alice', id: 'AIDA1', path: '/a/', data: { v: 1, gone: true } }));
        await s.transaction((tx) => tx.update(rec({ key: 'alice', id: 'AIDA2', path: '/b/', createdAt: T0 + 999, data: { v: 2 } })));
        assert.deepEqual(await s.get(A, 'user', '', 'alice'), rec({ key: 'alice', id: 'AIDA2', path: '/b/', data: { v: 2 } }));
        assert.equal(await s.getById('user', 'AIDA1'), undefined);
        assert.equal((await s.getById('user', 'AIDA2'))?.key, 'alice');
      }));

    test('an absent id or path clears it', () =>
      withStore(open, async (s) => {
        await put(s, rec({ key: 'alice', id: 'AIDA1', path: '/a/' }));
        await s.transaction((tx) => tx.update(rec({ key: 'alice', data: { cleared: true } })));
        const got = await s.get(A, 'user', '', 'alice');
        assert.deepEqual(got, rec({ key: 'alice', data: { cleared: true } }));
        assert.equal(await s.getById('user', 'AIDA1'), undefined);
        // The freed id can be taken by another record.
        await put(s, rec({ key: 'bob', id: 'AIDA1' }));
      }));

    test('keeping its own id is not a conflict', () =>
      withStore(open, async (s) => {
        await put(s, rec({ key: 'alice', id: 'AIDA1' }));
        await s.transaction((tx) => tx.update(rec({ key: 'alice', id: 'AIDA1', data: { v: 2 } })));
        assert.deepEqual((await s.getById('user', 'AIDA1'))?.data, { v: 2 });
      }));

    test('a missing record is not-found (any part of the address differing)', () =>
      withStore(open, async (s) => {
        await put(s, rec({ kind: 'access-key', parent: 'alice', key: 'k1' }));
        for (const r of [
          rec({ key: 'nobody' }),
          rec({ accountId: B, kind: 'access-key', parent: 'alice', key: 'k1' }),
          rec({ kind: 'access-key', parent: 'bob', key: 'k1' }),
          rec({ kind: 'access-key', parent: 'alice', key: 'K1' }),
        ]) {
          await rejectsWith(s.transaction((tx) => tx.update(r)), 'not-found');
        }
        assert.equal(await s.count(A, 'user'), 0);
      }));

    test('taking another record\'s id (in any account) is a conflict and changes nothing', () =>
      withStore(open, async (s) => {
        const alice = rec({ key: 'alice', id: 'AIDA1', data: { v: 1 } });
        await put(s, alice, rec({ key: 'bob', id: 'AIDA2' }), rec({ accountId: B, key: 'carol', id: 'AIDA3' }));
        await rejectsWith(s.transaction((tx) => tx.update(rec({ key: 'alice', id: 'AIDA2', data: { v: 2 } }))), 'conflict');
        await rejectsWith(s.transaction((tx) => tx.update(rec({ key: 'alice', id: 'AIDA3', data: { v: 3 } }))), 'conflict');
        assert.deepEqual(await s.get(A, 'user', '', 'alice'), alice);
        // Another kind's id is free.
        await put(s, rec({ kind: 'role', key: 'r', id: 'AROA1' }));
        await s.transaction((tx) => tx.update(rec({ key: 'alice', id: 'AROA1' })));
      }));
  });

  describe('delete', () => {
    test('removes the record and says whether it existed; children stay', () =>
      withStore(open, async (s) => {
        await put(s, rec({ key: 'alice', id: 'AIDA1' }), rec({ kind: 'access-key', parent: 'alice', key: 'k1' }), rec({ accountId: B, key: 'alice' }));
        assert.equal(await s.transaction((tx) => tx.delete(A, 'user', '', 'alice')), true);
        assert.equal(await s.transaction((tx) => tx.delete(A, 'user', '', 'alice')), false);
        assert.equal(await s.transaction((tx) => tx.delete(A, 'user', '', 'nobody')), false);
        assert.equal(await s.get(A, 'user', '', 'alice'), undefined);
        assert.equal(await s.getById('user', 'AIDA1'), undefined);
        assert.ok(await s.get(A, 'access-key', 'alice', 'k1'), 'the child is the caller\'s to remove');
        assert.ok(await s.get(B, 'user', '', 'alice'), 'the other account is untouched');
        // The key and the id are free again.
        await put(s, rec({ key: 'alice', id: 'AIDA1' }));
      }));

    test('deleteChildren removes one kind under one parent in one account, and counts them', () =>
      withStore(open, async (s) => {
        await put(
          s,
          rec({ kind: 'access-key', parent: 'alice', key: 'k1' }),
          rec({ kind: 'access-key', parent: 'alice', key: 'k2' }),
          rec({ kind: 'access-key', parent: 'alice', key: 'k3' }),
          rec({ kind: 'access-key', parent: 'bob', key: 'k4' }),
          rec({ kind: 'ssh-public-key', parent: 'alice', key: 'k5' }),
          rec({ accountId: B, kind: 'access-key', parent: 'alice', key: 'k6' }),
          rec({ key: 'alice' }),
        );
        assert.equal(await s.transaction((tx) => tx.deleteChildren(A, 'access-key', 'alice')), 3);
        assert.equal(await s.transaction((tx) => tx.deleteChildren(A, 'access-key', 'alice')), 0);
        assert.equal(await s.count(A, 'access-key'), 1);
        assert.equal(await s.count(A, 'ssh-public-key'), 1);
        assert.equal(await s.count(B, 'access-key'), 1);
        assert.equal(await s.count(A, 'user'), 1);
      }));
  });

  describe('list', () => {
    // Code-point order (UTF-8 byte order), which is not JavaScript's UTF-16 order for U+FF5E vs U+1F600.
    const ORDERED = ['', ' ', '-', '0', '9', 'A', 'B', 'Z', '_', 'a', 'a-b', 'ab', 'b', 'z', '~', 'é', 'ω', '日', '～', '😀'];

    test('returns keys in code-point order, not insertion or UTF-16 order', () =>
      withStore(open, async (s) => {
        const shuffled = [...ORDERED].sort((x, y) => (x.length * 7 + (x.codePointAt(0) ?? 0)) % 11 - (y.length * 7 + (y.codePointAt(0) ?? 0)) % 11);
        await put(s, ...shuffled.map((key) => rec({ key })));
        assert.deepEqual(keys(await s.list({ accountId: A, kind: 'user', parent: '', limit: 100 })), ORDERED);
        assert.deepEqual(keys(await s.list({ accountId: A, kind: 'user', limit: 100 })), ORDERED);
      }));

    test('only the account and kind asked for, and only the parent when given', () =>
      withStore(open, async (s) => {
        await put(
          s,
          rec({ kind: 'access-key', parent: 'alice', key: 'k1' }),
          rec({ kind: 'access-key', parent: 'bob', key: 'k2' }),
          rec({ kind: 'ssh-public-key', parent: 'alice', key: 'k3' }),
          rec({ accountId: B, kind: 'access-key', parent: 'alice', key: 'k4' }),
        );
        assert.deepEqual(keys(await s.list({ accountId: A, kind: 'access-key', parent: 'alice', limit: 10 })), ['k1']);
        assert.deepEqual(keys(await s.list({ accountId: A, kind: 'access-key', limit: 10 })), ['k1', 'k2']);
        assert.deepEqual(keys(await s.list({ accountId: A, kind: 'access-key', parent: '', limit: 10 })), []);
        assert.deepEqual(await s.list({ accountId: A, kind: 'role', limit: 10 }), []);
      }));

    test('without a parent, equal keys come in parent order', () =>
      withStore(open, async (s) => {
        await put(
          s,
          rec({ kind: 'group-member', parent: 'gb', key: 'u1' }),
          rec({ kind: 'group-member', parent: 'ga', key: 'u2' }),
          rec({ kind: 'group-member', parent: 'gc', key: 'u1' }),
          rec({ kind: 'group-member', parent: 'ga', key: 'u1' }),
        );
        const got = await s.list({ accountId: A, kind: 'group-member', limit: 10 });
        assert.deepEqual(got.map((r) => `${r.key}@${r.parent}`), ['u1@ga', 'u1@gb', 'u1@gc', 'u2@ga']);
        assert.deepEqual((await s.list({ accountId: A, kind: 'group-member', after: 'u1', limit: 10 })).map((r) => r.parent), ['ga']);
      }));

    test('after and limit page through everything exactly once', () =>
      withStore(open, async (s) => {
        const all = Array.from({ length: 23 }, (_, i) => `user-${String(i).padStart(2, '0')}`);
        await put(s, ...[...all].reverse().map((key) => rec({ key })));
        for (const parent of ['', undefined]) {
          const seen: string[] = [];
          let after: string | undefined;
          for (;;) {
            // One more than a page, as the service layer asks, to learn whether more exist.
            const page = await s.list({ accountId: A, kind: 'user', parent, after, limit: 5 + 1 });
            const shown = page.slice(0, 5);
            seen.push(...keys(shown));
            if (page.length <= 5) break;
            after = shown[shown.length - 1]?.key;
          }
          assert.deepEqual(seen, all);
        }
        assert.deepEqual(keys(await s.list({ accountId: A, kind: 'user', after: 'user-10x', limit: 3 })), ['user-11', 'user-12', 'user-13']);
        assert.deepEqual(keys(await s.list({ accountId: A, kind: 'user', after: 'user-22', limit: 3 })), []);
        assert.deepEqual(keys(await s.list({ accountId: A, kind: 'user', after: '', limit: 1 })), ['user-00']);
        assert.deepEqual(await s.list({ accountId: A, kind: 'user', limit: 0 }), []);
        assert.equal((await s.list({ accountId: A, kind: 'user', limit: 1000 })).length, 23);
      }));

    test('a limit that is not an integer ≥ 0 is rejected', () =>
      withStore(open, async (s) => {
        for (const limit of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
          await assert.rejects(s.list({ accountId: A, kind: 'user', limit }), RangeError);
        }
      }));

    test('pathPrefix is a case-sensitive literal prefix; records without a path never match', () =>
      withStore(open, async (s) => {
        const paths: Record<string, string | undefined> = {
          root: '/', a: '/a/', aDeep: '/a/b/', A: '/A/', ab: '/ab/', pct: '/50%/', p5x: '/50x/', und: '/a_b/', axb: '/axb/',
          star: '/s*/', sx: '/sx/', brk: '/[a]/', back: '/b\\s/', bs: '/bxs/', none: undefined,
        };
        await put(s, ...Object.entries(paths).map(([key, path]) => rec(path === undefined ? { key } : { key, path })));
        const match = async (pathPrefix: string): Promise<string[]> =>
          keys(await s.list({ accountId: A, kind: 'user', parent: '', pathPrefix, limit: 100 })).sort();
        assert.deepEqual(await match('/a/'), ['a', 'aDeep']);
        assert.deepEqual(await match('/A/'), ['A']);
        assert.deepEqual(await match('/a'), ['a', 'aDeep', 'ab', 'und', 'axb'].sort());
        assert.deepEqual(await match('/50%'), ['pct']);
        assert.deepEqual(await match('/%'), []);
        assert.deepEqual(await match('/a_'), ['und']);
        assert.deepEqual(await match('/s*'), ['star']);
        assert.deepEqual(await match('/['), ['brk']);
        assert.deepEqual(await match('/b\\'), ['back']);
        assert.deepEqual(await match('/a/b/'), ['aDeep']);
        assert.deepEqual(await match('/a/b/c/'), []);
        assert.equal((await match('/')).length, Object.keys(paths).length - 1);
        assert.equal((await match('')).length, Object.keys(paths).length - 1);
        // Also without a parent.
        assert.deepEqual(keys(await s.list({ accountId: A, kind: 'user', pathPrefix: '/A', limit: 100 })), ['A']);
      }));

    test('pathPrefix, after and limit combine', () =>
      withStore(open, async (s) => {
        await put(
          s,
          rec({ key: 'a1', path: '/eng/' }),
          rec({ key: 'a2', path: '/ops/' }),
          rec({ key: 'a3', path: '/eng/web/' }),
          rec({ key: 'a4', path: '/eng/' }),
          rec({ key: 'a5', path: '/Eng/' }),
          rec({ key: 'a6', path: '/eng/' }),
        );
        assert.deepEqual(keys(await s.list({ accountId: A, kind: 'user', parent: '', pathPrefix: '/eng/', after: 'a1', limit: 2 })), ['a3', 'a4']);
        assert.deepEqual(keys(await s.list({ accountId: A, kind: 'user', pathPrefix: '/eng/', after: 'a4', limit: 2 })), ['a6']);
      }));

    test('listByKey finds the key under every parent, in parent order, in one account and kind', () =>
      withStore(open, async (s) => {
        await put(
          s,
          rec({ kind: 'group-member', parent: 'zeta', key: 'alice' }),
          rec({ kind: 'group-member', parent: 'Alpha', key: 'alice' }),
          rec({ kind: 'group-member', parent: 'alpha', key: 'alice' }),
          rec({ kind: 'group-member', parent: 'alpha', key: 'bob' }),
          rec({ kind: 'group-member', parent: 'alpha', key: 'Alice' }),
          rec({ kind: 'attached-policy', parent: 'alpha', key: 'alice' }),
          rec({ accountId: B, kind: 'group-member', parent: 'beta', key: 'alice' }),
        );
        const got = await s.listByKey(A, 'group-member', 'alice');
        assert.deepEqual(got.map((r) => r.parent), ['Alpha', 'alpha', 'zeta']);
        assert.ok(got.every((r) => r.accountId === A && r.kind === 'group-member' && r.key === 'alice'));
        assert.deepEqual(await s.listByKey(A, 'group-member', 'carol'), []);
      }));

    test('count counts one kind in one account, under a parent when given', () =>
      withStore(open, async (s) => {
        assert.equal(await s.count(A, 'access-key'), 0);
        await put(
          s,
          rec({ kind: 'access-key', parent: 'alice', key: 'k1' }),
          rec({ kind: 'access-key', parent: 'alice', key: 'k2' }),
          rec({ kind: 'access-key', parent: 'bob', key: 'k3' }),
          rec({ kind: 'ssh-public-key', parent: 'alice', key: 'k4' }),
          rec({ accountId: B, kind: 'access-key', parent: 'alice', key: 'k5' }),
        );
        assert.equal(await s.count(A, 'access-key'), 3);
        assert.equal(await s.count(A, 'access-key', 'alice'), 2);
        assert.equal(await s.count(A, 'access-key', 'bob'), 1);
        assert.equal(await s.count(A, 'access-key', 'carol'), 0);
        assert.equal(await s.count(A, 'access-key', ''), 0);
        assert.equal(await s.count(B, 'access-key'), 1);
        assert.equal(typeof (await s.count(A, 'access-key')), 'number');
      }));
  });

  describe('data', () => {
    test('round-trips exactly: unicode, control characters, nesting, numbers, key order', () =>
      withStore(open, async (s) => {
        const data: JsonObject = {
          zeta: 'last key written first',
          text: 'Grüße, 世界! 😀👩‍👩‍👧 ﷽ e\u0301 \u200d \u0000 nul, \u0001\u001f controls, "quotes" \\ back\\slash \n\t\r',
          lone: '\ud800 and \udfff',
          nested: { a: [1, [2, [3, { deep: { deeper: [null, true, false] } }]]], empty: {}, none: [] },
          numbers: [0, -0.5, 1.5e-10, 123456789012345, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1e300],
          'ключ 🔑': 'unicode key',
          '': 'empty key',
          alpha: null,
          policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
        };
        await put(s, rec({ key: 'alice', data }));
        const got = await s.get(A, 'user', '', 'alice');
        assert.deepEqual(got?.data, data);
        assert.equal(JSON.stringify(got?.data), JSON.stringify(data), 'key order is kept');
      }));

    test('round-trips large values', () =>
      withStore(open, async (s) => {
        const big: JsonObject = {
          blob: 'x'.repeat(1 << 20) + '😀'.repeat(10_000),
          many: Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, i])),
          list: Array.from({ length: 10_000 }, (_, i) => ({ i, s: `v${i}` })),
        };
        await put(s, rec({ key: 'big', data: big }));
        assert.deepEqual((await s.get(A, 'user', '', 'big'))?.data, big);
        assert.deepEqual((await s.list({ accountId: A, kind: 'user', limit: 1 }))[0]?.data, big);
      }));

    test('update round-trips data the same way', () =>
      withStore(open, async (s) => {
        await put(s, rec({ key: 'alice', data: { v: 1 } }));
        const data: JsonObject = { b: '😀\u0000', a: { z: [1, 'ü'] } };
        await s.transaction((tx) => tx.update(rec({ key: 'alice', data })));
        assert.equal(JSON.stringify((await s.get(A, 'user', '', 'alice'))?.data), JSON.stringify(data));
      }));
  });
}
