/**
 * Runs every decision test file under conformance/policy through the engine, one test per case.
 * These are the same files users run with `gatehouse policy test`.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { expandFiles } from '../../src/cli/commands/policy-test.js';
import { describeStatement, runSuite } from '../../src/policy/index.js';

const root = join(import.meta.dirname, '..', '..', '..');
const corpus = join(root, 'conformance', 'policy');
// A fixed clock keeps date-condition cases repeatable; cases that need another time set aws:CurrentTime.
const NOW = new Date('2026-06-15T12:00:00Z');

const files = expandFiles([corpus]);

test('the corpus is there', () => {
  assert.ok(files.length > 0, `no test files under ${corpus}`);
});

for (const file of files) {
  const suite = runSuite(readFileSync(file, 'utf8'), NOW, file);
  describe(relative(corpus, file), () => {
    test('is a valid suite', () => assert.equal(suite.error, undefined));
    for (const c of suite.cases) {
      test(c.name, () => {
        assert.ok(c.actual, c.message);
        const trace = c.decision ? [...c.decision.explanation.denies, ...c.decision.explanation.allows].map(describeStatement).join('; ') : '';
        assert.equal(c.actual, c.expected, `${c.message}${trace ? ` — ${trace}` : ''}`);
      });
    }
  });
}
