// Every way a request can fail, with AWS's code, message and status, and AWS's order when several things are
// wrong at once. Requests are signed by @smithy/signature-v4 and then damaged.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSigV4Verifier } from '../../src/protocol/sigv4/index.js';
import type { SigV4Error, SigV4Request, SigV4Result } from '../../src/protocol/sigv4/index.js';
import { AT, INACTIVE, LONG_TERM, TEMPORARY, credentialTable, minutes, presign, signHeader, withQueryParam } from './helpers.js';

const BODY = 'Action=ListUsers&Version=2010-05-08';
const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const INVALID_TOKEN = 'The security token included in the request is invalid.';

function verifier(regions?: readonly string[]) {
  const table = credentialTable({
    // An ASIA key whose store record lacks a token: the request must still present one.
    ASIAWITHOUTTOKENXXXX: { secretAccessKey: 'x', status: 'Active', owner: 'broken' },
    ASIAEXPIREDEXAMPLE01: {
      secretAccessKey: TEMPORARY.secretAccessKey,
      status: 'Active',
      sessionToken: TEMPORARY.sessionToken,
      expiresAt: new Date(AT.getTime() - 1000),
      owner: 'expired-session',
    },
  });
  return createSigV4Verifier({ services: ['iam', 'sts'], lookup: table.lookup, ...(regions === undefined ? {} : { regions }) });
}

function expectError(result: SigV4Result, expected: SigV4Error): void {
  assert.ok(!result.ok, `expected ${expected.code}, got success`);
  assert.deepEqual(result.error, expected);
}

const mismatch = (message = MISMATCH): SigV4Error => ({ code: 'SignatureDoesNotMatch', message, httpStatus: 403 });
const incomplete = (message: string): SigV4Error => ({ code: 'IncompleteSignature', message, httpStatus: 400 });
const invalidToken: SigV4Error = { code: 'InvalidClientTokenId', message: INVALID_TOKEN, httpStatus: 403 };

const signed = (overrides: Partial<Parameters<typeof signHeader>[0]> = {}): Promise<SigV4Request> =>
  signHeader({ at: AT, body: BODY, headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, ...overrides });
const withHeaders = (request: SigV4Request, headers: Record<string, string | undefined>): SigV4Request => ({
  ...request,
  headers: { ...request.headers, ...headers },
});
const authOf = (request: SigV4Request): string => String(request.headers['authorization']);

