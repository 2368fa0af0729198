import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ANY_ACCOUNT } from '../contract.js';
import { A, put, rec, type Open } from './helpers.js';
import type { ConformanceOptions } from './index.js';

export function lifecycleTests(open: Open, opts: ConformanceOptions): void {
  if (opts.reportsExternalChanges) {
    describe('onExternalChange', () => {
      test("a store's own commits are not reported as external", async () => {
        const s = await open();
        try {
          assert.ok(s.onExternalChange, 'the backend says it reports external changes');
          const heard: string[] = [];
          const stop = s.onExternalChange((accountId) => heard.push(accountId));
          // Listening has taken effect once the backend says anything may have changed.
          for (let i = 0; !heard.includes(ANY_ACCOUNT); i++) {
            assert.ok(i < 100, 'not listening within 10 s');
            await sleep(100);
          }
          await put(s, rec({ key: 'own' }));
          await sleep(300);
          // Only "anything may have changed", from the moment the backend started listening.
          assert.deepEqual(heard.filter((a) => a !== ANY_ACCOUNT), []);
          stop();
        } finally {
          await s.close();
        }
      });
    });
  } else {
    test('onExternalChange is absent when the backend says it does not report external changes', async () => {
      const s = await open();
      try {
        assert.equal(s.onExternalChange, undefined);
      } finally {
        await s.close();
      }
    });
  }

  describe('close', () => {
    test('calls after close reject; closing again is harmless', async () => {
      const s = await open();
      await put(s, rec({ key: 'alice' }));
      assert.ok(['sqlite', 'postgres'].includes(s.dialect));
      await s.close();
      await assert.rejects(s.get(A, 'user', '', 'alice'));
      await assert.rejects(s.list({ accountId: A, kind: 'user', limit: 1 }));
      await assert.rejects(s.transaction(async () => undefined));
      await assert.rejects(s.appendEvents([{ eventId: 'e', time: 1, accountId: A, body: {} }]));
      await assert.rejects(s.listEvents({ accountId: A, limit: 1 }));
      await s.close();
    });

    test('close waits for a running transaction to finish', async () => {
      const s = await open();
      const order: string[] = [];
      let started = (): void => undefined;
      const running = new Promise<void>((r) => (started = r));
      const tx = s.transaction(async (t) => {
        started();
        await sleep(30);
        await t.insert(rec({ key: 'late' }));
        order.push('committed');
        return 'done';
      });
      await running;
      const closed = s.close().then(() => order.push('closed'));
      assert.equal(await tx, 'done');
      await closed;
      assert.deepEqual(order, ['committed', 'closed']);
    });
  });
}
