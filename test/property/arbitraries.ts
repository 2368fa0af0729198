/**
 * Generators of valid policy documents (as JSON values, in every form AWS accepts) and of requests that have a
 * fair chance of matching them. Shared by the round-trip and fuzz tests.
 */
import fc from 'fast-check';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export const ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 'ec2:RunInstances', 'ec2:DescribeInstances', 'iam:GetUser', 'sqs:SendMessage'];
const ACTION_PATTERNS = [...ACTIONS, 's3:*', 's3:Get*', 'ec2:Describe*', '*', 'iam:?etUser', 'S3:getobject', '*:*', 'sqs:*Message'];
export const RESOURCES = ['arn:aws:s3:::bucket/key', 'arn:aws:s3:::bucket', 'arn:aws:ec2:us-east-1:111122223333:instance/i-1', 'arn:aws:iam::111122223333:user/bob', '*'];
const RESOURCE_PATTERNS = [...RESOURCES, 'arn:aws:s3:::bucket/*', 'arn:aws:s3:::b?cket*', 'arn:aws:ec2:*:111122223333:*', 'arn:aws:iam::111122223333:user/${aws:username}', 'arn:aws:s3:::${*}', 'arn:aws:s3:::bucket/${aws:PrincipalTag/team, \'none\'}'];
export const PRINCIPALS = ['arn:aws:iam::111122223333:user/alice', 'arn:aws:iam::111122223333:user/bob', 'arn:aws:sts::111122223333:assumed-role/Admin/s1', 'arn:aws:iam::444455556666:user/eve', '111122223333', 'ec2.amazonaws.com'];
const PRINCIPAL_VALUES = ['*', 'arn:aws:iam::111122223333:user/alice', 'arn:aws:iam::111122223333:root', '111122223333', 'arn:aws:iam::111122223333:role/Admin', 'arn:aws:iam::444455556666:user/eve'];
export const CONDITION_KEYS = ['aws:SourceIp', 'aws:username', 'aws:PrincipalTag/team', 'aws:MultiFactorAuthPresent', 'aws:TagKeys', 's3:prefix', 'aws:CurrentTime', 'aws:MultiFactorAuthAge'];
const OPERATORS = ['StringEquals', 'StringNotEquals', 'StringLike', 'StringEqualsIgnoreCase', 'ForAnyValue:StringLike', 'ForAllValues:StringEquals', 'StringEqualsIfExists', 'NumericLessThan', 'NumericGreaterThanEquals', 'Bool', 'BoolIfExists', 'IpAddress', 'NotIpAddress', 'DateGreaterThan', 'DateLessThan', 'Null', 'ArnLike', 'ArnEquals'];
const CONDITION_VALUES: Json[] = ['alice', 'bob', 'ALICE', 'a*', '${aws:username}', 'team', 'dev', 'true', 'false', true, false, 3600, 0, 1.5, -2, '203.0.113.0/24', '10.0.0.1', '2026-01-01T00:00:00Z', 'arn:aws:iam::111122223333:user/*', 'home/${aws:username}/*'];

/** Strings with odd content: unicode, escapes, quotes, `${`, control characters. */
export const oddString = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.constantFrom('', ' ', '"', '\\', '\u0000', '\u2028', '${', '${}', '${aws:username', '$${*}', '\uD800', '\uDC00x', '😀?', 'a\nb'),
);

/** One value as a string or as an array of strings (non-empty). */
export function oneOrMany<T extends Json>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | T[]> {
  return fc.oneof(arb, fc.array(arb, { minLength: 1, maxLength: 3 }));
}

const principalBlock: fc.Arbitrary<Json> = fc.oneof(
  fc.constant('*'),
  fc
    .record(
      {
        AWS: oneOrMany(fc.oneof(fc.constantFrom(...PRINCIPAL_VALUES), oddString)),
        Service: oneOrMany(fc.constantFrom('ec2.amazonaws.com', 'lambda.amazonaws.com', '*')),
        Federated: oneOrMany(fc.constantFrom('cognito-identity.amazonaws.com', 'arn:aws:iam::111122223333:saml-provider/x')),
        CanonicalUser: oneOrMany(fc.constantFrom('79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be')),
      },
      { requiredKeys: [] },
    )
    .filter((m) => Object.keys(m).length > 0),
);

const conditionValue: fc.Arbitrary<Json> = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...CONDITION_VALUES) }, { weight: 1, arbitrary: oddString }, { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean()) });

