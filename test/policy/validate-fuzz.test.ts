import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import { loadCatalog } from '../../src/catalog/index.js';
import type { CatalogView, PolicyType } from '../../src/policy/index.js';
import { validatePolicy } from '../../src/policy/index.js';
import { globMatches, globsIntersect } from '../../src/policy/document/validate/globs.js';

const TYPES: PolicyType[] = ['identity', 'resource', 'trust', 'boundary', 'session', 'scp', 'rcp'];
const BASE = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'A', Effect: 'Allow', Action: ['s3:Get*', 'iam:PassRole'], Resource: 'arn:aws:s3:::b/${aws:username}', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' }, 'ForAllValues:StringLike': { 'aws:TagKeys': ['a*'] } } },
    { Effect: 'Deny', Principal: { AWS: ['arn:aws:iam::111122223333:root'] }, NotAction: 'sts:AssumeRole', NotResource: '*' },
  ],
});

let catalog: CatalogView;
before(async () => {
  catalog = await loadCatalog(['s3', 'iam', 'sts']);
});

function check(input: unknown, type: PolicyType): void {
  const r = validatePolicy(input, { policyType: type, catalog });
  assert.ok(Array.isArray(r.findings));
  for (const f of r.findings) assert.equal(typeof f.issueCode, 'string');
}

describe('validatePolicy never throws', () => {
  it('on arbitrary values', () => {
    fc.assert(fc.property(fc.anything(), fc.constantFrom(...TYPES), (v, t) => check(v, t)), { numRuns: 300 });
  });
  it('on arbitrary JSON objects shaped like policies', () => {
    const value = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }));
    const statement = fc.dictionary(fc.constantFrom('Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition', 'Other'), fc.oneof(value, fc.dictionary(fc.string(), fc.oneof(value, fc.dictionary(fc.string(), value)))));
    fc.assert(fc.property(fc.record({ Version: fc.constantFrom('2012-10-17', '2008-10-17', 'x'), Statement: fc.oneof(statement, fc.array(statement, { maxLength: 3 })) }), fc.constantFrom(...TYPES), (d, t) => check(d, t)), { numRuns: 300 });
  });
  it('on mutated policy text (deleted, inserted and replaced characters)', () => {
    const edit = fc.tuple(fc.nat(BASE.length), fc.nat(4), fc.string({ maxLength: 4 }));
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), fc.constantFrom(...TYPES), (edits, t) => {
        let s = BASE;
        for (const [at, del, ins] of edits) s = s.slice(0, at) + ins + s.slice(at + del);
        check(s, t);
      }),
      { numRuns: 500 },
    );
  });
});

/** Reference: enumerate short strings over the patterns' alphabet and test both. */
function slowIntersect(a: string, b: string): boolean {
  const alphabet = [...new Set([...a, ...b].filter((c) => c !== '*' && c !== '?').concat(['z']))];
  // A shortest common word needs at most one character per non-star character of the two patterns.
  const max = [...a, ...b].filter((c) => c !== '*').length;
  const words = (n: number): string[] => (n === 0 ? [''] : words(n - 1).flatMap((w) => alphabet.map((c) => w + c)));
  for (let n = 0; n <= max; n++) for (const w of words(n)) if (globMatches(a, w) && globMatches(b, w)) return true;
  return false;
}

describe('glob intersection agrees with enumeration', () => {
  it('on short patterns', () => {
    const pat = fc.stringMatching(/^[ab*?]{0,4}$/);
    fc.assert(fc.property(pat, pat, (a, b) => globsIntersect(a, b) === slowIntersect(a, b)), { numRuns: 500 });
  });
});
