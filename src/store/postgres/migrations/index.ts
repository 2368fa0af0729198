import type { Migration } from '../../migration.js';
import { migration as m001 } from './001-initial.js';

/** PostgreSQL migrations in order. Add a file `NNN-name.ts` and list it here; never edit a released one. */
export const postgresMigrations: readonly Migration[] = [m001];
