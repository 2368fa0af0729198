/**
 * Random authorization scenarios for the differential test: identity policies, an optional permissions
 * boundary, an optional resource policy (same account or cross-account), optional SCP levels, and a request
 * from a small cast of principals against real service actions and resource ARNs, with a request context that
 * carries the keys the conditions use. Both engines get exactly the same context (the keys AWS derives from
 * the principal are written out), so a disagreement is about evaluation, never about key derivation.
 */
import fc from 'fast-check';
import { compilePolicy, compilePolicySet, evaluate, parsePolicy, type CompiledPolicy, type DecisionKind } from '../../src/policy/index.js';
import type { Json } from './arbitraries.js';

export const A = '111122223333';
export const B = '444455556666';

export type Doc = { Version: string; Statement: { [k: string]: Json }[] };

export interface Scenario {
  identity: Doc[];
  boundary?: Doc;
  resource?: Doc;
  /** SCP levels, root first; each level a list of policies. */
  scp?: Doc[][];
  request: {
    principal: string;
    action: string;
    resource: string;
    resourceAccount: string;
    context: Record<string, string | string[]>;
  };
}

interface Caller {
  arn: string;
  account: string;
  keys: Record<string, string>;
}

const CALLERS: Caller[] = [
  { arn: `arn:aws:iam::${A}:user/alice`, account: A, keys: { 'aws:username': 'alice', 'aws:PrincipalArn': `arn:aws:iam::${A}:user/alice`, 'aws:PrincipalType': 'User' } },
  { arn: `arn:aws:iam::${A}:user/bob`, account: A, keys: { 'aws:username': 'bob', 'aws:PrincipalArn': `arn:aws:iam::${A}:user/bob`, 'aws:PrincipalType': 'User' } },
  { arn: `arn:aws:sts::${A}:assumed-role/Admin/s1`, account: A, keys: { 'aws:PrincipalArn': `arn:aws:iam::${A}:role/Admin`, 'aws:PrincipalType': 'AssumedRole' } },
  { arn: `arn:aws:iam::${B}:user/eve`, account: B, keys: { 'aws:username': 'eve', 'aws:PrincipalArn': `arn:aws:iam::${B}:user/eve`, 'aws:PrincipalType': 'User' } },
  { arn: `arn:aws:iam::${A}:user/team/carol`, account: A, keys: { 'aws:username': 'carol', 'aws:PrincipalArn': `arn:aws:iam::${A}:user/team/carol`, 'aws:PrincipalType': 'User' } },
  { arn: `arn:aws:sts::${B}:assumed-role/Ops/s9`, account: B, keys: { 'aws:PrincipalArn': `arn:aws:iam::${B}:role/Ops`, 'aws:PrincipalType': 'AssumedRole' } },
  { arn: `arn:aws:iam::${A}:root`, account: A, keys: { 'aws:PrincipalArn': `arn:aws:iam::${A}:root`, 'aws:PrincipalType': 'Account' } },
];

const ACTIONS = ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sns:Publish', 'dynamodb:GetItem', 'dynamodb:PutItem', 'lambda:InvokeFunction', 'ec2:StartInstances'];
const ACTION_PATTERNS = [...ACTIONS, 'sqs:*', 'sqs:Send*', '*', 'dynamodb:*Item', 'SQS:sendmessage', 'sns:Pub?ish', 'lambda:Invoke*', 'ec2:*Instances', 'dynamodb:Get*'];

