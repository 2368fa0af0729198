import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Generations } from '../../src/services/generations.js';

test('bump moves one account and the total; bumpAll moves every account, known or not, and the total', () => {
  const g = new Generations();
  const [a0, b0, t0] = [g.get('a'), g.get('b'), g.total()];
  g.bump('a');
  assert.ok(g.get('a') > a0);
  assert.equal(g.get('b'), b0);
  assert.ok(g.total() > t0);
  const [a1, b1, c1, t1] = [g.get('a'), g.get('b'), g.get('never-seen'), g.total()];
  g.bumpAll();
  assert.ok(g.get('a') > a1 && g.get('b') > b1 && g.get('never-seen') > c1);
  assert.ok(g.total() > t1);
  // Counters only grow: a build remembered at any earlier value never matches again.
  g.bump('b');
  assert.ok(g.get('b') > b1 + 1);
});
