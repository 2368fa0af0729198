import { describe } from 'node:test';
import type { Store } from '../../src/store/contract.js';
import { storeConformance } from '../../src/store/conformance/index.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import { postgresSkipReason, startPostgres } from '../support/postgres.js';

describe('postgres', { skip: postgresSkipReason() }, () => {
  // A fresh database per test; closing the store drops it.
  storeConformance('postgres', async () => {
    const db = await startPostgres();
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
  });
});
