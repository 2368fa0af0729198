/**
 * The README lists exactly the API operations that answer NotImplemented: every operation of the IAM and STS
 * service models that has no handler. Adding a handler without updating the README (or the reverse) fails.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadServiceModel } from '../../src/protocol/model/index.js';
import { iamOperations } from '../../src/services/iam/index.js';
import { stsOperations } from '../../src/services/sts/index.js';

const root = join(import.meta.dirname, '..', '..', '..');

function listed(readme: string): string[] {
  const start = readme.indexOf('<!-- not-implemented:start -->');
  const end = readme.indexOf('<!-- not-implemented:end -->');
  assert.ok(start >= 0 && end > start, 'the README has the not-implemented markers');
  return [...readme.slice(start, end).matchAll(/`((?:iam|sts):[A-Za-z]+)`/g)].map((m) => m[1] ?? '').sort();
}

test('README lists exactly the operations without a handler', () => {
  const missing = [
    ...Object.keys(loadServiceModel('iam').operations).filter((o) => !iamOperations[o]).map((o) => `iam:${o}`),
    ...Object.keys(loadServiceModel('sts').operations).filter((o) => !stsOperations[o]).map((o) => `sts:${o}`),
  ].sort();
  assert.deepEqual(listed(readFileSync(join(root, 'README.md'), 'utf8')), missing);
});