describe('SigV4 errors: missing or malformed signature', () => {
  it('no Authorization header and no X-Amz-Signature → MissingAuthenticationToken (403)', async () => {
    const request = withHeaders(await signed(), { authorization: undefined });
    expectError(await verifier()(request, AT), {
      code: 'MissingAuthenticationToken',
      message: 'Request is missing Authentication Token',
      httpStatus: 403,
    });
  });

  it('an Authorization header that is not SigV4 counts as none', async () => {
    for (const header of ['Bearer eyJhbGciOi', 'AWS AKIAIOSFODNN7EXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=', '']) {
      const request = withHeaders(await signed(), { authorization: header });
      expectError(await verifier()(request, AT), { code: 'MissingAuthenticationToken', message: 'Request is missing Authentication Token', httpStatus: 403 });
    }
  });

  it('missing Credential and Signature → IncompleteSignature naming each, then the header', async () => {
    const header = 'AWS4-HMAC-SHA256 SignedHeaders=host;x-amz-date';
    const request = withHeaders(await signed(), { authorization: header });
    expectError(
      await verifier()(request, AT),
      incomplete(`Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization=${header}`),
    );
  });

  it('missing every part and any date header → all four sentences', async () => {
    const request = withHeaders(await signed(), { authorization: 'AWS4-HMAC-SHA256', 'x-amz-date': undefined });
    expectError(
      await verifier()(request, AT),
      incomplete(
        "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
          "Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. " +
          'Authorization=AWS4-HMAC-SHA256',
      ),
    );
  });

  it('a part without "=" → IncompleteSignature quoting the part and the header', async () => {
    const request = await signed();
    const header = authOf(request).replace('Credential=', 'Credential= ');
    const part = `${LONG_TERM.accessKeyId}/20260314/us-east-1/iam/aws4_request`;
    assert.ok(header.includes(`Credential= ${part},`));
    expectError(
      await verifier()(withHeaders(request, { authorization: header }), AT),
      incomplete(`'${part}' not a valid key=value pair (missing equal-sign) in Authorization header: '${header}'.`),
    );
  });

  it('a presigned URL missing its parameters → IncompleteSignature listing them', async () => {
    const request = await presign({ at: AT, method: 'GET', query: { Action: 'ListUsers' } });
    let query = withQueryParam(request.query, 'X-Amz-Credential', undefined);
    query = withQueryParam(query, 'X-Amz-Date', undefined);
    expectError(
      await verifier()({ ...request, query }, AT),
      incomplete(
        "AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string parameters must include 'X-Amz-Date'. Re-examine the query-string parameters.",
      ),
    );
  });

  it('both an Authorization header and X-Amz-Algorithm in the query → rejected', async () => {
    const request = await presign({ at: AT, method: 'GET', query: { Action: 'ListUsers' } });
    const both = withHeaders(request, { authorization: authOf(await signed()) });
    expectError(await verifier()(both, AT), mismatch("Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header."));
  });

  it('a date not in ISO 8601 basic format → IncompleteSignature', async () => {
    const request = withHeaders(await signed(), { 'x-amz-date': '2026-03-14T15:09:26Z' });
    expectError(
      await verifier()(request, AT),
      incomplete("Date must be in ISO-8601 'basic format'. Got '2026-03-14T15:09:26Z'. See http://en.wikipedia.org/wiki/ISO_8601"),
    );
    const impossible = withHeaders(await signed(), { 'x-amz-date': '20260231T150926Z' });
    assert.equal((await verifier()(impossible, AT)).ok, false);
  });

  it('host not among the signed headers → SignatureDoesNotMatch', async () => {
    const request = await signed();
    const header = authOf(request).replace('SignedHeaders=content-type;host;', 'SignedHeaders=content-type;');
    expectError(await verifier()(withHeaders(request, { authorization: header }), AT), mismatch("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."));
  });

  it('an algorithm other than AWS4-HMAC-SHA256 → IncompleteSignature', async () => {
    const request = await signed();
    const header = authOf(request).replace('AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA512');
    expectError(
      await verifier()(withHeaders(request, { authorization: header }), AT),
      incomplete("Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512' (only AWS4-HMAC-SHA256 for now). "),
    );
  });

  it('a credential without five parts → IncompleteSignature', async () => {
    const request = await signed();
    const header = authOf(request).replace('/aws4_request', '');
    expectError(
      await verifier()(withHeaders(request, { authorization: header }), AT),
      incomplete(`Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${LONG_TERM.accessKeyId}/20260314/us-east-1/iam'`),
    );
  });
});

describe('SigV4 errors: time', () => {
  it('signed more than 15 minutes ago → "Signature expired" with AWS’s arithmetic', async () => {
    const at = new Date('2013-05-24T00:00:00Z');
    const request = await signed({ at });
    expectError(
      await verifier()(request, new Date('2013-05-24T00:30:01Z')),
      mismatch('Signature expired: 20130524T000000Z is now earlier than 20130524T001501Z (20130524T003001Z - 15 min.)'),
    );
    // The window is inclusive: exactly 15 minutes old still verifies.
    assert.ok((await verifier()(request, new Date(at.getTime() + minutes(15)))).ok);
  });

  it('signed more than 15 minutes ahead → "Signature not yet current"', async () => {
    const request = await signed({ at: new Date('2013-05-24T00:30:01Z') });
    expectError(
      await verifier()(request, new Date('2013-05-24T00:00:00Z')),
      mismatch('Signature not yet current: 20130524T003001Z is still later than 20130524T001500Z (20130524T000000Z + 15 min.)'),
    );
    assert.ok((await verifier()(request, new Date('2013-05-24T00:15:01Z'))).ok);
  });

  it('a presigned URL used after its X-Amz-Expires → RequestExpired; before → accepted', async () => {
    const request = await presign({ at: AT, method: 'GET', query: { Action: 'ListUsers' }, expiresIn: 60 });
    assert.ok((await verifier()(request, new Date(AT.getTime() + 60_000))).ok);
    expectError(await verifier()(request, new Date(AT.getTime() + 61_000)), { code: 'RequestExpired', message: 'Request has expired.', httpStatus: 400 });
  });

  it('a presigned URL with a long X-Amz-Expires still dies after 15 minutes, as on AWS', async () => {
    const request = await presign({ at: AT, method: 'GET', query: { Action: 'ListUsers' }, expiresIn: 3600 });
    const result = await verifier()(request, new Date(AT.getTime() + minutes(16)));
    assert.ok(!result.ok);
    assert.match(result.error.message, /^Signature expired: /);
  });

  it('an X-Amz-Expires that is not a number → IncompleteSignature', async () => {
    const request = await presign({ at: AT, method: 'GET', query: { Action: 'ListUsers' } });
    const result = await verifier()({ ...request, query: withQueryParam(request.query, 'X-Amz-Expires', 'soon') }, AT);
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'IncompleteSignature');
  });
});

