import { describe, test } from 'node:test';
import {
  CreateAccessKeyCommand,
  CreatePolicyVersionCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountSummaryCommand,
  GetUserCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListUsersCommand,
  PutAccountPropertiesCommand,
  PutUserPolicyCommand,
  TagUserCommand,
} from '@aws-sdk/client-iam';
import type { EntityType } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { loadServiceModel } from '../../src/protocol/model/index.js';
import { assertRoundTrip } from './round-trip.js';
import { SdkTransport, clientConfig } from './sdk-transport.js';

const iam = loadServiceModel('iam');
const sts = loadServiceModel('sts');
const created = new Date('2024-01-02T03:04:05Z');
// A policy with every character XML and form encoding must survive: & < > " ' % + = and non-ASCII.
const policy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/<a&b> "q" \'s\' 100% +=ü' }],
});
const alice = {
  Path: '/eng/',
  UserName: 'alice',
  UserId: 'AIDAEXAMPLEALICE0001',
  Arn: 'arn:aws:iam::123456789012:user/eng/alice',
  CreateDate: created,
};

describe('IAM through the real SDK v3 client', () => {
  const transport = new SdkTransport();
  const client = new IAMClient(clientConfig(transport));
  const run = (operation: string, input: object, output: Record<string, never> | object | undefined, send: () => Promise<object>) =>
    assertRoundTrip({ model: iam, transport, operation, input, output: output as never, send });

  test('CreateUser: tags in, user with tags out', async () => {
    const input = {
      UserName: 'alice',
      Path: '/eng/',
      PermissionsBoundary: 'arn:aws:iam::123456789012:policy/boundary',
      Tags: [
        { Key: 'team', Value: 'blue+green=teal @ 1:2/3 ü' },
        { Key: 'cost-center', Value: '' },
      ],
    };
    // Output is not validated: XML-reserved characters and line breaks must come through unchanged.
    const output = { User: { ...alice, Tags: [...input.Tags, { Key: 'note', Value: `a<b & c>"d' \r\n\te ]]>` }] } };
    await run('CreateUser', input, output, () => client.send(new CreateUserCommand(input)));
  });

  test('ListUsers: paging input, list of users and marker out', async () => {
    const input = { PathPrefix: '/eng/', Marker: 'page-2', MaxItems: 2 };
    const bob = { ...alice, UserName: 'bob', UserId: 'AIDAEXAMPLEBOB000001', Arn: 'arn:aws:iam::123456789012:user/eng/bob' };
    const output = { Users: [alice, { ...bob, PasswordLastUsed: new Date('2024-05-06T07:08:09Z') }], IsTruncated: true, Marker: 'page-3' };
    await run('ListUsers', input, output, () => client.send(new ListUsersCommand(input)));
  });

  test('ListUsers: an empty list stays an empty list', async () => {
    await run('ListUsers', {}, { Users: [], IsTruncated: false }, () => client.send(new ListUsersCommand({})));
  });

  test('GetUser: nested structure with an enum', async () => {
    const input = { UserName: 'alice' };
    const output = {
      User: {
        ...alice,
        PermissionsBoundary: {
          PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
          PermissionsBoundaryArn: 'arn:aws:iam::123456789012:policy/boundary',
        },
      },
    };
    await run('GetUser', input, output, () => client.send(new GetUserCommand(input)));
  });

  test('GetUser without input: the caller', async () => {
    await run('GetUser', {}, { User: alice }, () => client.send(new GetUserCommand({})));
  });

  test('PutUserPolicy: a policy document with reserved characters; no output', async () => {
    const input = { UserName: 'alice', PolicyName: 'read+write=all', PolicyDocument: policy };
    await run('PutUserPolicy', input, undefined, () => client.send(new PutUserPolicyCommand(input)));
  });

  test('CreatePolicyVersion: boolean in, policy version out', async () => {
    const input = { PolicyArn: 'arn:aws:iam::123456789012:policy/p', PolicyDocument: policy, SetAsDefault: true };
    const output = { PolicyVersion: { Document: encodeURIComponent(policy), VersionId: 'v2', IsDefaultVersion: true, CreateDate: created } };
    await run('CreatePolicyVersion', input, output, () => client.send(new CreatePolicyVersionCommand(input)));
  });

  test('TagUser: list of structures, no output', async () => {
    const input = { UserName: 'alice', Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }, { Key: 'c', Value: '3' }] };
    await run('TagUser', input, undefined, () => client.send(new TagUserCommand(input)));
  });

  test('ListAttachedRolePolicies', async () => {
    const input = { RoleName: 'deploy', PathPrefix: '/', Marker: 'm', MaxItems: 100 };
    const output = {
      AttachedPolicies: [
        { PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
        { PolicyName: 'custom', PolicyArn: 'arn:aws:iam::123456789012:policy/custom' },
      ],
      IsTruncated: false,
    };
    await run('ListAttachedRolePolicies', input, output, () => client.send(new ListAttachedRolePoliciesCommand(input)));
  });

  test('GetAccountSummary: a map of integers', async () => {
    const output = { SummaryMap: { Users: 12, Groups: 3, Roles: 40, PoliciesQuota: 1500, AccountMFAEnabled: 0 } };
    await run('GetAccountSummary', {}, output, () => client.send(new GetAccountSummaryCommand({})));
  });

  test('PutAccountProperties: a map in the input (entry.N.key/value)', async () => {
    const input = { Properties: { 'feature.one': 'on', two: 'off & <out>' } };
    await run('PutAccountProperties', input, undefined, () => client.send(new PutAccountPropertiesCommand(input)));
  });

  test('GetAccountAuthorizationDetails: list filter in, nested lists out', async () => {
    const input = { Filter: ['User', 'Role', 'LocalManagedPolicy'] as EntityType[], MaxItems: 50, Marker: 'x' };
    const output = {
      UserDetailList: [
        {
          ...alice,
          UserPolicyList: [{ PolicyName: 'inline', PolicyDocument: encodeURIComponent(policy) }],
          GroupList: ['admins', 'devs'],
          AttachedManagedPolicies: [{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
          Tags: [{ Key: 'k', Value: 'v' }],
        },
      ],
      GroupDetailList: [],
      RoleDetailList: [
        {
          Path: '/',
          RoleName: 'deploy',
          RoleId: 'AROAEXAMPLEDEPLOY001',
          Arn: 'arn:aws:iam::123456789012:role/deploy',
          CreateDate: created,
          AssumeRolePolicyDocument: encodeURIComponent(policy),
          InstanceProfileList: [
            {
              Path: '/',
              InstanceProfileName: 'ip',
              InstanceProfileId: 'AIPAEXAMPLE000000001',
              Arn: 'arn:aws:iam::123456789012:instance-profile/ip',
              CreateDate: created,
              Roles: [{ Path: '/', RoleName: 'deploy', RoleId: 'AROAEXAMPLEDEPLOY001', Arn: 'arn:aws:iam::123456789012:role/deploy', CreateDate: created }],
            },
          ],
          RolePolicyList: [],
          AttachedManagedPolicies: [],
          RoleLastUsed: { LastUsedDate: created, Region: 'eu-west-1' },
        },
      ],
      Policies: [
        {
          PolicyName: 'custom',
          PolicyId: 'ANPAEXAMPLE000000001',
          Arn: 'arn:aws:iam::123456789012:policy/custom',
          Path: '/',
          DefaultVersionId: 'v1',
          AttachmentCount: 2,
          PermissionsBoundaryUsageCount: 0,
          IsAttachable: true,
          CreateDate: created,
          UpdateDate: created,
          PolicyVersionList: [{ Document: encodeURIComponent(policy), VersionId: 'v1', IsDefaultVersion: true, CreateDate: created }],
        },
      ],
      IsTruncated: false,
    };
    await run('GetAccountAuthorizationDetails', input, output, () => client.send(new GetAccountAuthorizationDetailsCommand(input)));
  });

  test('CreateAccessKey: the secret comes back', async () => {
    const input = { UserName: 'alice' };
    const output = {
      AccessKey: { UserName: 'alice', AccessKeyId: 'AKIAEXAMPLE000000001', Status: 'Active', SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', CreateDate: created },
    };
    await run('CreateAccessKey', input, output, () => client.send(new CreateAccessKeyCommand(input)));
  });

  test('CreateVirtualMFADevice: blobs out as base64', async () => {
    const input = { VirtualMFADeviceName: 'phone', Path: '/' };
    const output = {
      VirtualMFADevice: {
        SerialNumber: 'arn:aws:iam::123456789012:mfa/phone',
        Base32StringSeed: new Uint8Array([74, 66, 83, 87, 89, 51, 68, 80]),
        QRCodePNG: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 255]),
      },
    };
    await run('CreateVirtualMFADevice', input, output, () => client.send(new CreateVirtualMFADeviceCommand(input)));
  });
});

