import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { storeConformance } from '../../src/store/conformance/index.js';

storeConformance('sqlite', () => openSqliteStore({ file: ':memory:' }));
