import { createHash } from 'node:crypto';

/**
 * One schema change of one dialect. Migrations live in `<dialect>/migrations/NNN-name.ts`, are listed in order
 * in that folder's `index.ts`, and are never edited once released: the runner records each one's checksum and
 * refuses a database whose applied migrations differ from this build's.
 */
export interface Migration {
  /** 1, 2, 3…: the `NNN` of the file name. */
  version: number;
  /** The rest of the file name (`initial`). */
  name: string;
  /** Statements run in one transaction with the others applied at the same open. */
  sql: string;
}

/** A row of `schema_migrations`. */
export interface AppliedMigration {
  version: number;
  name: string;
  checksum: string;
}

export function checksum(m: Migration): string {
  return createHash('sha256').update(m.sql).digest('hex');
}

/**
 * The migrations still to apply, in order. Throws (an operator must look) when the list itself is malformed,
 * when the database was migrated by a newer build, or when an applied migration differs from this build's.
 */
export function pendingMigrations(applied: readonly AppliedMigration[], migrations: readonly Migration[]): Migration[] {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migration \`${m.name}\` has version ${m.version}; expected ${i + 1}.`);
  });
  const known = new Map(migrations.map((m) => [m.version, m]));
  for (const a of applied) {
    const m = known.get(a.version);
    if (m === undefined) {
      throw new Error(
        `The database has migration ${a.version} (\`${a.name}\`), which this build doesn't know: it was migrated by a newer version.`,
      );
    }
    if (a.name !== m.name || a.checksum !== checksum(m)) {
      throw new Error(`Migration ${a.version} (\`${m.name}\`) differs from the one applied to the database (\`${a.name}\`).`);
    }
  }
  const done = new Set(applied.map((a) => a.version));
  return migrations.filter((m) => !done.has(m.version));
}
