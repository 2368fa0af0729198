import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AuditEvent, JsonObject } from '../contract.js';
import { A, B, T0, withStore, type Open } from './helpers.js';

/** An event in `accountId` (default A; `null` for none). */
function ev(eventId: string, time: number, accountId: string | null = A, body: JsonObject = { eventName: eventId }): AuditEvent {
  return accountId === null ? { eventId, time, body } : { eventId, time, accountId, body };
}

const ids = (es: readonly AuditEvent[]): string[] => es.map((e) => e.eventId);

export function auditTests(open: Open): void {
  describe('audit log', () => {
    test('lists an account\'s events newest first, equal times last appended first', () =>
      withStore(open, async (s) => {
        await s.appendEvents([ev('e1', T0 + 1), ev('e3', T0 + 3), ev('e2', T0 + 2)]);
        await s.appendEvents([ev('t1', T0 + 5), ev('t2', T0 + 5)]);
        await s.appendEvents([ev('t3', T0 + 5)]);
        assert.deepEqual(ids(await s.listEvents({ accountId: A, limit: 10 })), ['t3', 't2', 't1', 'e3', 'e2', 'e1']);
      }));

    test('events read back deep-equal', () =>
      withStore(open, async (s) => {
        const body: JsonObject = {
          eventName: 'CreateUser',
          userIdentity: { arn: 'arn:aws:iam::111111111111:user/älice', type: 'IAMUser' },
          requestParameters: { userName: '😀\u0000', tags: [{ key: 'k', value: 'v' }] },
          errorCode: null,
          readOnly: false,
        };
        const e = ev('e1', T0, A, body);
        await s.appendEvents([e]);
        const [got] = await s.listEvents({ accountId: A, limit: 1 });
        assert.deepEqual(got, e);
        assert.equal(JSON.stringify(got?.body), JSON.stringify(body));
      }));

    test('from is inclusive, to exclusive, limit keeps the newest', () =>
      withStore(open, async (s) => {
        await s.appendEvents([10, 20, 30, 40, 50].map((t) => ev(`e${t}`, T0 + t)));
        const list = async (q: { from?: number; to?: number; limit?: number }): Promise<string[]> =>
          ids(await s.listEvents({ accountId: A, limit: q.limit ?? 100, ...(q.from === undefined ? {} : { from: T0 + q.from }), ...(q.to === undefined ? {} : { to: T0 + q.to }) }));
        assert.deepEqual(await list({ from: 20 }), ['e50', 'e40', 'e30', 'e20']);
        assert.deepEqual(await list({ to: 40 }), ['e30', 'e20', 'e10']);
        assert.deepEqual(await list({ from: 20, to: 40 }), ['e30', 'e20']);
        assert.deepEqual(await list({ from: 21, to: 30 }), []);
        assert.deepEqual(await list({ limit: 2 }), ['e50', 'e40']);
        assert.deepEqual(await list({ from: 10, to: 50, limit: 2 }), ['e40', 'e30']);
        assert.deepEqual(await list({ limit: 0 }), []);
      }));

    test('only the account asked for; events without an account are never listed', () =>
      withStore(open, async (s) => {
        await s.appendEvents([ev('a1', T0, A), ev('b1', T0, B), ev('anon', T0, null), ev('a2', T0 + 1, A)]);
        assert.deepEqual(ids(await s.listEvents({ accountId: A, limit: 10 })), ['a2', 'a1']);
        assert.deepEqual(ids(await s.listEvents({ accountId: B, limit: 10 })), ['b1']);
        assert.deepEqual(await s.listEvents({ accountId: '', limit: 10 }), []);
      }));

    test('a repeated event ID is ignored, within a batch and across batches and accounts', () =>
      withStore(open, async (s) => {
        await s.appendEvents([ev('e1', T0, A, { v: 'first' }), ev('e1', T0 + 1, A, { v: 'same batch' })]);
        await s.appendEvents([ev('e1', T0 + 2, A, { v: 'later batch' }), ev('e2', T0 + 3)]);
        await s.appendEvents([ev('e2', T0 + 4, B)]);
        const got = await s.listEvents({ accountId: A, limit: 10 });
        assert.deepEqual(got, [ev('e2', T0 + 3), ev('e1', T0, A, { v: 'first' })]);
        assert.deepEqual(await s.listEvents({ accountId: B, limit: 10 }), []);
      }));

    test('appending nothing is fine; so is a large batch', () =>
      withStore(open, async (s) => {
        await s.appendEvents([]);
        await s.appendEvents(Array.from({ length: 2_000 }, (_, i) => ev(`e${String(i).padStart(4, '0')}`, T0 + i)));
        const got = await s.listEvents({ accountId: A, limit: 3 });
        assert.deepEqual(ids(got), ['e1999', 'e1998', 'e1997']);
        assert.equal((await s.listEvents({ accountId: A, limit: 5_000 })).length, 2_000);
      }));

    test('audit appends do not wait for, or join, a running transaction', () =>
      withStore(open, async (s) => {
        // An append made while a transaction is open survives that transaction's rollback.
        await assert.rejects(
          s.transaction(async () => {
            const appended = s.appendEvents([ev('during', T0)]);
            // On SQLite the append queues behind this transaction; elsewhere it may land at once. Either way
            // it must not be rolled back with it.
            void appended.catch(() => undefined);
            throw new Error('boom');
          }),
        );
        await new Promise((r) => setTimeout(r, 20));
        assert.deepEqual(ids(await s.listEvents({ accountId: A, limit: 10 })), ['during']);
      }));
  });
}
