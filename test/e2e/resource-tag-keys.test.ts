/**
 * Tag-based access to users and roles: AWS gives the user and role resource types both aws:ResourceTag/* and
 * iam:ResourceTag/*, and every operation on a user or role carries them (reading, keys, credentials,
 * policies, groups), so an ABAC policy written with either key works on all of them.
 */
import { after, before, describe, test } from 'node:test';
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetRoleCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListGroupsForUserCommand,
  ListUserPoliciesCommand,
  PutRolePolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { rejects } from '../support/aws-errors.js';
import { userWithPolicy } from '../support/e2e-users.js';
import { backends, startLiveServer, type LiveServer } from '../support/live-server.js';

const POLICY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';

for (const { backend, skip } of backends()) {
  describe(`aws:ResourceTag and iam:ResourceTag on users and roles (${backend})`, { skip }, () => {
    let s: LiveServer;
    let iam: IAMClient;
    before(async () => {
      s = await startLiveServer(backend);
      iam = s.iam();
      for (const [name, team] of [['blue-user', 'blue'], ['red-user', 'red']] as const) await iam.send(new CreateUserCommand({ UserName: name, Tags: [{ Key: 'team', Value: team }] }));
      const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
      for (const [name, team] of [['blue-role', 'blue'], ['red-role', 'red']] as const) await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust, Tags: [{ Key: 'team', Value: team }] }));
    });
    after(() => s?.close());

    for (const prefix of ['aws', 'iam'] as const) {
      test(`a policy on ${prefix}:ResourceTag/team reaches every kind of call on a user or role`, async () => {
        const client = await userWithPolicy(s, iam, `${prefix}-admin`, [
          {
            Effect: 'Allow',
            Action: ['iam:GetUser', 'iam:CreateAccessKey', 'iam:ListAccessKeys', 'iam:ListGroupsForUser', 'iam:ListUserPolicies', 'iam:AttachUserPolicy', 'iam:GetRole', 'iam:PutRolePolicy'],
            Resource: '*',
            Condition: { StringEquals: { [`${prefix}:ResourceTag/team`]: 'blue' } },
          },
        ]);
        const calls: [string, (user: string, role: string) => Promise<unknown>][] = [
          ['GetUser', (u) => client.send(new GetUserCommand({ UserName: u }))],
          ['CreateAccessKey', (u) => client.send(new CreateAccessKeyCommand({ UserName: u }))],
          ['ListAccessKeys', (u) => client.send(new ListAccessKeysCommand({ UserName: u }))],
          ['ListGroupsForUser', (u) => client.send(new ListGroupsForUserCommand({ UserName: u }))],
          ['ListUserPolicies', (u) => client.send(new ListUserPoliciesCommand({ UserName: u }))],
          ['AttachUserPolicy', (u) => client.send(new AttachUserPolicyCommand({ UserName: u, PolicyArn: POLICY }))],
          ['GetRole', (_u, r) => client.send(new GetRoleCommand({ RoleName: r }))],
          ['PutRolePolicy', (_u, r) => client.send(new PutRolePolicyCommand({ RoleName: r, PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:ListRoles', Resource: '*' }] }) }))],
        ];
        for (const [name, call] of calls) {
          await call('blue-user', 'blue-role');
          await rejects(call('red-user', 'red-role'), 'AccessDenied', 403, new RegExp(`iam:${name} on resource: .*(red-user|red-role)`));
        }
      });
    }
  });
}
