/** Case 1: the power-user policy — everything except IAM and billing — with one allowed and one denied request. */
import { ACCOUNT, type BenchCase } from './bench-case.js';

export function powerUserCase(): BenchCase {
  return {
    id: 'power-user',
    title: '1. power-user policy (Allow * / Deny iam:*, aws-portal:*), allowed and denied alternating',
    principal: `arn:aws:iam::${ACCOUNT}:user/alice`,
    principalContext: {},
    policies: [
      {
        name: 'PowerUser',
        document: {
          Version: '2012-10-17',
          Statement: [
            { Sid: 'AllowEverything', Effect: 'Allow', Action: '*', Resource: '*' },
            { Sid: 'DenyIamAndBilling', Effect: 'Deny', Action: ['iam:*', 'aws-portal:*'], Resource: '*' },
          ],
        },
      },
    ],
    requests: [
      { label: 's3:GetObject reports/2026/q3.csv', action: 's3:GetObject', resource: 'arn:aws:s3:::corp-reports/2026/q3.csv', expected: 'Allowed' },
      { label: 'iam:CreateUser bob', action: 'iam:CreateUser', resource: `arn:aws:iam::${ACCOUNT}:user/bob`, expected: 'ExplicitlyDenied' },
    ],
  };
}
