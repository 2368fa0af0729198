/**
 * The storage module: the contract every backend implements, its errors, and the two backends.
 *
 * @example
 * import { openSqliteStore, isStoreError } from '../store/index.js';
 * const store = await openSqliteStore({ file: 'gatehouse.db' });
 */
export type * from './contract.js';
export { isStoreError, StoreError, type StoreErrorKind } from './errors.js';
export { openPostgresStore, type PostgresStoreOptions } from './postgres/index.js';
export { openSqliteStore, type SqliteStoreOptions } from './sqlite/index.js';
