import assert from 'node:assert/strict';
import type { Store, StoredRecord } from '../contract.js';
import { isStoreError, type StoreErrorKind } from '../errors.js';

export type Open = () => Promise<Store>;

export const A = '111111111111';
export const B = '222222222222';
export const T0 = 1_700_000_000_000;

/** A user record in account A unless overridden. */
export function rec(over: Partial<StoredRecord> & { key: string }): StoredRecord {
  return { accountId: A, kind: 'user', parent: '', createdAt: T0, data: { name: over.key }, ...over };
}

/** Runs `fn` on a freshly opened store, closing it afterwards. */
export async function withStore(open: Open, fn: (s: Store) => Promise<void>): Promise<void> {
  const s = await open();
  try {
    await fn(s);
  } finally {
    await s.close();
  }
}

export async function put(s: Store, ...records: StoredRecord[]): Promise<void> {
  await s.transaction(async (tx) => {
    for (const r of records) await tx.insert(r);
  });
}

export async function rejectsWith(p: Promise<unknown>, kind: StoreErrorKind): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(isStoreError(e, kind), `expected StoreError('${kind}'), got ${String(e)}`);
    return true;
  });
}

export function keys(rs: readonly StoredRecord[]): string[] {
  return rs.map((r) => r.key);
}

/** A promise and its resolver, to hold a transaction open while the test looks from outside. */
export function gate(): { wait: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const wait = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { wait, open };
}
