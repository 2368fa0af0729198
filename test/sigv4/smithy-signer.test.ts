// Requests signed by @smithy/signature-v4, the signer inside AWS SDK for JavaScript v3, must verify.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSigV4Verifier } from '../../src/protocol/sigv4/index.js';
import { AT, LONG_TERM, TEMPORARY, credentialTable, presign, signHeader } from './helpers.js';

const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'Zugriff für alle', Effect: 'Allow', Action: ['s3:GetObject', 'iam:*'], Resource: 'arn:aws:s3:::bücket/päth with spaces/*' }],
});
const form = (params: Record<string, string>): string => new URLSearchParams(params).toString();

function verifier() {
  const table = credentialTable();
  return { table, verify: createSigV4Verifier({ services: ['iam', 'sts'], lookup: table.lookup }) };
}

describe('SigV4: requests signed by @smithy/signature-v4', () => {
  it('verifies a POST in the Authorization header form and reports who signed it', async () => {
    const { verify } = verifier();
    const request = await signHeader({
      at: AT,
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: form({ Action: 'ListUsers', Version: '2010-05-08' }),
    });
    const result = await verify(request, AT);
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.ok(result.ok);
    assert.equal(result.accessKeyId, LONG_TERM.accessKeyId);
    assert.equal(result.region, 'us-east-1');
    assert.equal(result.service, 'iam');
    assert.equal(result.form, 'header');
    assert.deepEqual(result.signedAt, AT);
    assert.equal(result.credential.owner, 'alice');
    assert.equal(result.sessionToken, undefined);
    assert.ok(result.signedHeaders.includes('host'));
  });

  it('verifies a form-encoded policy document with non-ASCII text and spaces', async () => {
    const { verify } = verifier();
    const body = form({ Action: 'CreatePolicy', Version: '2010-05-08', PolicyName: 'Zugriff für alle', PolicyDocument: POLICY });
    const request = await signHeader({ at: AT, headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body });
    assert.equal((await verify(request, AT)).ok, true);
  });

  it('verifies any region and the sts service', async () => {
    const { verify } = verifier();
    for (const region of ['us-east-1', 'eu-central-1', 'ap-southeast-2', 'gatehouse-local']) {
      const request = await signHeader({ at: AT, region, service: 'sts', body: form({ Action: 'GetCallerIdentity', Version: '2011-06-15' }) });
      const result = await verify(request, AT);
      assert.ok(result.ok, region);
      assert.equal(result.region, region);
      assert.equal(result.service, 'sts');
    }
  });

  it('verifies odd query strings: unicode, spaces, reserved characters, empty and repeated values', async () => {
    const { verify } = verifier();
    const query = {
      Action: 'GetUser',
      'Näme mit Leerzeichen': 'wert & mehr = gleich',
      empty: '',
      emoji: '🔑 key',
      reserved: "!'()*+,;:@/?#[]$",
      tilde: '-._~',
      repeated: ['z', 'a', 'm a', ''],
    };
    for (const method of ['GET', 'POST']) {
      const request = await signHeader({ at: AT, method, query });
      const result = await verify(request, AT);
      assert.ok(result.ok, `${method} ${request.query} ${JSON.stringify(result)}`);
    }
  });

  it('verifies odd paths: encoded characters, dot segments, double slashes, non-ASCII', async () => {
    const { verify } = verifier();
    for (const path of ['/', '/a/b/c', '/a b/c', '/%41%20b', '/ünïcödé/ሴ', '/./x/../y//z/', '//double//', '/trailing/', "/rés!'()*"]) {
      const request = await signHeader({ at: AT, method: 'GET', path });
      const result = await verify(request, AT);
      assert.ok(result.ok, `${path} ${JSON.stringify(result)}`);
    }
  });

  it('verifies headers with runs of spaces, tabs and non-ASCII values', async () => {
    const { verify } = verifier();
    const request = await signHeader({
      at: AT,
      headers: { 'x-amz-meta-note': '  a   b \t c  ', 'x-custom': 'Grüße, Welt' },
      body: form({ Action: 'ListRoles' }),
    });
    assert.ok((await verify(request, AT)).ok);
  });

  it('verifies a request carrying x-amz-content-sha256', async () => {
    const { verify } = verifier();
    const body = form({ Action: 'ListUsers', Version: '2010-05-08' });
    const { createHash } = await import('node:crypto');
    const hash = createHash('sha256').update(body).digest('hex');
    const request = await signHeader({ at: AT, headers: { 'x-amz-content-sha256': hash }, body });
    assert.ok(request.headers['x-amz-content-sha256'] !== undefined);
    assert.ok((await verify(request, AT)).ok);
  });

  it('verifies temporary credentials: the session token reaches the lookup and is compared', async () => {
    const { verify, table } = verifier();
    const request = await signHeader({ at: AT, service: 'sts', credentials: TEMPORARY, body: form({ Action: 'GetCallerIdentity', Version: '2011-06-15' }) });
    assert.equal(request.headers['x-amz-security-token'], TEMPORARY.sessionToken);
    const result = await verify(request, AT);
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.sessionToken, TEMPORARY.sessionToken);
    assert.equal(result.credential.owner, 'role-session');
    assert.deepEqual(table.calls, [{ id: TEMPORARY.accessKeyId, sessionToken: TEMPORARY.sessionToken }]);
  });

  it('verifies presigned URLs (query-string form), with and without a session token', async () => {
    const { verify } = verifier();
    const plain = await presign({ at: AT, method: 'GET', service: 'sts', query: { Action: 'GetCallerIdentity', Version: '2011-06-15' } });
    assert.match(plain.query, /X-Amz-Signature=[0-9a-f]{64}/);
    assert.equal(plain.headers['authorization'], undefined);
    const result = await verify(plain, new Date(AT.getTime() + 60_000));
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.form, 'query');

    const temporary = await presign({
      at: AT,
      method: 'GET',
      service: 'sts',
      credentials: TEMPORARY,
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15', Note: 'spaces and ü' },
    });
    assert.match(temporary.query, /X-Amz-Security-Token=/);
    const tempResult = await verify(temporary, AT);
    assert.ok(tempResult.ok, JSON.stringify(tempResult));
    assert.equal(tempResult.sessionToken, TEMPORARY.sessionToken);
  });

  it('verifies a presigned POST whose body is covered by the signature', async () => {
    const { verify } = verifier();
    const request = await presign({ at: AT, body: form({ Action: 'ListUsers', Version: '2010-05-08' }) });
    assert.ok((await verify(request, AT)).ok);
  });

  it('reuses derived signing keys across requests (same result either way)', async () => {
    const table = credentialTable();
    const verify = createSigV4Verifier({ services: ['iam'], lookup: table.lookup, signingKeyCacheSize: 1 });
    for (let i = 0; i < 3; i++) {
      const request = await signHeader({ at: AT, body: form({ Action: 'ListUsers', Marker: String(i) }) });
      assert.ok((await verify(request, AT)).ok);
    }
    const uncached = createSigV4Verifier({ services: ['iam'], lookup: table.lookup, signingKeyCacheSize: 0 });
    assert.ok((await uncached(await signHeader({ at: AT, body: 'Action=ListUsers' }), AT)).ok);
  });
});