const RESOURCES: [string, string][] = [
  [`arn:aws:sqs:us-east-1:${A}:queue1`, A],
  [`arn:aws:sqs:us-east-1:${B}:queue2`, B],
  [`arn:aws:sns:us-east-1:${A}:topic1`, A],
  [`arn:aws:dynamodb:us-east-1:${A}:table/T1`, A],
  [`arn:aws:dynamodb:us-east-1:${B}:table/T2`, B],
  [`arn:aws:lambda:us-east-1:${A}:function:alice`, A],
  [`arn:aws:ec2:us-east-1:${A}:instance/i-1`, A],
];
const RESOURCE_PATTERNS = [
  '*',
  ...RESOURCES.map(([r]) => r),
  'arn:aws:sqs:*:*:*',
  `arn:aws:sqs:us-east-1:${A}:queue?`,
  'arn:aws:dynamodb:*:*:table/*',
  `arn:aws:lambda:us-east-1:${A}:function:\${aws:username}`,
  `arn:aws:sqs:us-east-1:${A}:QUEUE1`,
  `arn:aws:sns:us-east-1:*:topic*`,
  `arn:aws:dynamodb:us-east-1:${B}:table/T?`,
  'arn:aws:*:*:*:*',
  `arn:aws:*:us-east-1:${A}:*`,
  'arn:*',
  `arn:aws:lambda:us-east-1:${A}:function:\${aws:PrincipalTag/team}`,
  `arn:aws:sqs:us-east-1:${A}:\${*}`,
];

type Clause = [operator: string, key: string, values: Json[]];