describe('SigV4 errors: credential scope', () => {
  it('a service outside the accepted set → SignatureDoesNotMatch naming the expected service', async () => {
    const request = await signed({ service: 's3' });
    expectError(await verifier()(request, AT), mismatch("Credential should be scoped to correct service: 'iam'. "));
  });

  it('a region outside the configured set → SignatureDoesNotMatch', async () => {
    const request = await signed({ region: 'eu-west-1' });
    expectError(await verifier(['us-east-1'])(request, AT), mismatch('Credential should be scoped to a valid region. '));
    assert.ok((await verifier()(request, AT)).ok);
  });

  it('several scope errors are reported together, in AWS’s order', async () => {
    const request = await signed({ region: 'eu-west-1', service: 's3' });
    const header = authOf(request).replace('/aws4_request', '/aws5_request').replace('/20260314/', '/20260313/');
    expectError(
      await verifier(['us-east-1'])(withHeaders(request, { authorization: header }), AT),
      mismatch(
        "Credential should be scoped to a valid region. Credential should be scoped to correct service: 'iam'. " +
          "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. " +
          "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20260313' != '20260314', from '20260314T150926Z'. ",
      ),
    );
  });

  it('a scope date that is not the X-Amz-Date day → SignatureDoesNotMatch', async () => {
    const request = await signed({ at: new Date('2026-03-14T23:59:59Z') });
    const moved = withHeaders(request, { 'x-amz-date': '20260315T000001Z' });
    expectError(
      await verifier()(moved, new Date('2026-03-15T00:00:00Z')),
      mismatch("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20260314' != '20260315', from '20260315T000001Z'. "),
    );
  });
});

describe('SigV4 errors: keys and tokens', () => {
  it('an unknown access key → InvalidClientTokenId (403)', async () => {
    const request = await signed({ credentials: { accessKeyId: 'AKIAUNKNOWNEXAMPLE00', secretAccessKey: 'whatever' } });
    expectError(await verifier()(request, AT), invalidToken);
  });

  it('an inactive access key → InvalidClientTokenId, like an unknown one', async () => {
    const request = await signed({ credentials: INACTIVE });
    expectError(await verifier()(request, AT), invalidToken);
  });

  it('temporary credentials without X-Amz-Security-Token → InvalidClientTokenId, even before the signature', async () => {
    const request = await signed({ credentials: TEMPORARY, service: 'sts' });
    expectError(await verifier()(withHeaders(request, { 'x-amz-security-token': undefined }), AT), invalidToken);
    const badSignature = withHeaders(request, { 'x-amz-security-token': undefined, authorization: authOf(request).replace(/Signature=\w/, 'Signature=0') });
    expectError(await verifier()(badSignature, AT), invalidToken);
  });

  it('a session token other than the one issued → InvalidClientTokenId, though the signature is valid', async () => {
    const request = await signed({ credentials: { ...TEMPORARY, sessionToken: `${TEMPORARY.sessionToken}x` }, service: 'sts' });
    expectError(await verifier()(request, AT), invalidToken);
  });

  it('an ASIA key the store holds without a token → InvalidClientTokenId', async () => {
    const request = await signed({ credentials: { accessKeyId: 'ASIAWITHOUTTOKENXXXX', secretAccessKey: 'x' } });
    expectError(await verifier()(request, AT), invalidToken);
  });

  it('a long-term key presenting a session token → InvalidClientTokenId', async () => {
    const request = await signed({ credentials: { ...LONG_TERM, sessionToken: 'stray' } });
    expectError(await verifier()(request, AT), invalidToken);
  });

  it('expired temporary credentials → ExpiredToken (403)', async () => {
    const request = await signed({ credentials: { ...TEMPORARY, accessKeyId: 'ASIAEXPIREDEXAMPLE01' }, service: 'sts' });
    expectError(await verifier()(request, AT), { code: 'ExpiredToken', message: 'The security token included in the request is expired', httpStatus: 403 });
  });

  it('a presigned URL without its security token → InvalidClientTokenId', async () => {
    const request = await presign({ at: AT, method: 'GET', service: 'sts', credentials: TEMPORARY, query: { Action: 'GetCallerIdentity' } });
    expectError(await verifier()({ ...request, query: withQueryParam(request.query, 'X-Amz-Security-Token', undefined) }, AT), invalidToken);
  });
});

