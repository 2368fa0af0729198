import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PolicyType } from '../../src/policy/index.js';
import { identity, run, V, type Doc } from './validate-helpers.js';

const ok: Doc = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' };
const trust = (extra: Doc): Doc => ({ Version: V, Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole', ...extra }] });

const CASES: Array<[string, PolicyType, Doc | string, string | undefined]> = [
  ['valid identity policy', 'identity', identity(ok), undefined],
  ['invalid JSON', 'identity', '{"Version": "2012-10-17",', 'Syntax errors in policy.'],
  ['unknown element', 'identity', identity({ ...ok, Resources: '*' }), 'Syntax errors in policy.'],
  ['unknown operator', 'identity', identity({ ...ok, Condition: { StringEqual: { 'aws:username': 'a' } } }), 'Syntax errors in policy.'],
  ['no Version', 'identity', identity(ok, null), 'Policy document must be version 2012-10-17 or greater.'],
  ['Principal in an identity policy', 'identity', identity({ ...ok, Principal: '*' }), 'Policy document should not specify a principal.'],
  ['lower-case Effect', 'identity', identity({ ...ok, Effect: 'allow' }), 'The policy failed legacy parsing'],
  ['unreadable date', 'identity', identity({ ...ok, Condition: { DateLessThan: { 'aws:CurrentTime': '2020-13-45' } } }), 'The policy failed legacy parsing'],
  ['duplicate Sids', 'identity', { Version: V, Statement: [{ ...ok, Sid: 'A' }, { ...ok, Sid: 'A' }] }, 'Statement IDs (SID) in a single policy must be unique.'],
  ['empty Action', 'identity', identity({ ...ok, Action: [] }), 'Policy statement must contain actions.'],
  ['no Resource', 'identity', identity({ Effect: 'Allow', Action: 's3:GetObject' }), 'Policy statement must contain resources.'],
  ['resource not an ARN', 'identity', identity({ ...ok, Resource: 'bucket' }), 'Resource bucket must be in ARN format or "*".'],
  ['IAM ARN with a Region', 'identity', identity({ ...ok, Resource: 'arn:aws:iam:us-east-1:111122223333:user/u' }), 'IAM resource arn:aws:iam:us-east-1:111122223333:user/u cannot contain region information.'],
  ['seed typo iam>DeleteAccessKey', 'identity', identity({ ...ok, Action: 'iam>DeleteAccessKey' }), 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.'],
  ['two colons', 'identity', identity({ ...ok, Action: 's3:Get:Object' }), 'Actions/Condition can contain only one colon.'],
  ['bad vendor', 'identity', identity({ ...ok, Action: 's3#:GetObject' }), 'Vendor s3# is not valid'],
  ['valid trust policy', 'trust', trust({}), undefined],
  ['trust policy with Resource', 'trust', trust({ Resource: '*' }), 'Has prohibited field Resource'],
  ['trust policy without Principal', 'trust', { Version: V, Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] }, 'Missing required field Principal'],
  ['trust policy granting s3', 'trust', trust({ Action: 's3:GetObject' }), 'AssumeRole policy may only specify STS AssumeRole actions.'],
  ['trust policy with a malformed principal', 'trust', trust({ Principal: { AWS: 'bob' } }), 'Invalid principal in policy: "AWS":"bob"'],
  ['trust policy of 2008-10-17', 'trust', { ...trust({}), Version: '2008-10-17' }, undefined],
];

describe('iamError: the MalformedPolicyDocument message IAM returns', () => {
  for (const [name, type, doc, message] of CASES) {
    it(name, () => {
      const r = run(doc, type);
      assert.equal(r.iamError?.message, message);
      if (message) assert.equal(r.iamError?.code, 'MalformedPolicyDocument');
    });
  }
  it('no IAM verdict for policies other services store', () => {
    for (const t of ['resource', 'scp', 'rcp', 'session'] as const) assert.equal(run('{', t).iamError, undefined);
  });
});

describe('size quotas: whitespace is not counted', () => {
  const many = (n: number): Doc => identity({ ...ok, Resource: Array.from({ length: n }, (_, i) => `arn:aws:s3:::bucket-${String(i).padStart(4, '0')}/*`) });
  it('a managed policy over 6,144 characters', () => {
    const r = run(many(260), 'identity');
    assert.deepEqual(r.iamError, { code: 'LimitExceeded', message: 'Cannot exceed quota for PolicySize: 6144' });
  });
  it('indentation does not count toward the quota', () => {
    const doc = many(150);
    const padded = JSON.stringify(doc, null, 40);
    assert.ok(padded.length > 6144);
    const r = run(padded, 'identity');
    assert.equal(r.iamError, undefined);
    assert.ok(!r.findings.some((f) => f.issueCode.startsWith('POLICY_SIZE')));
  });
  it('a user inline policy over its 2,048 limit names the user', () => {
    const r = run(many(80), 'identity', undefined, { sizeLimit: 2048, entityName: 'alice' });
    assert.deepEqual(r.iamError, { code: 'LimitExceeded', message: 'Maximum policy size of 2048 bytes exceeded for user alice' });
  });
  it('a role trust policy over 2,048', () => {
    const r = run(trust({ Condition: { StringEquals: { 'sts:ExternalId': Array.from({ length: 150 }, (_, i) => `external-id-${i}`) } } }), 'trust');
    assert.deepEqual(r.iamError, { code: 'LimitExceeded', message: 'Cannot exceed quota for ACLSizePerRole: 2048' });
  });
});