describe('STS through the real SDK v3 client', () => {
  const transport = new SdkTransport();
  const client = new STSClient(clientConfig(transport));

  test('AssumeRole: every kind of input member, credentials out', async () => {
    const input = {
      RoleArn: 'arn:aws:iam::123456789012:role/deploy',
      RoleSessionName: 'ci@build-42',
      PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
      Policy: policy,
      DurationSeconds: 3600,
      Tags: [{ Key: 'project', Value: 'gatehouse' }],
      TransitiveTagKeys: ['project'],
      ExternalId: 'ext-1',
      SourceIdentity: 'alice',
    };
    const output = {
      Credentials: {
        AccessKeyId: 'ASIAEXAMPLE000000001',
        SecretAccessKey: 'secret/with+chars=',
        SessionToken: 'FwoGZXIvYXdzEJr//////////wEaDA==',
        Expiration: new Date('2024-01-02T04:04:05Z'),
      },
      AssumedRoleUser: { AssumedRoleId: 'AROAEXAMPLEDEPLOY001:ci@build-42', Arn: 'arn:aws:sts::123456789012:assumed-role/deploy/ci@build-42' },
      PackedPolicySize: 6,
      SourceIdentity: 'alice',
    };
    await assertRoundTrip({ model: sts, transport, operation: 'AssumeRole', input, output, send: () => client.send(new AssumeRoleCommand(input)) });
  });

  test('GetCallerIdentity: an empty input structure', async () => {
    const output = { UserId: 'AIDAEXAMPLEALICE0001', Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/alice' };
    await assertRoundTrip({ model: sts, transport, operation: 'GetCallerIdentity', input: {}, output, send: () => client.send(new GetCallerIdentityCommand({})) });
  });
});
