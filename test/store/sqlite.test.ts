import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { storeConformance } from '../../src/store/conformance/index.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import { readStatements } from '../../src/store/sqlite/sqlite-store.js';

storeConformance('sqlite', () => openSqliteStore({ file: ':memory:' }));

// The conformance suite runs on `:memory:` (a private temporary file); these check what only a named file shows.
describe('sqlite file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-sqlite-test-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const rec = { accountId: 'a', kind: 'user', parent: '', key: 'alice', createdAt: 1, data: { v: 1 } } as const;

  test('committed data survives closing and reopening; the journal is WAL', async () => {
    const file = join(dir, 'reopen.db');
    const s = await openSqliteStore({ file });
    await s.transaction((tx) => tx.insert({ ...rec, data: { v: 1 } }));
    await s.appendEvents([{ eventId: 'e1', time: 5, accountId: 'a', body: { x: 1 } }]);
    await s.close();
    const again = await openSqliteStore({ file });
    assert.deepEqual((await again.get('a', 'user', '', 'alice'))?.data, { v: 1 });
    assert.equal((await again.listEvents({ accountId: 'a', limit: 5 })).length, 1);
    await again.close();
    const raw = new Database(file, { readonly: true });
    assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal');
    raw.close();
  });

  test('another connection sees commits only, and reading never waits for a writer', async () => {
    const file = join(dir, 'snapshot.db');
    const s = await openSqliteStore({ file });
    const other = new Database(file, { readonly: true });
    let inside = false;
    await s.transaction(async (tx) => {
      await tx.insert({ ...rec });
      inside = true;
      assert.deepEqual(other.prepare('SELECT count(*) AS n FROM records').get(), { n: 0 });
    });
    assert.ok(inside);
    assert.deepEqual(other.prepare('SELECT count(*) AS n FROM records').get(), { n: 1 });
    other.close();
    await s.close();
  });

  test(':memory: leaves no file behind', async () => {
    const before = readdirSync(tmpdir()).filter((n) => n.startsWith('gatehouse-sqlite-')).length;
    const s = await openSqliteStore({ file: ':memory:' });
    assert.equal(readdirSync(tmpdir()).filter((n) => n.startsWith('gatehouse-sqlite-')).length, before + 1);
    await s.close();
    assert.equal(readdirSync(tmpdir()).filter((n) => n.startsWith('gatehouse-sqlite-')).length, before);
  });

  test('a file that cannot be opened is an error, not a store', async () => {
    await assert.rejects(openSqliteStore({ file: join(dir, 'no', 'such', 'dir', 'x.db') }));
    assert.equal(existsSync(join(dir, 'no')), false);
  });

  test('every read and keyed write uses an index (no full scan of records or audit_events)', async () => {
    const file = join(dir, 'plans.db');
    await (await openSqliteStore({ file })).close();
    const db = new Database(file, { readonly: true });
    try {
      for (const sql of readStatements()) {
        const args = Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => 'x');
        const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail);
        const scans = plan.filter((d) => /^SCAN (records|audit_events)\b/.test(d) && !/USING (COVERING )?INDEX/.test(d));
        assert.deepEqual(scans, [], `${sql}\n${plan.join('\n')}`);
        assert.ok(!plan.some((d) => d.includes('USE TEMP B-TREE FOR ORDER BY')), `sorts instead of reading in index order: ${sql}\n${plan.join('\n')}`);
      }
    } finally {
      db.close();
    }
  });
});