const STRING_OPS = ['StringEquals', 'StringNotEquals', 'StringLike', 'StringNotLike', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase'];
const ifExists = (ops: string[]): string[] => [...ops, ...ops.map((o) => `${o}IfExists`)];

const clauseArb: fc.Arbitrary<Clause> = fc.oneof(
  fc.tuple(fc.constantFrom(...ifExists(STRING_OPS)), fc.constantFrom('aws:username', 'aws:PrincipalTag/team', 'aws:RequestedRegion'), fc.subarray(['alice', 'ALICE', 'bob', 'a*', 'dev', 'ops', 'us-east-1', 'us-*', '${aws:username}'], { minLength: 1, maxLength: 3 })),
  fc.tuple(fc.constantFrom(...ifExists(['NumericLessThan', 'NumericGreaterThan', 'NumericEquals', 'NumericNotEquals', 'NumericLessThanEquals'])), fc.constant('aws:MultiFactorAuthAge'), fc.subarray<Json>([0, 3600, '300', 100], { minLength: 1, maxLength: 2 })),
  fc.tuple(fc.constantFrom('Bool', 'BoolIfExists'), fc.constantFrom('aws:MultiFactorAuthPresent', 'aws:SecureTransport'), fc.constantFrom<Json[]>(['true'], ['false'], [true], [false])),
  fc.tuple(fc.constantFrom(...ifExists(['IpAddress', 'NotIpAddress'])), fc.constant('aws:SourceIp'), fc.subarray(['203.0.113.0/24', '10.0.0.0/8', '192.0.2.1'], { minLength: 1, maxLength: 2 })),
  fc.tuple(fc.constantFrom('DateGreaterThan', 'DateLessThan', 'DateGreaterThanEquals', 'DateNotEquals'), fc.constant('aws:CurrentTime'), fc.subarray(['2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z', '2026-06-15T12:00:00Z'], { minLength: 1, maxLength: 2 })),
  fc.tuple(fc.constantFrom(...ifExists(['ArnLike', 'ArnEquals', 'ArnNotLike', 'ArnNotEquals'])), fc.constantFrom('aws:PrincipalArn', 'aws:SourceArn'), fc.subarray([`arn:aws:iam::${A}:user/*`, 'arn:aws:iam::*:role/Admin', `arn:aws:iam::${A}:user/alice`, `arn:aws:sns:us-east-1:${A}:*`], { minLength: 1, maxLength: 2 })),
  fc.tuple(fc.constant('Null'), fc.constantFrom('aws:PrincipalTag/team', 'aws:SourceIp', 'aws:TagKeys', 'aws:username', 'aws:SourceArn'), fc.constantFrom<Json[]>(['true'], ['false'])),
  fc.tuple(fc.constantFrom('ForAnyValue:StringEquals', 'ForAnyValue:StringLike', 'ForAllValues:StringEquals', 'ForAllValues:StringLike', 'ForAnyValue:StringNotEquals', 'ForAllValues:StringNotLike'), fc.constant('aws:TagKeys'), fc.subarray(['team', 'cost*', 'env', 'cost-center'], { minLength: 1, maxLength: 3 })),
  fc.tuple(fc.constantFrom('StringEquals', 'StringNotEquals'), fc.constant('aws:PrincipalAccount'), fc.subarray([A, B], { minLength: 1, maxLength: 1 })),
  fc.tuple(fc.constantFrom('StringEquals', 'StringLike', 'StringNotEquals'), fc.constantFrom('AWS:USERNAME', 'aws:principaltag/TEAM', 'Aws:SourceArn'), fc.subarray(['alice', 'dev', '${aws:PrincipalTag/team}', '${aws:username}', `arn:aws:sns:us-east-1:${A}:*`], { minLength: 1, maxLength: 2 })),
);

/** A Condition block from a few clauses; two clauses with the same operator and key keep the last, as JSON does. */
function conditionOf(clauses: Clause[]): { [op: string]: { [key: string]: Json } } {
  const out: { [op: string]: { [key: string]: Json } } = {};
  for (const [op, key, values] of clauses) (out[op] ??= {})[key] = values.length === 1 ? (values[0] as Json) : values;
  return out;
}

function oneOrList<T>(xs: T[]): T | T[] {
  return xs.length === 1 ? (xs[0] as T) : xs;
}

const PRINCIPAL_VALUES: Json[] = [{ AWS: `arn:aws:iam::${A}:user/team/carol` }, { AWS: `arn:aws:iam::${B}:role/Ops` }, { AWS: [`arn:aws:iam::${A}:root`, `arn:aws:iam::${B}:root`] }, '*', { AWS: '*' }, { AWS: `arn:aws:iam::${A}:user/alice` }, { AWS: A }, { AWS: `arn:aws:iam::${A}:root` }, { AWS: `arn:aws:iam::${A}:role/Admin` }, { AWS: `arn:aws:iam::${B}:user/eve` }, { AWS: B }, { AWS: [`arn:aws:iam::${A}:user/bob`, `arn:aws:iam::${B}:root`] }, { AWS: `arn:aws:sts::${A}:assumed-role/Admin/s1` }];

interface Hint {
  action: string;
  resource: string;
}

const NOT_PRINCIPAL_VALUES: Json[] = [
  { AWS: [`arn:aws:iam::${A}:user/alice`, `arn:aws:iam::${A}:root`] },
  { AWS: [`arn:aws:sts::${A}:assumed-role/Admin/s1`, `arn:aws:iam::${A}:role/Admin`, `arn:aws:iam::${A}:root`] },
  { AWS: [`arn:aws:iam::${B}:user/eve`, B] },
  { AWS: [`arn:aws:iam::${A}:user/team/carol`, A, `arn:aws:iam::${B}:user/eve`, `arn:aws:iam::${B}:root`] },
  { AWS: `arn:aws:iam::${B}:user/nobody` },
];

function statementArb(kind: 'identity' | 'resource' | 'scp', hint: Hint): fc.Arbitrary<{ [k: string]: Json }> {
  // The request's own action and resource are over-represented so that Allow and Deny both get to match.
  const actions = [...ACTION_PATTERNS, hint.action, hint.action, hint.action, hint.action.toUpperCase()];
  const resources = [...RESOURCE_PATTERNS, hint.resource, hint.resource, hint.resource, '*'];
  return fc
    .record({
      effect: fc.constantFrom('Allow', 'Allow', 'Allow', 'Allow', 'Allow', 'Deny'),
      actions: fc.subarray(actions, { minLength: 1, maxLength: 3 }),
      useNotAction: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
      resources: fc.subarray(resources, { minLength: 1, maxLength: 3 }),
      useNotResource: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
      principal: fc.constantFrom(...PRINCIPAL_VALUES),
      useNotPrincipal: fc.integer({ min: 0, max: 2 }).map((n) => n === 0),
      notPrincipal: fc.constantFrom(...NOT_PRINCIPAL_VALUES),
      conditions: fc.oneof({ weight: 3, arbitrary: fc.constant<Clause[]>([]) }, { weight: 3, arbitrary: fc.array(clauseArb, { minLength: 1, maxLength: 2 }) }),
    })
    .map((s) => {
      const out: { [k: string]: Json } = { Effect: s.effect };
      // NotPrincipal only with Deny (AWS does not support it with Allow), and only with lists that name a
      // principal together with its whole chain (account, role), where the documented meaning is unambiguous.
      if (kind === 'resource') {
        if (s.useNotPrincipal && s.effect === 'Deny') out.NotPrincipal = s.notPrincipal;
        else out.Principal = s.principal;
      }
      out[s.useNotAction ? 'NotAction' : 'Action'] = oneOrList(s.actions);
      out[s.useNotResource ? 'NotResource' : 'Resource'] = oneOrList(s.resources);
      if (s.conditions.length > 0) out.Condition = conditionOf(s.conditions);
      return out;
    });
}

function docArb(kind: 'identity' | 'resource' | 'scp', hint: Hint): fc.Arbitrary<Doc> {
  const st = statementArb(kind, hint);
  const allowAll: { [k: string]: Json } = { Effect: 'Allow', Action: '*', Resource: '*' };
  // SCPs mostly carry FullAWSAccess, as real organizations do, so that the other policy types get a say.
  const statements = kind === 'scp' ? fc.tuple(fc.integer({ min: 0, max: 4 }), fc.array(st, { maxLength: 2 })).map(([n, rest]) => (n > 0 || rest.length === 0 ? [allowAll, ...rest] : rest)) : fc.array(st, { minLength: 1, maxLength: 3 });
  return fc.tuple(statements, fc.constantFrom('2012-10-17', '2012-10-17', '2012-10-17', '2008-10-17')).map(([Statement, Version]) => ({ Version, Statement }));
}

const contextArb = (caller: Caller): fc.Arbitrary<Record<string, string | string[]>> =>
  fc
    .record(
      {
        'aws:PrincipalTag/team': fc.constantFrom('dev', 'ops'),
        'aws:RequestedRegion': fc.constantFrom('us-east-1', 'eu-west-1'),
        'aws:MultiFactorAuthAge': fc.constantFrom('100', '300', '5000'),
        'aws:MultiFactorAuthPresent': fc.constantFrom('true', 'false'),
        'aws:SecureTransport': fc.constantFrom('true', 'false'),
        'aws:SourceIp': fc.constantFrom('203.0.113.5', '10.1.2.3', '192.0.2.1'),
        'aws:SourceArn': fc.constantFrom(`arn:aws:sns:us-east-1:${A}:topic1`, `arn:aws:sqs:us-east-1:${B}:queue2`),
        'aws:TagKeys': fc.subarray(['team', 'cost-center', 'env'], { minLength: 1 }),
      },
      { requiredKeys: [] },
    )
    .map((ctx) => ({ ...caller.keys, 'aws:PrincipalAccount': caller.account, 'aws:CurrentTime': '2026-06-15T12:00:00Z', ...ctx }));

/** `arb`'s value `yes` times in `yes + no`, otherwise undefined. */
function sometimes<T>(arb: fc.Arbitrary<T>, yes: number, no: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: yes, arbitrary: arb }, { weight: no, arbitrary: fc.constant(undefined) });
}

