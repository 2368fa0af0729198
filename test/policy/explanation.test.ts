/** The explanation that comes with every decision: who decided, which type lacked an allow, which keys were missing. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compilePolicy, compilePolicySet, evaluate, explainDecision, parsePolicy, type CompiledPolicy, type PolicySetInput } from '../../src/policy/index.js';

function p(doc: object, name?: string): CompiledPolicy {
  const r = parsePolicy(doc);
  assert.ok(r.ok, JSON.stringify(r.findings));
  return compilePolicy(r.document, name);
}

const allowAll = { Version: '2012-10-17', Statement: [{ Sid: 'All', Effect: 'Allow', Action: '*', Resource: '*' }] };
const s3Only = { Version: '2012-10-17', Statement: [{ Sid: 'S3', Effect: 'Allow', Action: 's3:*', Resource: '*' }] };
const alice = 'arn:aws:iam::111122223333:user/alice';

function decide(input: PolicySetInput, action: string, extra: { resource?: string; context?: Record<string, string> } = {}) {
  return evaluate(compilePolicySet(input), { principal: alice, action, resource: extra.resource ?? '*', ...(extra.context ? { context: extra.context } : {}) });
}

test('the allowing statements carry policy type, index, name and Sid', () => {
  const d = decide({ identity: [p(s3Only, 'S3Policy'), p(allowAll, 'All')] }, 's3:GetObject');
  assert.equal(d.decision, 'Allowed');
  assert.deepEqual(
    d.explanation.allows.map((a) => [a.source.type, a.policyName, a.sid, a.statementIndex]),
    [['identity', 'S3Policy', 'S3', 0], ['identity', 'All', 'All', 0]],
  );
});

test('an implicit deny names the policy type that lacked an allow', () => {
  assert.deepEqual(decide({ identity: [p(allowAll)], boundary: p(s3Only) }, 'iam:ListUsers').explanation.missingAllow, { type: 'boundary' });
  assert.deepEqual(decide({ identity: [p(allowAll)], session: [p(s3Only)] }, 'iam:ListUsers').explanation.missingAllow, { type: 'session' });
  assert.deepEqual(decide({ identity: [p(allowAll)], scp: [[p(allowAll)], [p(s3Only)]] }, 'iam:ListUsers').explanation.missingAllow, { type: 'scp', level: 1 });
  assert.deepEqual(decide({ identity: [p(s3Only)] }, 'iam:ListUsers').explanation.missingAllow, { type: 'identity' });
});

test('an explicit deny lists the denying statements and no missing type', () => {
  const deny = { Version: '2012-10-17', Statement: [{ Sid: 'NoIam', Effect: 'Deny', Action: 'iam:*', Resource: '*' }] };
  const d = decide({ identity: [p(allowAll)], scp: [[p(allowAll), p(deny)]] }, 'iam:ListUsers');
  assert.equal(d.decision, 'ExplicitlyDenied');
  assert.deepEqual(d.explanation.denies.map((x) => [x.source, x.sid]), [[{ type: 'scp', level: 0, index: 1 }, 'NoIam']]);
  assert.equal(d.explanation.missingAllow, undefined);
});

test('condition keys a statement needed and did not get are reported', () => {
  const mfa = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }] };
  const d = decide({ identity: [p(mfa)] }, 's3:GetObject');
  assert.equal(d.decision, 'ImplicitlyDenied');
  assert.deepEqual(d.explanation.missingContextKeys, ['aws:MultiFactorAuthPresent']);
  const present = decide({ identity: [p(mfa)] }, 's3:GetObject', { context: { 'aws:MultiFactorAuthPresent': 'true', 'aws:SourceIp': '10.1.2.3' } });
  assert.equal(present.decision, 'Allowed');
  assert.deepEqual(present.explanation.missingContextKeys, []);
});

test('cross-account requests are flagged and need the resource policy', () => {
  const d = decide({ identity: [p(allowAll)] }, 's3:GetObject', { resource: 'arn:aws:sqs:us-east-1:444455556666:q' });
  assert.equal(d.explanation.crossAccount, true);
  // Without a resource policy nothing on the resource's side grants access to another account.
  assert.deepEqual([d.decision, d.explanation.missingAllow], ['ImplicitlyDenied', { type: 'resource' }]);
  const rp = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '999988887777' }, Action: 'sqs:*', Resource: '*' }] };
  const denied = decide({ identity: [p(allowAll)], resource: p(rp) }, 'sqs:SendMessage', { resource: 'arn:aws:sqs:us-east-1:444455556666:q' });
  assert.deepEqual([denied.decision, denied.explanation.missingAllow], ['ImplicitlyDenied', { type: 'resource' }]);
});

test('scope-down layers: each must allow; a missing allow or a deny names its layer as a session policy', () => {
  const getOnly = { Version: '2012-10-17', Statement: [{ Sid: 'Get', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };
  const noGet = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }, { Sid: 'NoGet', Effect: 'Deny', Action: 's3:GetObject', Resource: '*' }] };
  const layers = { identity: [p(allowAll)], scopeDown: [p(s3Only, 'scope-down policy 1'), p(getOnly, 'scope-down policy 2')] };
  const allowed = decide(layers, 's3:GetObject');
  assert.equal(allowed.decision, 'Allowed');
  assert.deepEqual(allowed.explanation.allows.map((a) => [a.source, a.policyName]), [
    [{ type: 'identity', index: 0 }, undefined],
    [{ type: 'session', index: 0, layer: 0 }, 'scope-down policy 1'],
    [{ type: 'session', index: 0, layer: 1 }, 'scope-down policy 2'],
  ]);
  // The first layer allows s3:PutObject, the second doesn't: an intersection, not a union.
  const put = decide(layers, 's3:PutObject');
  assert.deepEqual([put.decision, put.explanation.missingAllow], ['ImplicitlyDenied', { type: 'session', layer: 1 }]);
  assert.equal(explainDecision(put), 'implicitly denied: no session policy (scope-down policy #2) allows it');
  const denied = decide({ identity: [p(allowAll)], scopeDown: [p(allowAll), p(noGet)] }, 's3:GetObject');
  assert.equal(denied.decision, 'ExplicitlyDenied');
  assert.deepEqual(denied.explanation.denies.map((x) => x.source), [{ type: 'session', index: 0, layer: 1 }]);
  assert.equal(explainDecision(denied), 'explicitly denied by scope-down policy #2 statement 2 "NoGet"');
  // The session policies the session was created with stay one layer (a union), checked before the scope-down layers.
  const withSession = decide({ identity: [p(allowAll)], session: [p(getOnly)], scopeDown: [p(s3Only)] }, 's3:PutObject');
  assert.deepEqual(withSession.explanation.missingAllow, { type: 'session' });
});
