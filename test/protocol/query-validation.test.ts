import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadServiceModel } from '../../src/protocol/model/index.js';
import type { ServiceModel, WireError } from '../../src/protocol/model/index.js';
import { parseQueryRequest } from '../../src/protocol/query/index.js';

const iam = loadServiceModel('iam');
const sts = loadServiceModel('sts');

function errorOf(model: ServiceModel, body: string): WireError {
  const result = parseQueryRequest(model, new URLSearchParams(body));
  assert.ok(!result.ok, 'the request was accepted');
  return result.error;
}

function validationMessage(model: ServiceModel, body: string): string {
  const error = errorOf(model, body);
  assert.deepEqual({ code: error.code, status: error.httpStatus, sender: error.senderFault }, { code: 'ValidationError', status: 400, sender: true });
  return error.message;
}

const IAM = 'Version=2010-05-08&Action=';
const STS = 'Version=2011-06-15&Action=';

describe('validation messages, in AWS wording', () => {
  test('pattern', () => {
    assert.equal(
      validationMessage(iam, `${IAM}CreateUser&UserName=bad%20name`),
      "1 validation error detected: Value 'bad name' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    );
  });

  test('maximum length', () => {
    const name = 'a'.repeat(65);
    assert.equal(
      validationMessage(iam, `${IAM}CreateUser&UserName=${name}`),
      `1 validation error detected: Value '${name}' at 'userName' failed to satisfy constraint: Member must have length less than or equal to 64`,
    );
  });

  test('an empty value breaks both the minimum length and the pattern', () => {
    assert.equal(
      validationMessage(iam, `${IAM}CreateUser&UserName=`),
      "2 validation errors detected: Value '' at 'userName' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value '' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    );
  });

  test('missing required members, in declaration order', () => {
    assert.equal(
      validationMessage(iam, `${IAM}PutUserPolicy&PolicyName=p`),
      '2 validation errors detected: Value null at \'userName\' failed to satisfy constraint: Member must not be null; ' +
        "Value null at 'policyDocument' failed to satisfy constraint: Member must not be null",
    );
  });

  test('enum', () => {
    assert.equal(
      validationMessage(iam, `${IAM}UpdateAccessKey&AccessKeyId=AKIAEXAMPLE000000001&Status=Enabled`),
      "1 validation error detected: Value 'Enabled' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive, Expired]",
    );
  });

  test('numeric range', () => {
    assert.equal(
      validationMessage(sts, `${STS}AssumeRole&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr&RoleSessionName=session&DurationSeconds=100`),
      "1 validation error detected: Value '100' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    );
    assert.match(
      validationMessage(iam, `${IAM}ListUsers&MaxItems=1001`),
      /^1 validation error detected: Value '1001' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 1000$/,
    );
  });

  test('a member of a list element is located as list.N.member.field', () => {
    const key = 'k'.repeat(129);
    assert.equal(
      validationMessage(iam, `${IAM}TagUser&UserName=alice&Tags.member.1.Key=ok&Tags.member.1.Value=v&Tags.member.2.Key=${key}&Tags.member.2.Value=v`),
      `1 validation error detected: Value '${key}' at 'tags.2.member.key' failed to satisfy constraint: Member must have length less than or equal to 128`,
    );
  });

  test('a list longer than its maximum', () => {
    const tags = Array.from({ length: 51 }, (_, i) => `Tags.member.${i + 1}.Key=k${i}&Tags.member.${i + 1}.Value=v`).join('&');
    const message = validationMessage(iam, `${IAM}TagUser&UserName=alice&${tags}`);
    assert.match(message, /^1 validation error detected: Value '\[\{Key=k0, Value=v\}, .*\{Key=k50, Value=v\}\]' at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50$/);
  });

  test('a sensitive value is not echoed', () => {
    const password = 'p'.repeat(129);
    const message = validationMessage(iam, `${IAM}CreateLoginProfile&UserName=alice&Password=${password}`);
    assert.equal(message, "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must have length less than or equal to 128");
    assert.ok(!message.includes(password));
  });

  test('errors across members are all reported, joined by "; "', () => {
    const message = validationMessage(iam, `${IAM}CreateUser&UserName=a%20b&Path=no-slashes`);
    assert.equal(
      message,
      "2 validation errors detected: Value 'no-slashes' at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F); " +
        "Value 'a b' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    );
  });

  test('Unicode classes in patterns (\\p{L}) accept letters of any script', () => {
    const result = parseQueryRequest(iam, new URLSearchParams(`${IAM}TagUser&UserName=alice&Tags.member.1.Key=équipe&Tags.member.1.Value=日本`));
    assert.ok(result.ok);
  });

  test('a value that is not of its type', () => {
    const error = errorOf(iam, `${IAM}ListUsers&MaxItems=ten`);
    assert.equal(error.code, 'ValidationError');
    assert.match(error.message, /MaxItems/);
    assert.equal(errorOf(iam, `${IAM}CreatePolicyVersion&PolicyArn=arn:aws:iam::1:policy/p&PolicyDocument={}&SetAsDefault=yes`).code, 'ValidationError');
  });
});

describe('Action and Version', () => {
  test('unknown action → InvalidAction, 400', () => {
    assert.deepEqual(errorOf(iam, 'Action=CreateUnicorn&Version=2010-05-08'), {
      code: 'InvalidAction',
      message: 'Could not find operation CreateUnicorn for version 2010-05-08',
      httpStatus: 400,
      senderFault: true,
    });
  });

  test('a known action under another version is not found either', () => {
    assert.equal(errorOf(iam, 'Action=CreateUser&Version=2011-06-15&UserName=a').message, 'Could not find operation CreateUser for version 2011-06-15');
    assert.equal(errorOf(sts, 'Action=CreateUser&Version=2011-06-15&UserName=a').code, 'InvalidAction');
  });

  test('missing Version', () => {
    assert.equal(errorOf(iam, 'Action=ListUsers').code, 'InvalidAction');
  });

  test('missing Action → MissingAction, 400', () => {
    assert.deepEqual(errorOf(iam, 'Version=2010-05-08&UserName=a'), { code: 'MissingAction', message: 'Missing Action', httpStatus: 400, senderFault: true });
  });

  test('parameters the input does not name are ignored', () => {
    const result = parseQueryRequest(iam, new URLSearchParams(`${IAM}GetUser&UserName=alice&X-Amz-Date=20240101T000000Z&Bogus=1`));
    assert.ok(result.ok);
    assert.deepEqual(result.value.input, { UserName: 'alice' });
  });
});
