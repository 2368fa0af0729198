// Real AWS SDK clients as the callers: SDK v3's IAMClient/STSClient (through a request handler that captures
// the signed request instead of sending it) and SDK v2's IAM/STS (a second, independent signer), pointed at a
// Gatehouse endpoint the way `--endpoint-url` does.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { CreatePolicyCommand, CreateUserCommand, IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { HttpRequest } from '@smithy/core/protocols';
import { createSigV4Verifier } from '../../src/protocol/sigv4/index.js';
import type { SigV4Request } from '../../src/protocol/sigv4/index.js';
import { LONG_TERM, TEMPORARY, credentialTable, toWire } from './helpers.js';

const ENDPOINT = 'http://localhost:4566';
const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'iam:Get*', Resource: '*', Condition: { StringEquals: { 'aws:RequestTag/Team': 'Équipe A & B' } } }],
});

class Captured extends Error {}

/** Runs one SDK v3 command and returns the request it signed, as it would have reached the server. */
async function captureV3(
  client: 'iam' | 'sts',
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
  send: (c: IAMClient | STSClient) => Promise<unknown>,
): Promise<SigV4Request> {
  let seen: HttpRequest | undefined;
  const requestHandler = {
    handle: async (request: HttpRequest): Promise<never> => {
      seen = request;
      throw new Captured('captured');
    },
  };
  const config = { endpoint: ENDPOINT, region: 'us-east-1', credentials, maxAttempts: 1, requestHandler };
  const sdk = client === 'iam' ? new IAMClient(config) : new STSClient(config);
  await assert.rejects(send(sdk), Captured);
  assert.ok(seen !== undefined);
  return toWire(seen);
}

interface V2Request {
  build(callback: (err: Error | null) => void): void;
  httpRequest: { method: string; path: string; headers: Record<string, string | number>; body: string };
}
interface V2Client {
  [operation: string]: (params: Record<string, unknown>) => V2Request;
}
interface V2 {
  IAM: new (options: Record<string, unknown>) => V2Client;
  STS: new (options: Record<string, unknown>) => V2Client;
  Credentials: new (id: string, secret: string, token?: string) => unknown;
}

/** Builds and signs one SDK v2 request without sending it. */
async function captureV2(
  client: 'IAM' | 'STS',
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
  operation: string,
  params: Record<string, unknown>,
): Promise<SigV4Request> {
  process.env['AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE'] = '1';
  const AWS = createRequire(import.meta.url)('aws-sdk') as V2;
  const creds = new AWS.Credentials(credentials.accessKeyId, credentials.secretAccessKey, credentials.sessionToken);
  const sdk = new AWS[client]({ endpoint: ENDPOINT, region: 'us-east-1', credentials: creds, maxRetries: 0 });
  const call = sdk[operation];
  assert.ok(call !== undefined);
  const request = call.call(sdk, params);
  await new Promise<void>((resolve, reject) => request.build((err) => (err === null ? resolve() : reject(err))));
  const { method, path, headers, body } = request.httpRequest;
  const q = path.indexOf('?');
  return {
    method,
    path: q === -1 ? path : path.slice(0, q),
    query: q === -1 ? '' : path.slice(q + 1),
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), String(v)])),
    body: Buffer.from(body, 'utf8'),
  };
}

function verifier() {
  return createSigV4Verifier({ services: ['iam', 'sts'], lookup: credentialTable().lookup });
}

/** The SDK signed with the real clock; verify at the time it declared. */
const signedAt = (request: SigV4Request): Date => {
  const m = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/.exec(String(request.headers['x-amz-date']));
  assert.ok(m !== null);
  return new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
};

describe('SigV4: AWS SDK for JavaScript v3 clients', () => {
  it('IAMClient ListUsers', async () => {
    const request = await captureV3('iam', LONG_TERM, (c) => (c as IAMClient).send(new ListUsersCommand({ PathPrefix: '/division a/' })));
    const result = await verifier()(request, signedAt(request));
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.service, 'iam');
    assert.equal(result.accessKeyId, LONG_TERM.accessKeyId);
  });

  it('IAMClient CreatePolicy with a form-encoded policy document', async () => {
    const request = await captureV3('iam', LONG_TERM, (c) =>
      (c as IAMClient).send(new CreatePolicyCommand({ PolicyName: 'politique-été', PolicyDocument: POLICY, Description: 'Zugriff für alle 🔐' })),
    );
    assert.match(Buffer.from(request.body).toString(), /PolicyDocument=/);
    const result = await verifier()(request, signedAt(request));
    assert.ok(result.ok, JSON.stringify(result));
  });

  it('IAMClient CreateUser with tags containing spaces and non-ASCII', async () => {
    const request = await captureV3('iam', LONG_TERM, (c) =>
      (c as IAMClient).send(new CreateUserCommand({ UserName: 'jörg', Path: '/eng/', Tags: [{ Key: 'Team Name', Value: 'Équipe = A&B' }] })),
    );
    assert.ok((await verifier()(request, signedAt(request))).ok);
  });

  it('STSClient GetCallerIdentity with long-term credentials', async () => {
    const request = await captureV3('sts', LONG_TERM, (c) => (c as STSClient).send(new GetCallerIdentityCommand({})));
    const result = await verifier()(request, signedAt(request));
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.service, 'sts');
  });

  it('STSClient AssumeRole with temporary credentials and a session token', async () => {
    const request = await captureV3('sts', TEMPORARY, (c) =>
      (c as STSClient).send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::123456789012:role/chained', RoleSessionName: 'second hop' })),
    );
    assert.equal(request.headers['x-amz-security-token'], TEMPORARY.sessionToken);
    const result = await verifier()(request, signedAt(request));
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.sessionToken, TEMPORARY.sessionToken);
  });

  it('rejects the captured request once its body is altered', async () => {
    const request = await captureV3('iam', LONG_TERM, (c) => (c as IAMClient).send(new ListUsersCommand({})));
    const tampered = { ...request, body: Buffer.from(Buffer.from(request.body).toString().replace('ListUsers', 'ListRoles')) };
    const result = await verifier()(tampered, signedAt(request));
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'SignatureDoesNotMatch');
  });
});

describe('SigV4: AWS SDK for JavaScript v2 clients (an independent signer)', () => {
  it('IAM CreatePolicy, signed with x-amz-content-sha256', async () => {
    const request = await captureV2('IAM', LONG_TERM, 'createPolicy', { PolicyName: 'p', PolicyDocument: POLICY, Path: '/a b/' });
    assert.ok(request.headers['x-amz-content-sha256'] !== undefined);
    const result = await verifier()(request, signedAt(request));
    assert.ok(result.ok, JSON.stringify(result));
  });

  it('STS GetCallerIdentity with a session token', async () => {
    const request = await captureV2('STS', TEMPORARY, 'getCallerIdentity', {});
    const result = await verifier()(request, signedAt(request));
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.service, 'sts');
  });

  it('rejects a v2 request whose body no longer matches x-amz-content-sha256', async () => {
    const request = await captureV2('IAM', LONG_TERM, 'listUsers', {});
    const result = await verifier()({ ...request, body: Buffer.from('Action=ListUsers&Version=2010-05-08&MaxItems=1') }, signedAt(request));
    assert.ok(!result.ok);
    assert.equal(result.error.code, 'SignatureDoesNotMatch');
  });
});