export const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({ caller: fc.constantFrom(...CALLERS), action: fc.constantFrom(...ACTIONS), resource: fc.constantFrom(...RESOURCES) })
  .chain(({ caller, action, resource }) => {
    const hint = { action, resource: resource[0] };
    return fc.record({
      caller: fc.constant(caller),
      action: fc.constant(action),
      resource: fc.constant(resource),
      identity: fc.array(docArb('identity', hint), { maxLength: 2 }),
      boundary: sometimes(docArb('identity', hint), 1, 2),
      resourcePolicy: sometimes(docArb('resource', hint), 1, 1),
      scp: sometimes(fc.array(fc.array(docArb('scp', hint), { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 3 }), 1, 2),
    });
  })
  .chain((s) =>
    contextArb(s.caller).map((context): Scenario => ({
      identity: s.identity,
      // A permissions boundary can be set on users and roles only, never on the root user.
      ...(s.boundary && s.caller.keys['aws:PrincipalType'] !== 'Account' ? { boundary: s.boundary } : {}),
      ...(s.resourcePolicy ? { resource: s.resourcePolicy } : {}),
      ...(s.scp ? { scp: s.scp } : {}),
      request: { principal: s.caller.arn, action: s.action, resource: s.resource[0], resourceAccount: s.resource[1], context },
    })),
  );

function compiled(doc: Doc): CompiledPolicy {
  const r = parsePolicy(doc);
  if (!r.ok) throw new Error(`generated policy does not parse: ${JSON.stringify(r.findings)}`);
  return compilePolicy(r.document);
}

/** Gatehouse's decision on a scenario. */
export function gatehouseDecide(s: Scenario): DecisionKind {
  const set = compilePolicySet({
    identity: s.identity.map(compiled),
    ...(s.boundary ? { boundary: compiled(s.boundary) } : {}),
    ...(s.resource ? { resource: compiled(s.resource) } : {}),
    ...(s.scp ? { scp: s.scp.map((level) => level.map(compiled)) } : {}),
  });
  return evaluate(set, s.request).decision;
}

/** The AWS context key a `${…}` variable names, for each variable the generator writes. */
const VARIABLE_KEYS = ['aws:username', 'aws:PrincipalTag/team'];

/**
 * Excluded class 1 (DIFFERENTIAL-FINDINGS.md, F1): a policy variable whose key the request lacks. AWS
 * documents that such a variable can make the whole statement invalid; iam-simulate still applies a
 * NotResource statement. Asserted on its own in differential.test.ts.
 */
export function hasUnresolvedVariable(s: Scenario): boolean {
  // Only Version 2012-10-17 documents have variables; elsewhere `${…}` is literal text.
  const docs = [...s.identity, s.boundary, s.resource, ...(s.scp ?? []).flat()].filter((d) => d?.Version === '2012-10-17');
  const text = JSON.stringify(docs);
  const has = (k: string): boolean => Object.keys(s.request.context).some((c) => c.toLowerCase() === k.toLowerCase());
  return VARIABLE_KEYS.some((k) => text.includes(`\${${k}}`) && !has(k));
}

/** Whether the caller is the root user of the account that owns the resource. */
export function isRootOfResourceAccount(s: Scenario): boolean {
  return s.request.principal === `arn:aws:iam::${s.request.resourceAccount}:root`;
}

/**
 * The scenario as given to iam-simulate, adjusted where iam-simulate is known to differ from the documented
 * rule (DIFFERENTIAL-FINDINGS.md): F2, the root user of the account has full access, which iam-simulate does
 * not model, so the oracle gets it written out as an identity policy allowing everything.
 */
export function forOracle(s: Scenario): Scenario {
  // F4: iam-simulate substitutes policy variables in every document; AWS only in Version 2012-10-17 ones
  // (elsewhere `${aws:username}` is literal text). Escaping the `$` keeps the text literal for iam-simulate.
  const literal = (d: Doc): Doc => (d.Version === '2012-10-17' ? d : (JSON.parse(JSON.stringify(d).replaceAll('${', '${$}{')) as Doc));
  let out: Scenario = {
    ...s,
    identity: s.identity.map(literal),
    ...(s.boundary ? { boundary: literal(s.boundary) } : {}),
    ...(s.resource ? { resource: literal(s.resource) } : {}),
    ...(s.scp ? { scp: s.scp.map((l) => l.map(literal)) } : {}),
  };
  if (isRootOfResourceAccount(s)) out = { ...out, identity: [...out.identity, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }] };
  // F3: iam-simulate lets an account entry in NotPrincipal exclude every principal of that account; AWS
  // excludes only the principals named (with their account). The generator names whole chains only, so
  // dropping the account entries gives iam-simulate the documented meaning (except for the root user, who
  // is the account itself).
  if (out.resource && !s.request.principal.endsWith(':root')) {
    const isAccount = (v: Json): boolean => typeof v === 'string' && (/^\d{12}$/.test(v) || /^arn:aws:iam::\d{12}:root$/.test(v));
    out = {
      ...out,
      resource: {
        ...out.resource,
        Statement: out.resource.Statement.map((st) => {
          const np = st.NotPrincipal as { AWS: Json } | undefined;
          if (!np) return st;
          const list = (Array.isArray(np.AWS) ? np.AWS : [np.AWS]).filter((v) => !isAccount(v));
          return { ...st, NotPrincipal: { AWS: list.length === 1 ? (list[0] as Json) : list } };
        }),
      },
    };
  }
  return out;
}

