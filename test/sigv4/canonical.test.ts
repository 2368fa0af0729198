// The canonical-request pieces on their own, checked against the published rules and, property-style, against
// the canonical strings @smithy/signature-v4 builds for the same input.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeUri } from '@smithy/core/protocols';
import fc from 'fast-check';
import { canonicalHeaderValue, canonicalPath, canonicalQuery, parseQuery } from '../../src/protocol/sigv4/canonical.js';
import { SigningKeyCache } from '../../src/protocol/sigv4/signing-key-cache.js';
import { createSigV4Verifier } from '../../src/protocol/sigv4/index.js';
import { AT, credentialTable, signHeader } from './helpers.js';

describe('SigV4 canonical request', () => {
  it('encodes each path segment once more than received (non-S3 rule)', () => {
    assert.equal(canonicalPath('/'), '/');
    assert.equal(canonicalPath(''), '/');
    assert.equal(canonicalPath('/a%20b'), '/a%2520b');
    assert.equal(canonicalPath('/ሴ'), '/%E1%88%B4');
    assert.equal(canonicalPath('/./a/../b//c/'), '/b/c/');
    assert.equal(canonicalPath('/..'), '/');
  });

  it('sorts query parameters by name then value, RFC 3986-encoded', () => {
    const q = canonicalQuery(parseQuery('b=2&a=z&a=y&c&%7E=~&sp=a%20b&plus=a+b&pct=%zz&raw=ü'));
    assert.equal(q, 'a=y&a=z&b=2&c=&pct=%25zz&plus=a%2Bb&raw=%C3%BC&sp=a%20b&~=~');
  });

  it('keeps invalid UTF-8 escapes byte for byte', () => {
    assert.equal(canonicalQuery(parseQuery('k=%FF%fe')), 'k=%FF%FE');
  });

  it('trims header values, collapses whitespace runs, joins repeated headers with ","', () => {
    assert.equal(canonicalHeaderValue('  a   b\t\tc  '), 'a b c');
    assert.equal(canonicalHeaderValue(['v2', ' v2 ', 'v1']), 'v2,v2,v1');
    assert.equal(canonicalHeaderValue(undefined), '');
  });

  it('agrees with smithy on random query strings (property)', async () => {
    const table = credentialTable();
    const verify = createSigV4Verifier({ services: ['iam'], lookup: table.lookup });
    // Strings of any code points but lone surrogates, which encodeURIComponent (used by the SDK) rejects.
    const text = fc.string({ unit: 'grapheme', maxLength: 12 });
    // `__proto__` as a query name is lost when the client-side signer copies the query object ({...query}), so
    // the signer and the URL disagree before the request reaches us: a limit of the test client, not of SigV4.
    const name = text.filter((s) => s !== '__proto__');
    await fc.assert(
      fc.asyncProperty(fc.dictionary(name, fc.oneof(text, fc.array(text, { maxLength: 3 })), { maxKeys: 5 }), async (query) => {
        const request = await signHeader({ at: AT, method: 'GET', query });
        const result = await verify(request, AT);
        assert.ok(result.ok, `${request.query} ${JSON.stringify(result)}`);
      }),
      { numRuns: 200 },
    );
  });

  it('agrees with smithy on random paths (property)', async () => {
    const table = credentialTable();
    const verify = createSigV4Verifier({ services: ['iam'], lookup: table.lookup });
    const segment = fc.oneof(fc.constantFrom('.', '..', '', 'a b', '%41', 'ü'), fc.string({ unit: 'grapheme', maxLength: 6 }).map((s) => s.replace(/[/?#]/g, '')));
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { maxLength: 6 }), fc.boolean(), async (segments, trailing) => {
        const path = `/${segments.join('/')}${trailing ? '/' : ''}`;
        const request = await signHeader({ at: AT, method: 'GET', path });
        const result = await verify(request, AT);
        assert.ok(result.ok, `${path} → ${escapeUri(path)} ${JSON.stringify(result)}`);
      }),
      { numRuns: 200 },
    );
  });
});

describe('SigV4 signing-key cache', () => {
  it('derives the key AWS documents for its example secret', () => {
    // From the SigV4 documentation's example: secret wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, 20150830,
    // us-east-1, iam.
    const key = new SigningKeyCache(4).get('AKIDEXAMPLE', 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', '20150830', 'us-east-1', 'iam');
    assert.equal(key.toString('hex'), 'c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9');
  });

  it('stays within its capacity, dropping the least recently used key', () => {
    const cache = new SigningKeyCache(2);
    const a = cache.get('AKID', 's', '20260101', 'r', 'iam');
    cache.get('AKID', 's', '20260102', 'r', 'iam');
    cache.get('AKID', 's', '20260101', 'r', 'iam'); // a is now the most recent
    cache.get('AKID', 's', '20260103', 'r', 'iam'); // evicts 20260102
    assert.equal(cache.size, 2);
    assert.equal(cache.get('AKID', 's', '20260101', 'r', 'iam'), a, 'the recently used key survived');
    // An entry serves only the secret it was derived from.
    assert.notEqual(cache.get('AKID', 'other', '20260101', 'r', 'iam'), a);
    const none = new SigningKeyCache(0);
    none.get('AKID', 's', '20260101', 'r', 'iam');
    assert.equal(none.size, 0);
  });
});