describe('SigV4 errors: the signature itself', () => {
  it('signed with the wrong secret → SignatureDoesNotMatch with the canonical request for the log', async () => {
    const request = await signed({ credentials: { accessKeyId: LONG_TERM.accessKeyId, secretAccessKey: 'not-the-secret' } });
    const result = await verifier()(request, AT);
    expectError(result, mismatch());
    assert.ok(!result.ok && result.debug !== undefined);
    assert.match(result.debug.canonicalRequest, /^POST\n\/\n\ncontent-type:application\/x-www-form-urlencoded; charset=utf-8\nhost:gatehouse.example\n/);
    assert.match(result.debug.stringToSign, /^AWS4-HMAC-SHA256\n20260314T150926Z\n20260314\/us-east-1\/iam\/aws4_request\n[0-9a-f]{64}$/);
  });

  it('any change to a signed part → SignatureDoesNotMatch', async () => {
    const request = await signed({ query: { Marker: 'm' } });
    const variants: [string, SigV4Request][] = [
      ['body', { ...request, body: Buffer.from(`${BODY}&MaxItems=1`) }],
      ['query', { ...request, query: 'Marker=n' }],
      ['path', { ...request, path: '/other' }],
      ['method', { ...request, method: 'PUT' }],
      ['signed header', withHeaders(request, { 'content-type': 'text/plain' })],
      ['host', withHeaders(request, { host: 'evil.example' })],
      ['uppercase signature', withHeaders(request, { authorization: authOf(request).replace(/Signature=(\w+)/, (_m, s: string) => `Signature=${s.toUpperCase()}`) })],
      ['short signature', withHeaders(request, { authorization: authOf(request).replace(/Signature=(\w+)/, 'Signature=abc') })],
    ];
    for (const [what, variant] of variants) {
      const result = await verifier()(variant, AT);
      assert.ok(!result.ok, what);
      assert.equal(result.error.code, 'SignatureDoesNotMatch', what);
    }
    // Headers outside SignedHeaders may change freely (proxies add them).
    assert.ok((await verifier()(withHeaders(request, { 'user-agent': 'other', 'x-forwarded-for': '10.0.0.1' }), AT)).ok);
  });

  it('a body that does not hash to x-amz-content-sha256 → SignatureDoesNotMatch', async () => {
    const request = await signed({ headers: { 'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' } });
    expectError(await verifier()(request, AT), mismatch());
  });

  it('a tampered presigned URL → SignatureDoesNotMatch', async () => {
    const request = await presign({ at: AT, method: 'GET', query: { Action: 'ListUsers' } });
    const result = await verifier()({ ...request, query: request.query.replace('Action=ListUsers', 'Action=DeleteUser') }, AT);
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'SignatureDoesNotMatch');
  });
});

describe('SigV4 errors: order when several things are wrong', () => {
  it('clock skew is reported before a wrong scope and an unknown key', async () => {
    const request = await signed({ service: 's3', credentials: { accessKeyId: 'AKIAUNKNOWNEXAMPLE00', secretAccessKey: 'x' } });
    const result = await verifier()(request, new Date(AT.getTime() + minutes(20)));
    assert.ok(!result.ok);
    assert.match(result.error.message, /^Signature expired/);
  });

  it('a wrong scope is reported before an unknown key (the key is never looked up)', async () => {
    const table = credentialTable();
    const verify = createSigV4Verifier({ services: ['iam'], lookup: table.lookup });
    const request = await signed({ service: 's3', credentials: { accessKeyId: 'AKIAUNKNOWNEXAMPLE00', secretAccessKey: 'x' } });
    expectError(await verify(request, AT), mismatch("Credential should be scoped to correct service: 'iam'. "));
    assert.deepEqual(table.calls, []);
  });

  it('an unknown key is reported before a bad signature', async () => {
    const request = await signed({ credentials: { accessKeyId: 'AKIAUNKNOWNEXAMPLE00', secretAccessKey: 'x' } });
    expectError(await verifier()(withHeaders(request, { authorization: authOf(request).replace(/Signature=\w+/, `Signature=${'0'.repeat(64)}`) }), AT), invalidToken);
  });
});
