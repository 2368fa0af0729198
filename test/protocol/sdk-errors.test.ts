import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CreateUserCommand, DeleteUserCommand, GetUserCommand, IAMClient, IAMServiceException } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { loadServiceModel } from '../../src/protocol/model/index.js';
import type { ServiceModel, WireError } from '../../src/protocol/model/index.js';
import { parseQueryRequest } from '../../src/protocol/query/index.js';
import { modeledError, serializeError } from '../../src/protocol/xml/index.js';
import { SdkTransport, clientConfig } from './sdk-transport.js';

const iam = loadServiceModel('iam');
const sts = loadServiceModel('sts');

function modeled(model: ServiceModel, code: string, message: string): WireError {
  const error = modeledError(model, code, message);
  assert.ok(error, `${code} is modeled`);
  return error;
}

/** What the SDK throws for our error body, as the fields a caller looks at. */
async function thrownBy(transport: SdkTransport, model: ServiceModel, error: WireError, send: () => Promise<unknown>) {
  transport.respondWith(serializeError(model, error, 'req-err-1'));
  try {
    await send();
  } catch (e) {
    assert.ok(e instanceof Error);
    const ex = e as Error & { $metadata: { httpStatusCode?: number }; $fault: string; Code?: string; Type?: string };
    return { name: ex.name, message: ex.message, status: ex.$metadata.httpStatusCode, fault: ex.$fault, code: ex.Code, type: ex.Type };
  }
  assert.fail('the SDK accepted an error response');
}

describe('error bodies through the real SDK v3 client', () => {
  const transport = new SdkTransport();
  const client = new IAMClient(clientConfig(transport));

  test('the error body is exactly AWS-shaped', () => {
    const { status, contentType, body } = serializeError(iam, modeled(iam, 'NoSuchEntity', 'The user with name <bob> cannot be found.'), 'req-9');
    assert.equal(status, 404);
    assert.equal(contentType, 'text/xml');
    assert.equal(
      body,
      '<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>NoSuchEntity</Code>' +
        '<Message>The user with name &lt;bob&gt; cannot be found.</Message></Error><RequestId>req-9</RequestId></ErrorResponse>',
    );
  });

  test('NoSuchEntity → NoSuchEntityException, 404', async () => {
    const message = 'The user with name bob cannot be found.';
    const got = await thrownBy(transport, iam, modeled(iam, 'NoSuchEntity', message), () => client.send(new GetUserCommand({ UserName: 'bob' })));
    assert.deepEqual(got, { name: 'NoSuchEntityException', message, status: 404, fault: 'client', code: 'NoSuchEntity', type: 'Sender' });
  });

  test('EntityAlreadyExists → EntityAlreadyExistsException, 409', async () => {
    const message = 'User with name alice already exists.';
    const got = await thrownBy(transport, iam, modeled(iam, 'EntityAlreadyExists', message), () =>
      client.send(new CreateUserCommand({ UserName: 'alice' })),
    );
    assert.deepEqual(got, { name: 'EntityAlreadyExistsException', message, status: 409, fault: 'client', code: 'EntityAlreadyExists', type: 'Sender' });
  });

  test('DeleteConflict → DeleteConflictException, 409', async () => {
    const message = 'Cannot delete entity, must delete policies first.';
    const got = await thrownBy(transport, iam, modeled(iam, 'DeleteConflict', message), () => client.send(new DeleteUserCommand({ UserName: 'alice' })));
    assert.equal(got.name, 'DeleteConflictException');
    assert.equal(got.status, 409);
    assert.equal(got.message, message);
  });

  test('ServiceFailure → ServiceFailureException, 500, Receiver', async () => {
    const error = modeled(iam, 'ServiceFailure', 'Internal error & retry.');
    assert.equal(error.senderFault, false);
    assert.match(serializeError(iam, error, 'r').body, /<Type>Receiver<\/Type>/);
    const got = await thrownBy(transport, iam, error, () => client.send(new GetUserCommand({})));
    assert.deepEqual(got, { name: 'ServiceFailureException', message: 'Internal error & retry.', status: 500, fault: 'server', code: 'ServiceFailure', type: 'Receiver' });
  });

  test("the parser's ValidationError reaches the SDK as ValidationError, 400", async () => {
    const parsed = parseQueryRequest(iam, new URLSearchParams('Action=CreateUser&Version=2010-05-08&UserName=bad%20name'));
    assert.equal(parsed.ok, false);
    assert.ok(!parsed.ok);
    const got = await thrownBy(transport, iam, parsed.error, () => client.send(new CreateUserCommand({ UserName: 'bad name' })));
    assert.deepEqual(got, {
      name: 'ValidationError',
      message:
        "1 validation error detected: Value 'bad name' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
      status: 400,
      fault: 'client',
      code: 'ValidationError',
      type: 'Sender',
    });
  });

  test('an unmodeled code still carries its status and is an IAMServiceException', async () => {
    const error: WireError = { code: 'AccessDenied', message: 'User: x is not authorized', httpStatus: 403, senderFault: true };
    transport.respondWith(serializeError(iam, error, 'r'));
    await assert.rejects(client.send(new GetUserCommand({})), (e: unknown) => {
      assert.ok(e instanceof IAMServiceException);
      assert.equal(e.name, 'AccessDenied');
      assert.equal(e.$metadata.httpStatusCode, 403);
      return true;
    });
  });

  test('STS: MalformedPolicyDocument and ExpiredToken map to their exceptions', async () => {
    const stsTransport = new SdkTransport();
    const stsClient = new STSClient(clientConfig(stsTransport));
    const send = () => stsClient.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::123456789012:role/r', RoleSessionName: 's' }));
    const malformed = await thrownBy(stsTransport, sts, modeled(sts, 'MalformedPolicyDocument', 'Syntax errors in policy.'), send);
    assert.deepEqual(
      { name: malformed.name, status: malformed.status, message: malformed.message },
      { name: 'MalformedPolicyDocumentException', status: 400, message: 'Syntax errors in policy.' },
    );
    const expired = await thrownBy(stsTransport, sts, modeled(sts, 'ExpiredTokenException', 'The security token included in the request is expired'), send);
    assert.deepEqual({ name: expired.name, status: expired.status }, { name: 'ExpiredTokenException', status: 400 });
    assert.match(serializeError(sts, modeled(sts, 'RegionDisabledException', 'x'), 'r').body, /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">/);
    assert.equal(serializeError(sts, modeled(sts, 'RegionDisabledException', 'x'), 'r').status, 403);
  });
});
