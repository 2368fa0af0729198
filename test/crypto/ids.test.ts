import assert from 'node:assert/strict';
import { test } from 'node:test';
import { systemIds } from '../../src/crypto/ids.js';

test('request IDs are UUIDs (version 7, RFC 9562 variant) that sort in the order they were made', async () => {
  const ids: string[] = [];
  for (let i = 0; i < 50; i++) {
    ids.push(systemIds.requestId());
    // A new millisecond every ten IDs: within one millisecond the order is random, across them it is time's.
    if (i % 10 === 9) for (const start = Date.now(); Date.now() === start; ) await new Promise((r) => setImmediate(r));
  }
  for (const id of ids) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(new Set(ids).size, ids.length);
  const millis = (id: string): number => parseInt(id.replace(/-/g, '').slice(0, 12), 16);
  for (let i = 1; i < ids.length; i++) assert.ok(millis(ids[i] as string) >= millis(ids[i - 1] as string));
  assert.ok(Math.abs(millis(ids[0] as string) - Date.now()) < 60_000, 'the first 48 bits are the time in milliseconds');
  // Every tenth one started a new millisecond, so blocks of ten sort after the ones before.
  assert.ok(ids[10] !== undefined && ids[9] !== undefined && ids[10] > ids[9]);
});
