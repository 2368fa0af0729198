import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { loadCatalog } from '../../src/catalog/index.js';
import type { CatalogView, FindingType, PolicyType } from '../../src/policy/index.js';
import { expectFinding, expectNo, identity, run, V, type Doc } from './validate-helpers.js';

let catalog: CatalogView;
before(async () => {
  catalog = await loadCatalog(['s3', 'iam', 'sts', 'ec2', 'kms', 'lambda', 'sqs', 'organizations'], ['saml:aud', 'sts:ExternalId']);
});

const allow = (extra: Doc): Doc => ({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', ...extra });
const trust = (extra: Doc): Doc => ({ Version: V, Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole', ...extra }] });
const cond = (c: Doc, statement: Doc = {}): Doc => identity(allow({ Condition: c, ...statement }));

interface Case {
  code: string;
  severity: FindingType;
  type?: PolicyType;
  bad: Doc | string;
  /** Where the finding must start (a substring of the pretty-printed document). */
  at?: string;
  good: Doc | string;
}

const CASES: Case[] = [
  // Document and statement shape
  { code: 'MISSING_VERSION', severity: 'WARNING', bad: identity(allow({}), null), good: identity(allow({})) },
  { code: 'INVALID_VERSION', severity: 'ERROR', bad: identity(allow({}), '2012-10-18'), at: '"2012-10-18"', good: identity(allow({}), '2008-10-17') },
  { code: 'JSON_SYNTAX_ERROR', severity: 'ERROR', bad: '{\n  "Version": ,\n}', at: ',', good: identity(allow({})) },
  { code: 'INVALID_POLICY_ELEMENT', severity: 'ERROR', bad: identity({ Effect: 'Allow', Action: 's3:GetObject', Resources: '*' }), at: '"Resources"', good: identity(allow({})) },
  { code: 'MISSING_STATEMENT', severity: 'ERROR', bad: { Version: V }, good: identity(allow({})) },
  { code: 'MISSING_EFFECT', severity: 'ERROR', bad: identity({ Action: 's3:GetObject', Resource: '*' }), good: identity(allow({})) },
  { code: 'INVALID_EFFECT', severity: 'ERROR', bad: identity(allow({ Effect: 'Permit' })), at: '"Permit"', good: identity(allow({})) },
  { code: 'MISSING_ACTION', severity: 'ERROR', bad: identity({ Effect: 'Allow', Resource: '*' }), good: identity(allow({})) },
  { code: 'UNSUPPORTED_ELEMENT_COMBINATION', severity: 'ERROR', bad: identity(allow({ NotAction: 's3:PutObject' })), good: identity(allow({})) },
  { code: 'DATA_TYPE_MISMATCH', severity: 'ERROR', bad: identity(allow({ Action: 5 })), at: '5', good: identity(allow({})) },
  { code: 'MISSING_RESOURCE', severity: 'ERROR', bad: identity({ Effect: 'Allow', Action: 's3:GetObject' }), good: identity(allow({})) },
  { code: 'EMPTY_ARRAY_ACTION', severity: 'SUGGESTION', bad: identity(allow({ Action: [] })), at: '[]', good: identity(allow({})) },
  { code: 'EMPTY_ARRAY_RESOURCE', severity: 'SUGGESTION', bad: identity(allow({ Resource: [] })), at: '[]', good: identity(allow({})) },
  { code: 'REDUNDANT_STATEMENT', severity: 'SUGGESTION', bad: { Version: V, Statement: [allow({ Sid: 'A' }), allow({ Sid: 'B' })] }, good: { Version: V, Statement: [allow({}), allow({ Action: 's3:PutObject' })] } },
  { code: 'INVALID_CHARACTER', severity: 'ERROR', bad: identity(allow({ Sid: 'Caf\u2013e' })), good: identity(allow({ Sid: 'Caf\u00e9' })) },
  // Per-type elements
  { code: 'UNSUPPORTED_PRINCIPAL', severity: 'ERROR', bad: identity(allow({ Principal: '*' })), at: '"*"', good: identity(allow({})) },
  { code: 'UNSUPPORTED_PRINCIPAL', severity: 'ERROR', type: 'boundary', bad: identity(allow({ NotPrincipal: { AWS: '111122223333' } })), good: identity(allow({})) },
  { code: 'MISSING_PRINCIPAL', severity: 'ERROR', type: 'resource', bad: identity(allow({})), good: identity(allow({ Principal: { AWS: '111122223333' } })) },
  { code: 'MISSING_PRINCIPAL', severity: 'ERROR', type: 'trust', bad: { Version: V, Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] }, good: trust({}) },
  { code: 'ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE', severity: 'ERROR', type: 'trust', bad: trust({ Resource: '*' }), at: '"*"', good: trust({}) },
  { code: 'ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL', severity: 'ERROR', type: 'trust', bad: { Version: V, Statement: [{ Effect: 'Deny', NotPrincipal: { AWS: '111122223333' }, Action: 'sts:AssumeRole' }] }, good: trust({}) },
  { code: 'UNSUPPORTED_ACTION_IN_POLICY', severity: 'ERROR', type: 'trust', bad: trust({ Action: ['sts:AssumeRole', 's3:GetObject'] }), at: '"s3:GetObject"', good: trust({ Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'] }) },
  {
    code: 'MISMATCHED_ACTION_FOR_PRINCIPAL',
    severity: 'ERROR',
    type: 'trust',
    bad: trust({ Principal: { Federated: 'arn:aws:iam::111122223333:saml-provider/Okta' }, Action: 'sts:AssumeRole' }),
    at: '"sts:AssumeRole"',
    good: trust({ Principal: { Federated: 'arn:aws:iam::111122223333:saml-provider/Okta' }, Action: 'sts:AssumeRoleWithSAML', Condition: { StringEquals: { 'saml:aud': 'https://signin.aws.amazon.com/saml' } } }),
  },
  { code: 'SCP_SYNTAX_ERROR_PRINCIPAL', severity: 'ERROR', type: 'scp', bad: identity({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }), good: identity({ Effect: 'Deny', Action: 's3:*', Resource: '*' }) },
  { code: 'SCP_SYNTAX_ERROR_ACTION_WILDCARD', severity: 'ERROR', type: 'scp', bad: identity({ Effect: 'Deny', Action: 'iam:*Role', Resource: '*' }), at: '"iam:*Role"', good: identity({ Effect: 'Deny', Action: 'iam:Get*', Resource: '*' }) },
  { code: 'RCP_SYNTAX_ERROR_ALLOW', severity: 'ERROR', type: 'rcp', bad: identity({ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }), good: identity({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }) },
  { code: 'RCP_SYNTAX_ERROR_PRINCIPAL', severity: 'ERROR', type: 'rcp', bad: identity({ Effect: 'Deny', Principal: { AWS: '111122223333' }, Action: 's3:*', Resource: '*' }), good: identity({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }) },
  { code: 'RCP_SYNTAX_ERROR_NOTACTION', severity: 'ERROR', type: 'rcp', bad: identity({ Effect: 'Deny', Principal: '*', NotAction: 's3:GetObject', Resource: '*' }), good: identity({ Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: '*' }) },
  { code: 'RCP_SYNTAX_ERROR_ACTION', severity: 'ERROR', type: 'rcp', bad: identity({ Effect: 'Deny', Principal: '*', Action: 'ec2:RunInstances', Resource: '*' }), at: '"ec2:RunInstances"', good: identity({ Effect: 'Deny', Principal: '*', Action: 'sqs:SendMessage', Resource: '*' }) },
  // Sids
  { code: 'UNIQUE_SIDS_REQUIRED', severity: 'ERROR', bad: { Version: V, Statement: [allow({ Sid: 'A' }), allow({ Sid: 'A', Action: 's3:PutObject' })] }, good: { Version: V, Statement: [allow({ Sid: 'A' }), allow({ Sid: 'B', Action: 's3:PutObject' })] } },
  { code: 'UNIQUE_SIDS_RECOMMENDED', severity: 'WARNING', type: 'resource', bad: { Version: V, Statement: [allow({ Sid: 'A', Principal: '*' }), allow({ Sid: 'A', Principal: '*', Action: 's3:PutObject' })] }, good: identity(allow({ Sid: 'A', Principal: '*' })) },
  { code: 'UNSUPPORTED_SID', severity: 'ERROR', bad: identity(allow({ Sid: 'Allow read' })), at: '"Allow read"', good: identity(allow({ Sid: 'AllowRead' })) },
  { code: 'EMPTY_SID_VALUE', severity: 'SUGGESTION', bad: identity(allow({ Sid: '' })), good: identity(allow({ Sid: 'A' })) },
  // Actions
  { code: 'INVALID_ACTION', severity: 'ERROR', bad: identity(allow({ Action: ['s3:GetObject', 'iam>DeleteAccessKey'] })), at: '"iam>DeleteAccessKey"', good: identity(allow({ Action: ['s3:GetObject', 'iam:DeleteAccessKey'] })) },
  { code: 'INVALID_ACTION', severity: 'ERROR', bad: identity(allow({ Action: 's3:GetObjekt' })), at: '"s3:GetObjekt"', good: identity(allow({ Action: 's3:Get*' })) },
  { code: 'INVALID_SERVICE_IN_ACTION', severity: 'ERROR', bad: identity(allow({ Action: 'ec3:RunInstances', Resource: '*' })), at: '"ec3:RunInstances"', good: identity(allow({ Action: 'ec2:RunInstances', Resource: '*' })) },
  { code: 'WILDCARD_IN_SERVICE_NAME', severity: 'SUGGESTION', bad: identity(allow({ Action: 's*:GetObject' })), good: identity(allow({ Action: 's3:*' })) },
  { code: 'REDUNDANT_ACTION', severity: 'SUGGESTION', bad: identity(allow({ Action: ['iam:Get*', 'iam:GetUser'], Resource: '*' })), at: '"iam:GetUser"', good: identity(allow({ Action: ['iam:Get*', 'iam:*CredentialReport'], Resource: '*' })) },
  { code: 'VARIABLE_UNSUPPORTED_IN_ELEMENT', severity: 'ERROR', bad: identity(allow({ Action: 's3:${aws:username}' })), good: identity(allow({})) },
  // Resources
  { code: 'INVALID_ARN_PREFIX', severity: 'ERROR', bad: identity(allow({ Resource: 'my-bucket' })), at: '"my-bucket"', good: identity(allow({})) },
  { code: 'MISSING_ARN_FIELD', severity: 'ERROR', bad: identity(allow({ Resource: 'arn:aws:s3' })), good: identity(allow({})) },
  { code: 'INVALID_PARTITION', severity: 'ERROR', bad: identity(allow({ Resource: 'arn:aws-moon:s3:::b/*' })), good: identity(allow({ Resource: 'arn:aws-cn:s3:::b/*' })) },
  { code: 'INVALID_ARN_SERVICE_CASE', severity: 'ERROR', bad: identity(allow({ Resource: 'arn:aws:S3:::b/*' })), good: identity(allow({})) },
  { code: 'INVALID_ARN_ACCOUNT', severity: 'ERROR', bad: identity(allow({ Action: 'iam:GetUser', Resource: 'arn:aws:iam::ACCOUNT-ID:user/bob' })), good: identity(allow({ Action: 'iam:GetUser', Resource: 'arn:aws:iam::111122223333:user/bob' })) },
  { code: 'INVALID_ARN_REGION', severity: 'ERROR', bad: identity(allow({ Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:mars:111122223333:q' })), good: identity(allow({ Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:eu-west-1:111122223333:q' })) },
  { code: 'ARN_REGION_NOT_ALLOWED', severity: 'ERROR', bad: identity(allow({ Action: 'iam:GetUser', Resource: 'arn:aws:iam:us-east-1:111122223333:user/bob' })), good: identity(allow({ Action: 'iam:GetUser', Resource: 'arn:aws:iam::111122223333:user/bob' })) },
  { code: 'ARN_ACCOUNT_NOT_ALLOWED', severity: 'ERROR', bad: identity(allow({ Action: 's3:ListBucket', Resource: 'arn:aws:s3::111122223333:b' })), good: identity(allow({ Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b' })) },
  { code: 'MISSING_ARN_REGION', severity: 'ERROR', bad: identity(allow({ Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs::111122223333:q' })), good: identity(allow({ Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:*:111122223333:q' })) },
  { code: 'MISSING_ARN_ACCOUNT', severity: 'ERROR', bad: identity(allow({ Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:eu-west-1::q' })), good: identity(allow({ Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:eu-west-1:111122223333:q' })) },
  { code: 'INVALID_ARN_RESOURCE', severity: 'ERROR', bad: identity(allow({ Action: 'iam:GetUser', Resource: 'arn:aws:iam::111122223333:usr/bob' })), good: identity(allow({ Action: 'iam:GetUser', Resource: 'arn:aws:iam::111122223333:user/${aws:username}' })) },
  { code: 'INVALID_SERVICE', severity: 'ERROR', bad: identity(allow({ Resource: 'arn:aws:s4:::b' })), good: identity(allow({})) },
  { code: 'REDUNDANT_RESOURCE', severity: 'SUGGESTION', bad: identity(allow({ Action: 'iam:PassRole', Resource: ['arn:aws:iam::111122223333:role/jane-admin', 'arn:aws:iam::111122223333:role/jane*'] })), at: '"arn:aws:iam::111122223333:role/jane-admin"', good: identity(allow({ Action: 'iam:PassRole', Resource: ['arn:aws:iam::111122223333:role/jane-admin', 'arn:aws:iam::111122223333:role/bob*'] })) },
  { code: 'ACTION_RESOURCE_MISMATCH', severity: 'WARNING', bad: identity(allow({ Action: 's3:GetObject', Resource: 'arn:aws:s3:::b' })), at: '"s3:GetObject"', good: identity(allow({ Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'] })) },
  // Principals
  { code: 'INVALID_PRINCIPAL_KEY', severity: 'ERROR', type: 'resource', bad: identity(allow({ Principal: { User: 'bob' } })), at: '"User"', good: identity(allow({ Principal: { AWS: 'arn:aws:iam::111122223333:user/bob' } })) },
  { code: 'INVALID_PRINCIPAL_FORMAT', severity: 'ERROR', type: 'resource', bad: identity(allow({ Principal: 'arn:aws:iam::111122223333:root' })), good: identity(allow({ Principal: '*' })) },
  { code: 'EMPTY_OBJECT_PRINCIPAL', severity: 'SUGGESTION', type: 'resource', bad: identity(allow({ Principal: {} })), good: identity(allow({ Principal: '*' })) },
  { code: 'EMPTY_ARRAY_PRINCIPAL', severity: 'SUGGESTION', type: 'resource', bad: identity(allow({ Principal: { AWS: [] } })), good: identity(allow({ Principal: { AWS: ['111122223333'] } })) },
  { code: 'UNSUPPORTED_WILDCARD_IN_PRINCIPAL', severity: 'ERROR', type: 'resource', bad: identity(allow({ Principal: { AWS: 'arn:aws:iam::111122223333:user/*' } })), at: '"arn:aws:iam::111122223333:user/*"', good: identity(allow({ Principal: { AWS: '*' } })) },
  { code: 'INVALID_ROLE_REFERENCE', severity: 'WARNING', type: 'resource', bad: identity(allow({ Principal: { AWS: 'AROAEXAMPLEEXAMPLEEX1' } })), good: identity(allow({ Principal: { AWS: 'arn:aws:iam::111122223333:role/r' } })) },
  { code: 'INVALID_USER_REFERENCE', severity: 'WARNING', type: 'resource', bad: identity(allow({ Principal: { AWS: 'AIDAEXAMPLEEXAMPLEEX1' } })), good: identity(allow({ Principal: { AWS: 'arn:aws:iam::111122223333:user/u' } })) },
  { code: 'ALLOW_WITH_NOT_PRINCIPAL', severity: 'SECURITY_WARNING', type: 'resource', bad: identity(allow({ NotPrincipal: { AWS: '111122223333' } })), good: identity(allow({ Effect: 'Deny', NotPrincipal: { AWS: '111122223333' } })) },
  // Conditions
  { code: 'INVALID_CONDITION_OPERATOR', severity: 'ERROR', bad: cond({ StringEqual: { 'aws:username': 'bob' } }), at: '"bob"', good: cond({ StringEquals: { 'aws:username': 'bob' } }) },
  { code: 'INVALID_CONDITION_OPERATOR', severity: 'ERROR', bad: cond({ stringequals: { 'aws:username': 'bob' } }), good: cond({ StringEqualsIfExists: { 'aws:username': 'bob' } }) },
  { code: 'NULL_WITH_IF_EXISTS', severity: 'ERROR', bad: cond({ NullIfExists: { 'aws:username': 'true' } }), good: cond({ Null: { 'aws:username': 'true' } }) },
  { code: 'NULL_WITH_QUALIFIER', severity: 'SUGGESTION', bad: cond({ 'ForAllValues:Null': { 'aws:TagKeys': 'true' } }), good: cond({ Null: { 'aws:TagKeys': 'true' } }) },
  { code: 'INVALID_CONDITION_KEY_FORMAT', severity: 'ERROR', bad: cond({ StringEquals: { username: 'bob' } }), good: cond({ StringEquals: { 'aws:username': 'bob' } }) },
  { code: 'INVALID_GLOBAL_CONDITION_KEY', severity: 'ERROR', bad: cond({ StringEquals: { 'aws:UserNom': 'bob' } }), good: cond({ StringEquals: { 'aws:userid': 'bob' } }) },
  { code: 'INVALID_SERVICE_CONDITION_KEY', severity: 'ERROR', bad: cond({ StringEquals: { 's3:Prefixx': 'a' } }), good: cond({ StringEquals: { 's3:prefix': 'a', 's3:ExistingObjectTag/team': 'x' } }) },
  { code: 'UNSUPPORTED_GLOBAL_CONDITION_KEY', severity: 'ERROR', bad: cond({ ArnEquals: { 'aws:ARN': 'arn:aws:iam::111122223333:user/u' } }), good: cond({ ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:user/u' } }) },
  { code: 'MISSING_TAG_KEY_IN_CONDITION', severity: 'ERROR', bad: cond({ StringEquals: { 'aws:ResourceTag/': 'x' } }), good: cond({ StringEquals: { 'aws:ResourceTag/team': 'x', 'aws:RequestTag/team': 'x' } }) },
  { code: 'TYPE_MISMATCH', severity: 'WARNING', bad: cond({ NumericEquals: { 'aws:username': '1' } }), good: cond({ NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } }) },
  { code: 'TYPE_MISMATCH_NUMBER', severity: 'WARNING', bad: cond({ NumericLessThan: { 'aws:MultiFactorAuthAge': 'an hour' } }), at: '"an hour"', good: cond({ NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 } }) },
  { code: 'TYPE_MISMATCH_DATE', severity: 'WARNING', bad: cond({ DateLessThan: { 'aws:CurrentTime': 'tomorrow' } }), at: '"tomorrow"', good: cond({ DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } }) },
  { code: 'INVALID_DATE_VALUE', severity: 'WARNING', bad: cond({ DateLessThan: { 'aws:CurrentTime': '1893456000' } }), good: cond({ DateLessThan: { 'aws:CurrentTime': '2030-01-01' } }) },
  { code: 'TYPE_MISMATCH_BOOLEAN', severity: 'WARNING', bad: cond({ Bool: { 'aws:SecureTransport': 'yes' } }), good: cond({ Bool: { 'aws:SecureTransport': true } }) },
  { code: 'INVALID_CONDITION_MULTIPLE_BOOLEAN', severity: 'ERROR', bad: cond({ Bool: { 'aws:SecureTransport': ['true', 'false'] } }), good: cond({ Bool: { 'aws:SecureTransport': 'true' } }) },
  { code: 'INVALID_CONDITION_DATA_TYPE', severity: 'ERROR', bad: cond({ StringEquals: { 'aws:username': [true, 'bob'] } }), good: cond({ StringEquals: { 'aws:username': ['alice', 'bob'] } }) },
  { code: 'TYPE_MISMATCH_IP_RANGE', severity: 'ERROR', bad: cond({ IpAddress: { 'aws:SourceIp': '203.0.113.0/33' } }), good: cond({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }) },
  { code: 'IMPROVE_IP_RANGE', severity: 'SUGGESTION', bad: cond({ IpAddress: { 'aws:SourceIp': '203.0.113.5/24' } }), good: cond({ IpAddress: { 'aws:SourceIp': '203.0.113.5' } }) },
  { code: 'PRIVATE_IP_ADDRESS', severity: 'ERROR', bad: cond({ IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.168.1.0/24'] } }), good: cond({ IpAddress: { 'aws:VpcSourceIp': '10.0.0.0/8', 'aws:SourceVpc': 'vpc-1' } }) },
  { code: 'PRIVATE_IP_ADDRESS_SUBSET', severity: 'SUGGESTION', bad: cond({ IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '203.0.113.0/24'] } }), good: cond({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }) },
  { code: 'PRIVATE_NOT_IP_ADDRESS', severity: 'ERROR', bad: cond({ NotIpAddress: { 'aws:SourceIp': '172.16.0.0/12' } }), good: cond({ NotIpAddress: { 'aws:SourceIp': '8.8.8.0/24' } }) },
  { code: 'PRIVATE_NOT_IP_ADDRESS_SUBSET', severity: 'SUGGESTION', bad: cond({ NotIpAddress: { 'aws:SourceIp': ['172.16.0.0/12', '8.8.8.0/24'] } }), good: cond({ NotIpAddress: { 'aws:SourceIp': '8.8.8.0/24' } }) },
  { code: 'MISSING_PAIRED_CONDITION_KEYS', severity: 'SECURITY_WARNING', bad: cond({ IpAddress: { 'aws:VpcSourceIp': '10.0.0.0/8' } }), good: cond({ IpAddress: { 'aws:VpcSourceIp': '10.0.0.0/8' }, StringEquals: { 'aws:SourceVpc': 'vpc-1' } }) },
  { code: 'WILDCARD_WITHOUT_LIKE_OPERATOR', severity: 'WARNING', bad: cond({ StringEquals: { 'aws:PrincipalTag/job': 'admin-*' } }), at: '"admin-*"', good: cond({ StringLike: { 'aws:PrincipalTag/job': 'admin-*' } }) },
  { code: 'FORALLVALUES_WITH_SINGLE_VALUED_KEY', severity: 'SECURITY_WARNING', bad: cond({ 'ForAllValues:StringEquals': { 'aws:PrincipalOrgID': 'o-1' } }), good: cond({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } }) },
  { code: 'MISSING_QUALIFIER', severity: 'ERROR', bad: cond({ StringEquals: { 'aws:TagKeys': 'team' } }), good: cond({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': 'team' } }) },
  { code: 'DUPLICATE_KEYS_WITH_DIFFERENT_CASE', severity: 'ERROR', bad: cond({ StringEquals: { 'aws:username': 'a', 'aws:UserName': 'b' } }), good: cond({ StringEquals: { 'aws:username': ['a', 'b'] } }) },
  { code: 'REDUNDANT_CONDITION_VALUE_NUM', severity: 'SUGGESTION', bad: cond({ NumericLessThan: { 'aws:MultiFactorAuthAge': ['2700', '3600'] } }), good: cond({ NumericEquals: { 'aws:MultiFactorAuthAge': ['2700', '3600'] } }) },
  { code: 'EMPTY_ARRAY_CONDITION', severity: 'SUGGESTION', bad: cond({ StringEquals: { 'aws:username': [] } }), good: cond({ StringEquals: { 'aws:username': ['a'] } }) },
  { code: 'EMPTY_ARRAY_CONDITION_IFEXISTS', severity: 'SUGGESTION', bad: cond({ StringEqualsIfExists: { 'aws:username': [] } }), good: cond({ StringEqualsIfExists: { 'aws:username': ['a'] } }) },
  { code: 'EMPTY_OBJECT_CONDITION', severity: 'SUGGESTION', bad: cond({}), good: cond({ StringEquals: { 'aws:username': 'a' } }) },
  { code: 'INVALID_VARIABLE_FOR_OPERATOR', severity: 'ERROR', bad: cond({ NumericLessThan: { 'aws:MultiFactorAuthAge': '${aws:username}' } }), good: cond({ StringEquals: { 'aws:username': '${aws:PrincipalTag/name}' } }) },
  // Variables
  { code: 'MISSING_BRACE_IN_VARIABLE', severity: 'ERROR', bad: identity(allow({ Resource: 'arn:aws:s3:::b/${aws:username' })), good: identity(allow({ Resource: 'arn:aws:s3:::b/${aws:username}/*' })) },
  { code: 'EMPTY_VARIABLE', severity: 'ERROR', bad: identity(allow({ Resource: 'arn:aws:s3:::b/${}' })), good: identity(allow({ Resource: 'arn:aws:s3:::b/${*}' })) },
  { code: 'UNSUPPORTED_SPACE_IN_VARIABLE', severity: 'ERROR', bad: identity(allow({ Resource: 'arn:aws:s3:::b/${aws: username}' })), good: identity(allow({ Resource: "arn:aws:s3:::b/${aws:username, 'anonymous'}" })) },
  { code: 'MISSING_QUOTE_IN_VARIABLE', severity: 'ERROR', bad: identity(allow({ Resource: 'arn:aws:s3:::b/${aws:username, anonymous}' })), good: identity(allow({ Resource: "arn:aws:s3:::b/${aws:username, 'anonymous'}" })) },
  { code: 'UNSUPPORTED_SYMBOL_IN_VARIABLE', severity: 'ERROR', bad: identity(allow({ Resource: 'arn:aws:s3:::b/${aws:user#name}' })), good: identity(allow({ Resource: 'arn:aws:s3:::b/${aws:PrincipalTag/team}' })) },
  { code: 'VARIABLE_UNSUPPORTED_IN_VERSION', severity: 'ERROR', bad: identity(allow({ Resource: 'arn:aws:s3:::b/${aws:username}' }), '2008-10-17'), good: identity(allow({ Resource: 'arn:aws:s3:::b/${aws:username}' })) },
  // iam:PassRole and iam:CreateServiceLinkedRole
  { code: 'PASS_ROLE_WITH_STAR_IN_RESOURCE', severity: 'SECURITY_WARNING', bad: identity(allow({ Action: 'iam:PassRole', Resource: '*' })), at: '"iam:PassRole"', good: identity(allow({ Action: 'iam:PassRole', Resource: '*', Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } } })) },
  { code: 'PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE', severity: 'SECURITY_WARNING', bad: identity(allow({ Action: 'iam:*', Resource: '*' })), good: identity(allow({ Action: 'iam:*', Resource: 'arn:aws:iam::111122223333:role/app' })) },
  { code: 'PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION', severity: 'SECURITY_WARNING', bad: identity({ Effect: 'Allow', NotAction: 's3:*', Resource: '*' }), good: identity({ Effect: 'Allow', NotAction: ['s3:*', 'iam:*'], Resource: '*' }) },
  { code: 'PASS_ROLE_WITH_NOT_RESOURCE', severity: 'SECURITY_WARNING', bad: identity({ Effect: 'Allow', Action: 'iam:PassRole', NotResource: 'arn:aws:iam::111122223333:role/admin' }), good: identity({ Effect: 'Deny', Action: 'iam:PassRole', NotResource: 'arn:aws:iam::111122223333:role/admin' }) },
  { code: 'PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE', severity: 'SECURITY_WARNING', bad: identity({ Effect: 'Allow', Action: 'iam:Pass*', NotResource: 'arn:aws:iam::111122223333:role/admin' }), good: identity({ Effect: 'Allow', Action: 'iam:Get*', NotResource: 'arn:aws:iam::111122223333:role/admin' }) },
  { code: 'PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE', severity: 'SECURITY_WARNING', bad: identity({ Effect: 'Allow', NotAction: 's3:*', NotResource: 'arn:aws:s3:::b' }), good: identity({ Effect: 'Allow', NotAction: 'iam:*', NotResource: 'arn:aws:s3:::b' }) },
  { code: 'CREATE_SLR_WITH_STAR_IN_RESOURCE', severity: 'WARNING', bad: identity(allow({ Action: 'iam:CreateServiceLinkedRole', Resource: '*' })), good: identity(allow({ Action: 'iam:CreateServiceLinkedRole', Resource: 'arn:aws:iam::*:role/aws-service-role/rds.amazonaws.com/*' })) },
  { code: 'CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE', severity: 'WARNING', bad: identity(allow({ Action: '*', Resource: '*' })), good: identity(allow({ Action: 's3:*', Resource: '*' })) },
  // Size
  { code: 'POLICY_SIZE_EXCEEDS_SCP_QUOTA', severity: 'ERROR', type: 'scp', bad: identity({ Effect: 'Deny', Action: Array.from({ length: 400 }, (_, i) => `s3:Get${i}x`), Resource: '*' }), good: identity({ Effect: 'Deny', Action: 's3:*', Resource: '*' }) },
  { code: 'POLICY_SIZE_EXCEEDS_RCP_QUOTA', severity: 'ERROR', type: 'rcp', bad: identity({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: Array.from({ length: 300 }, (_, i) => `arn:aws:s3:::bucket-${i}`) }), good: identity({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }) },
  { code: 'POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA', severity: 'WARNING', bad: identity(allow({ Resource: Array.from({ length: 400 }, (_, i) => `arn:aws:s3:::bucket-${i}/*`) })), good: identity(allow({})) },
  { code: 'POLICY_SIZE_EXCEEDS_QUOTA', severity: 'ERROR', type: 'trust', bad: trust({ Condition: { StringEquals: { 'sts:ExternalId': Array.from({ length: 150 }, (_, i) => `external-id-${i}`) } } }), good: trust({}) },
];

describe('validatePolicy: each check fires on a policy that has the problem, at its place, and not on one without', () => {
  for (const c of CASES) {
    const type = c.type ?? 'identity';
    it(`${c.code} (${type})`, () => {
      const bad = run(c.bad, type, catalog);
      const f = expectFinding(bad, c.bad, c.code, c.severity, c.at);
      assert.ok(f.message.length > 0);
      if (c.code !== 'JSON_SYNTAX_ERROR' && !c.code.startsWith('MISSING_') && c.code !== 'INVALID_CHARACTER') assert.ok(f.locations.length > 0, 'located');
      expectNo(run(c.good, type, catalog), c.code);
    });
  }
  it('links Access Analyzer codes to the reference and not our own', () => {
    const r = run(identity(allow({ Action: 'iam:PassRole', Resource: '*' }), null), 'identity', catalog);
    const f = expectFinding(r, '', 'PASS_ROLE_WITH_STAR_IN_RESOURCE', 'SECURITY_WARNING');
    assert.match(f.learnMoreLink ?? '', /access-analyzer-reference-policy-checks-security-warning-pass-role-with-star-in-resource$/);
    const own = expectFinding(run(identity(allow({ Action: 's3:GetObject', Resource: 'arn:aws:s3:::b' })), 'identity', catalog), '', 'ACTION_RESOURCE_MISMATCH', 'WARNING');
    assert.equal(own.learnMoreLink, undefined);
  });
  it('a valid policy of every type has no errors', () => {
    const valid: Array<[PolicyType, Doc]> = [
      ['identity', identity(allow({ Sid: 'Read' }))],
      ['boundary', identity({ Effect: 'Allow', Action: ['s3:*', 'sqs:*'], Resource: '*' })],
      ['session', identity(allow({}))],
      ['resource', identity(allow({ Principal: { AWS: 'arn:aws:iam::111122223333:root' } }))],
      ['trust', trust({ Condition: { StringEquals: { 'sts:ExternalId': 'x' } } })],
      ['scp', identity({ Effect: 'Deny', Action: 'ec2:*', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } } })],
      ['rcp', identity({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc' } } })],
    ];
    for (const [type, doc] of valid) {
      const r = run(doc, type, catalog);
      assert.deepEqual(r.findings.filter((f) => f.findingType === 'ERROR').map((f) => f.issueCode), [], type);
      assert.ok(r.document, type);
      assert.equal(r.iamError, undefined, type);
    }
  });
  it('works without a catalog: no service-data checks, no false errors', () => {
    const r = run(identity(allow({ Action: ['s3:GetObjekt', 'iam>DeleteAccessKey'] })), 'identity');
    assert.deepEqual(r.findings.map((f) => f.issueCode), ['INVALID_ACTION']);
  });
  it('locates the seed typo on its own line with a suggestion', () => {
    const doc = identity(allow({ Action: ['iam:ListAccessKeys', 'iam>DeleteAccessKey'], Resource: 'arn:aws:iam::111122223333:user/${aws:username}' }));
    const f = expectFinding(run(doc, 'identity', catalog), doc, 'INVALID_ACTION', 'ERROR', '"iam>DeleteAccessKey"');
    assert.match(f.message, /Did you mean iam:DeleteAccessKey\?/);
    assert.deepEqual(f.locations[0]?.path, [{ key: 'Statement' }, { index: 0 }, { key: 'Action' }, { index: 1 }]);
  });
});
