import { describe } from 'node:test';
import type { Store } from '../contract.js';
import { auditTests } from './audit.js';
import { lifecycleTests } from './lifecycle.js';
import { recordTests } from './records.js';
import { transactionTests } from './transactions.js';

/**
 * Registers the storage conformance suite (node:test) for one backend: every method of the contract in
 * `../contract.ts`, each rule it states, and the error it must return. Every backend runs exactly this suite;
 * a change to the contract comes with a test here.
 *
 * `open` must return a store over a fresh, empty database each time; the suite closes it. A backend that
 * reports external changes says so in `opts`.
 *
 * @example
 * // test/store/sqlite.test.ts
 * storeConformance('sqlite', () => openSqliteStore({ file: ':memory:' }));
 */
export function storeConformance(name: string, open: () => Promise<Store>, opts: ConformanceOptions = {}): void {
  describe(`store conformance: ${name}`, () => {
    recordTests(open);
    transactionTests(open);
    auditTests(open);
    lifecycleTests(open, opts);
  });
}

export interface ConformanceOptions {
  /** The backend implements the optional `onExternalChange` (its contract is then checked too). */
  reportsExternalChanges?: boolean;
}
