/**
 * Differential test: random policies and requests decided by Gatehouse and by the independent engine
 * @cloud-copilot/iam-simulate. Every class where the two disagree has been adjudicated against the AWS
 * documentation (DIFFERENTIAL-FINDINGS.md): where iam-simulate differs from AWS, the oracle's input is adjusted
 * or the class is left out of the random comparison and its documented behaviour asserted below; where
 * Gatehouse differs, the case is an engine bug with its own (failing until fixed) test.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { compilePolicy, compilePolicySet, evaluate, parsePolicy, type AuthzRequest, type DecisionKind } from '../../src/policy/index.js';
import type { Json } from './arbitraries.js';
import { A, B, forOracle, gatehouseDecide, hasUnresolvedVariable, isRootOfResourceAccount, scenarioArb, type Scenario } from './differential-scenarios.js';
import { oracleDecide } from './iam-simulate-oracle.js';
import { SEED, settings } from './settings.js';

const comparable = scenarioArb.filter((s) => !hasUnresolvedVariable(s));

function show(s: Scenario): string {
  return JSON.stringify(s, null, 1);
}

describe('Gatehouse against iam-simulate on random scenarios', () => {
  test('both engines decide every scenario the same', () => {
    fc.assert(
      fc.property(comparable, (s) => {
        const ours = gatehouseDecide(s);
        const theirs = oracleDecide(forOracle(s));
        assert.equal(ours, theirs, `Gatehouse ${ours}, iam-simulate ${theirs} on\n${show(s)}`);
      }),
      settings(3000),
    );
  });

  test('the scenarios exercise every outcome and every adjusted class (the comparison is not vacuous)', () => {
    const samples = fc.sample(comparable, { numRuns: 1500, seed: SEED });
    const outcomes: Record<string, number> = {};
    let root = 0;
    let legacyVariables = 0;
    let notPrincipal = 0;
    let crossAccount = 0;
    let resourcePolicyGrant = 0;
    for (const s of samples) {
      const d = gatehouseDecide(s);
      outcomes[d] = (outcomes[d] ?? 0) + 1;
      if (isRootOfResourceAccount(s)) root++;
      const docs = [...s.identity, s.boundary, s.resource, ...(s.scp ?? []).flat()];
      if (docs.some((x) => x && x.Version !== '2012-10-17' && JSON.stringify(x).includes('${'))) legacyVariables++;
      if (s.resource?.Statement.some((st) => st.NotPrincipal)) notPrincipal++;
      if (!s.request.principal.includes(`::${s.request.resourceAccount}:`)) crossAccount++;
      if (d === 'Allowed' && s.identity.length === 0) resourcePolicyGrant++;
    }
    const min = samples.length / 50;
    for (const k of ['Allowed', 'ExplicitlyDenied', 'ImplicitlyDenied'] as DecisionKind[]) assert.ok((outcomes[k] ?? 0) > min, `too few ${k}: ${JSON.stringify(outcomes)}`);
    for (const [name, n] of Object.entries({ root, legacyVariables, notPrincipal, crossAccount, resourcePolicyGrant })) assert.ok(n > samples.length / 200, `too few scenarios with ${name}: ${n}`);
  });
});

// The classes where iam-simulate differs from the AWS documentation, asserted on Gatehouse directly.
function decide(policies: { identity?: Json[]; resource?: Json; boundary?: Json }, request: AuthzRequest): DecisionKind {
  const c = (d: Json) => {
    const r = parsePolicy(d);
    assert.ok(r.ok, JSON.stringify(r.findings));
    return compilePolicy(r.document);
  };
  const set = compilePolicySet({
    identity: (policies.identity ?? []).map(c),
    ...(policies.resource ? { resource: c(policies.resource) } : {}),
    ...(policies.boundary ? { boundary: c(policies.boundary) } : {}),
  });
  return evaluate(set, request).decision;
}

const ALICE = `arn:aws:iam::${A}:user/alice`;
const BOB = `arn:aws:iam::${A}:user/bob`;
const SESSION = `arn:aws:sts::${A}:assumed-role/Admin/s1`;
const QUEUE = `arn:aws:sqs:us-east-1:${A}:queue1`;
const allowAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

describe('documented behaviour where iam-simulate differs (DIFFERENTIAL-FINDINGS.md)', () => {
  test('F1: a statement whose variable has no value does not apply (Resource, NotResource, Condition)', () => {
    const req = { principal: SESSION, action: 'sqs:SendMessage', resource: QUEUE };
    const notResource = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', NotResource: `arn:aws:sqs:us-east-1:${A}:\${aws:username}` }] };
    assert.equal(decide({ identity: [allowAll, notResource] }, req), 'Allowed');
    const allowNotResource = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', NotResource: `arn:aws:lambda:us-east-1:${A}:function:\${aws:username}` }] };
    assert.equal(decide({ resource: allowNotResource }, req), 'ImplicitlyDenied');
    const resource = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: `arn:aws:sqs:us-east-1:${A}:\${aws:username}` }] };
    assert.equal(decide({ identity: [resource] }, req), 'ImplicitlyDenied');
    const condition = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringNotEquals: { 'aws:SourceVpc': '${aws:username}' } } }] };
    assert.equal(decide({ identity: [allowAll, condition] }, { ...req, context: { 'aws:SourceVpc': 'vpc-1' } }), 'Allowed');
  });

  test('F2: the root user of the account has full access without identity policies', () => {
    assert.equal(decide({}, { principal: `arn:aws:iam::${A}:root`, action: 'sqs:SendMessage', resource: QUEUE }), 'Allowed');
    const deny = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 'sqs:*', Resource: '*' }] };
    assert.equal(decide({ resource: deny }, { principal: `arn:aws:iam::${A}:root`, action: 'sqs:SendMessage', resource: QUEUE }), 'ExplicitlyDenied');
  });

  test('F3: NotPrincipal [user, account] spares that user only; other users of the account are denied', () => {
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', NotPrincipal: { AWS: [ALICE, `arn:aws:iam::${A}:root`] }, Action: 'sqs:*', Resource: '*' }] };
    assert.equal(decide({ identity: [allowAll], resource: policy }, { principal: ALICE, action: 'sqs:SendMessage', resource: QUEUE }), 'Allowed');
    assert.equal(decide({ identity: [allowAll], resource: policy }, { principal: BOB, action: 'sqs:SendMessage', resource: QUEUE }), 'ExplicitlyDenied');
  });

  test('F4: in a Version 2008-10-17 document `${aws:username}` is literal text', () => {
    const legacy = { Version: '2008-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: `arn:aws:sqs:us-east-1:${A}:\${aws:username}` }] };
    const req = { principal: ALICE, action: 'sqs:SendMessage', context: { 'aws:username': 'alice' } };
    assert.equal(decide({ identity: [legacy] }, { ...req, resource: `arn:aws:sqs:us-east-1:${A}:alice` }), 'ImplicitlyDenied');
    assert.equal(decide({ identity: [legacy] }, { ...req, resource: `arn:aws:sqs:us-east-1:${A}:\${aws:username}` }), 'Allowed');
    const cond = { Version: '2008-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:username': '${aws:username}' } } }] };
    assert.equal(decide({ identity: [cond] }, { ...req, resource: QUEUE }), 'ImplicitlyDenied');
  });
});

describe('engine bugs found by the differential test', () => {
  // G1 (reported): AWS documents that a resource-policy Deny with NotPrincipal always denies an IAM user or
  // role that has a permissions boundary, whatever NotPrincipal names. Gatehouse lets the named user through.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
  test('G1: Deny + NotPrincipal denies a caller that has a permissions boundary', () => {
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', NotPrincipal: { AWS: [ALICE, `arn:aws:iam::${A}:root`] }, Action: 'sqs:*', Resource: '*' }] };
    const req = { principal: ALICE, action: 'sqs:SendMessage', resource: QUEUE };
    assert.equal(decide({ identity: [allowAll], resource: policy }, req), 'Allowed', 'without a boundary the named user is spared');
    assert.equal(decide({ identity: [allowAll], resource: policy, boundary: allowAll }, req), 'ExplicitlyDenied');
    const cross = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', NotPrincipal: { AWS: [`arn:aws:iam::${B}:user/eve`, `arn:aws:iam::${B}:root`] }, Action: 'sqs:*', Resource: '*' }] };
    assert.equal(decide({ identity: [allowAll], resource: cross, boundary: allowAll }, { principal: `arn:aws:iam::${B}:user/eve`, action: 'sqs:SendMessage', resource: QUEUE }), 'ExplicitlyDenied');
  });
});