const condition: fc.Arbitrary<Json> = fc
  .dictionary(
    fc.constantFrom(...OPERATORS),
    fc.dictionary(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...CONDITION_KEYS) }, { weight: 1, arbitrary: oddString.filter((s) => s !== '__proto__') }), oneOrMany(conditionValue), { minKeys: 1, maxKeys: 2 }),
    { minKeys: 1, maxKeys: 3 },
  )
  .map((c) => c as Json);

/** A statement as a JSON object, with its keys in random order. */
export const statementArb: fc.Arbitrary<{ [k: string]: Json }> = fc
  .record(
    {
      sid: fc.option(fc.oneof(fc.constantFrom('S1', 'AllowAll', ''), oddString), { nil: undefined }),
      effect: fc.constantFrom('Allow', 'Deny'),
      action: fc.tuple(fc.constantFrom('Action', 'NotAction'), oneOrMany(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...ACTION_PATTERNS) }, { weight: 1, arbitrary: oddString }))),
      resource: fc.option(fc.tuple(fc.constantFrom('Resource', 'NotResource'), oneOrMany(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...RESOURCE_PATTERNS) }, { weight: 1, arbitrary: oddString }))), { nil: undefined, freq: 6 }),
      principal: fc.option(fc.tuple(fc.constantFrom('Principal', 'NotPrincipal'), principalBlock), { nil: undefined, freq: 2 }),
      condition: fc.option(condition, { nil: undefined, freq: 2 }),
    },
    { requiredKeys: ['effect', 'action'] },
  )
  .chain((s) => {
    const entries: [string, Json][] = [['Effect', s.effect], [s.action[0], s.action[1]]];
    if (s.sid !== undefined) entries.push(['Sid', s.sid]);
    if (s.resource) entries.push([s.resource[0], s.resource[1]]);
    if (s.principal) entries.push([s.principal[0], s.principal[1]]);
    if (s.condition) entries.push(['Condition', s.condition]);
    return fc.shuffledSubarray(entries, { minLength: entries.length, maxLength: entries.length }).map((e) => Object.fromEntries(e));
  });

/** A valid policy document as a JSON value: every top-level form (Version variants, Id, one statement or a list). */
export const policyArb: fc.Arbitrary<{ [k: string]: Json }> = fc
  .record(
    {
      version: fc.option(fc.constantFrom('2012-10-17', '2008-10-17'), { nil: undefined, freq: 4 }),
      id: fc.option(fc.oneof(fc.constant('policy-1'), oddString), { nil: undefined, freq: 4 }),
      statements: fc.oneof(statementArb, fc.array(statementArb, { minLength: 1, maxLength: 4 })),
    },
    { requiredKeys: ['statements'] },
  )
  .map((p) => {
    const out: { [k: string]: Json } = {};
    if (p.version !== undefined) out.Version = p.version;
    if (p.id !== undefined) out.Id = p.id;
    out.Statement = p.statements;
    return out;
  });

/** JSON text of a value, in one of several layouts (compact, indented, tabs, CRLF). */
export const layoutArb = fc.constantFrom<(v: Json) => string>(
  (v) => JSON.stringify(v),
  (v) => JSON.stringify(v, null, 2),
  (v) => JSON.stringify(v, null, '\t'),
  (v) => JSON.stringify(v, null, 1).replace(/\n/g, '\r\n'),
  (v) => ` \n${JSON.stringify(v, null, 4)}\n `,
);

export const contextArb: fc.Arbitrary<Record<string, string | string[]>> = fc.dictionary(
  fc.constantFrom(...CONDITION_KEYS, 'AWS:USERNAME', 'aws:principaltag/TEAM'),
  fc.oneof(fc.constantFrom('alice', 'bob', 'dev', 'team', 'true', 'false', '10', '203.0.113.9', '10.0.0.1', '2026-06-15T12:00:00Z', 'home/alice/x', 'arn:aws:iam::111122223333:user/alice', ''), fc.array(fc.constantFrom('team', 'dev', 'alice', 'cost'), { maxLength: 3 })),
  { maxKeys: 4 },
);

export const requestArb = fc.record({
  principal: fc.constantFrom(...PRINCIPALS),
  action: fc.constantFrom(...ACTIONS, 'S3:GETOBJECT'),
  resource: fc.constantFrom(...RESOURCES, 'arn:aws:s3:::bucket/home/alice/x', 'arn:aws:s3:::bucket/none', 'arn:aws:s3:::${*}', 'arn:aws:s3:::*'),
  context: contextArb,
});
