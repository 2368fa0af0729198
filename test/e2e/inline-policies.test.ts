/**
 * Inline policies of users, groups and roles through the real AWS SDK v3 client against a live server, on both
 * storage backends: storage, AWS's errors and size quotas, and enforcement of what they allow.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateUserCommand,
  DeleteGroupPolicyCommand,
  DeleteRolePolicyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  GetGroupPolicyCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  ListGroupPoliciesCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { backends, startLiveServer, type LiveServer } from '../support/live-server.js';
import { rejects } from '../support/aws-errors.js';

/** A document allowing `actions` on `resource`, padded to `size` characters that IAM counts (whitespace isn't). */
function doc(actions: string[], resource = '*', size?: number): string {
  const base = { Version: '2012-10-17', Statement: [{ Sid: 'S', Effect: 'Allow', Action: actions, Resource: resource }] };
  const text = JSON.stringify(base);
  if (size === undefined) return text;
  const pad = size - text.length;
  assert.ok(pad >= 0);
  return JSON.stringify({ ...base, Statement: [{ ...base.Statement[0], Sid: 'S' + 'x'.repeat(pad) }] });
}

/** Roles come from another family's operations; the tests seed one the way CreateRole stores it. */
async function seedRole(s: LiveServer, name: string): Promise<void> {
  const accountId = s.account.accountId;
  const data = {
    RoleName: name,
    RoleId: s.runtime.iamDeps.ids.uniqueId('AROA'),
    Path: '/',
    Arn: `arn:aws:iam::${accountId}:role/${name}`,
    CreateDate: new Date().toISOString(),
    AssumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}',
    MaxSessionDuration: 3600,
    Tags: [],
  };
  await s.runtime.store.transaction((tx) => tx.insert({ accountId, kind: 'role', parent: '', key: name.toLowerCase(), id: data.RoleId, path: '/', createdAt: Date.now(), data }));
}

for (const { backend, skip } of backends()) {
  describe(`inline policies (${backend})`, { skip }, () => {
    let s: LiveServer;
    let iam: IAMClient;
    before(async () => {
      s = await startLiveServer(backend);
      iam = s.iam();
    });
    after(() => s?.close());

    test('put, get (URL-encoded, exactly as given), list, replace, delete a user policy', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'Ann' }));
      const text = '{\n  "Version": "2012-10-17",\n  "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}\n}';
      await iam.send(new PutUserPolicyCommand({ UserName: 'ann', PolicyName: 'Read', PolicyDocument: text }));
      await iam.send(new PutUserPolicyCommand({ UserName: 'Ann', PolicyName: 'alpha', PolicyDocument: doc(['s3:ListBucket']) }));
      const got = await iam.send(new GetUserPolicyCommand({ UserName: 'ANN', PolicyName: 'Read' }));
      assert.equal(got.UserName, 'Ann');
      assert.equal(got.PolicyName, 'Read');
      assert.equal(got.PolicyDocument, encodeURIComponent(text));
      assert.equal(decodeURIComponent(got.PolicyDocument ?? ''), text);

      const listed = await iam.send(new ListUserPoliciesCommand({ UserName: 'Ann' }));
      assert.deepEqual(listed.PolicyNames, ['alpha', 'Read']);
      assert.equal(listed.IsTruncated, false);
      const p1 = await iam.send(new ListUserPoliciesCommand({ UserName: 'Ann', MaxItems: 1 }));
      assert.deepEqual(p1.PolicyNames, ['alpha']);
      assert.equal(p1.IsTruncated, true);
      const p2 = await iam.send(new ListUserPoliciesCommand({ UserName: 'Ann', Marker: p1.Marker }));
      assert.deepEqual(p2.PolicyNames, ['Read']);

      // A put with the same name replaces the policy.
      await iam.send(new PutUserPolicyCommand({ UserName: 'Ann', PolicyName: 'Read', PolicyDocument: doc(['s3:GetObject']) }));
      assert.equal(decodeURIComponent((await iam.send(new GetUserPolicyCommand({ UserName: 'Ann', PolicyName: 'Read' }))).PolicyDocument ?? ''), doc(['s3:GetObject']));
      assert.equal((await iam.send(new ListUserPoliciesCommand({ UserName: 'Ann' }))).PolicyNames?.length, 2);

      await rejects(iam.send(new DeleteUserCommand({ UserName: 'Ann' })), 'DeleteConflictException', 409, /must delete policies first/);
      await iam.send(new DeleteUserPolicyCommand({ UserName: 'Ann', PolicyName: 'Read' }));
      await iam.send(new DeleteUserPolicyCommand({ UserName: 'Ann', PolicyName: 'alpha' }));
      assert.deepEqual((await iam.send(new ListUserPoliciesCommand({ UserName: 'Ann' }))).PolicyNames, []);
      await iam.send(new DeleteUserCommand({ UserName: 'Ann' }));
    });

    test('AWS errors: missing principal, missing policy, malformed document (nothing stored)', async () => {
      await rejects(iam.send(new PutUserPolicyCommand({ UserName: 'ghost', PolicyName: 'p', PolicyDocument: doc(['s3:*']) })), 'NoSuchEntityException', 404, /^The user with name ghost cannot be found\.$/);
      await rejects(iam.send(new ListGroupPoliciesCommand({ GroupName: 'ghosts' })), 'NoSuchEntityException', 404, /^The group with name ghosts cannot be found\.$/);
      await rejects(iam.send(new GetRolePolicyCommand({ RoleName: 'ghost', PolicyName: 'p' })), 'NoSuchEntityException', 404, /^The role with name ghost cannot be found\.$/);
      await iam.send(new CreateUserCommand({ UserName: 'bob' }));
      await rejects(iam.send(new GetUserPolicyCommand({ UserName: 'bob', PolicyName: 'nope' })), 'NoSuchEntityException', 404, /^The user policy with name nope cannot be found\.$/);
      await rejects(iam.send(new DeleteUserPolicyCommand({ UserName: 'bob', PolicyName: 'nope' })), 'NoSuchEntityException', 404, /^The user policy with name nope cannot be found\.$/);
      await rejects(
        iam.send(new PutUserPolicyCommand({ UserName: 'bob', PolicyName: 'p', PolicyDocument: '{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}' })),
        'MalformedPolicyDocumentException',
        400,
        /^Policy document must be version 2012-10-17 or greater\.$/,
      );
      await rejects(iam.send(new PutUserPolicyCommand({ UserName: 'bob', PolicyName: 'p', PolicyDocument: '{not json' })), 'MalformedPolicyDocumentException', 400, /^Syntax errors in policy\.$/);
      await rejects(
        iam.send(new PutUserPolicyCommand({ UserName: 'bob', PolicyName: 'p', PolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}' })),
        'MalformedPolicyDocumentException',
        400,
        /^Policy document should not specify a principal\.$/,
      );
      assert.deepEqual((await iam.send(new ListUserPoliciesCommand({ UserName: 'bob' }))).PolicyNames, []);
    });

    test('the sum of a user’s inline policies is capped at 2,048 characters, whitespace not counted', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'Sizer' }));
      await iam.send(new PutUserPolicyCommand({ UserName: 'sizer', PolicyName: 'a', PolicyDocument: doc(['s3:GetObject'], '*', 1500) }));
      await rejects(
        iam.send(new PutUserPolicyCommand({ UserName: 'sizer', PolicyName: 'b', PolicyDocument: doc(['s3:GetObject'], '*', 549) })),
        'LimitExceededException',
        409,
        /^Maximum policy size of 2048 bytes exceeded for user Sizer$/,
      );
      assert.deepEqual((await iam.send(new ListUserPoliciesCommand({ UserName: 'Sizer' }))).PolicyNames, ['a']);
      await iam.send(new PutUserPolicyCommand({ UserName: 'sizer', PolicyName: 'b', PolicyDocument: doc(['s3:GetObject'], '*', 548) }));
      // Replacing a policy counts its new size, not old + new.
      await iam.send(new PutUserPolicyCommand({ UserName: 'sizer', PolicyName: 'A', PolicyDocument: doc(['s3:GetObject'], '*', 1500) }));
      // Whitespace (outside strings) is free: 3,000 characters of text, 60 counted.
      await iam.send(new DeleteUserPolicyCommand({ UserName: 'sizer', PolicyName: 'b' }));
      const spaced = doc(['s3:GetObject']).replace(/,/g, ',' + ' '.repeat(600));
      assert.ok(spaced.length > 2048);
      await iam.send(new PutUserPolicyCommand({ UserName: 'sizer', PolicyName: 'spaced', PolicyDocument: spaced }));
    });

    test('groups (5,120) and roles (10,240) have their own quotas and messages', async () => {
      await iam.send(new CreateGroupCommand({ GroupName: 'Devs' }));
      await iam.send(new PutGroupPolicyCommand({ GroupName: 'devs', PolicyName: 'big', PolicyDocument: doc(['ec2:*'], '*', 5000) }));
      await rejects(
        iam.send(new PutGroupPolicyCommand({ GroupName: 'devs', PolicyName: 'more', PolicyDocument: doc(['ec2:*'], '*', 121) })),
        'LimitExceededException',
        409,
        /^Maximum policy size of 5120 bytes exceeded for group Devs$/,
      );
      await iam.send(new PutGroupPolicyCommand({ GroupName: 'devs', PolicyName: 'more', PolicyDocument: doc(['ec2:*'], '*', 120) }));
      const g = await iam.send(new GetGroupPolicyCommand({ GroupName: 'DEVS', PolicyName: 'MORE' }));
      assert.equal(g.GroupName, 'Devs');
      assert.equal(g.PolicyName, 'more');
      assert.deepEqual((await iam.send(new ListGroupPoliciesCommand({ GroupName: 'Devs' }))).PolicyNames, ['big', 'more']);
      await iam.send(new DeleteGroupPolicyCommand({ GroupName: 'Devs', PolicyName: 'big' }));
      assert.deepEqual((await iam.send(new ListGroupPoliciesCommand({ GroupName: 'Devs' }))).PolicyNames, ['more']);

      await seedRole(s, 'Worker');
      // One document above the managed-policy size (6,144) is fine for a role.
      await iam.send(new PutRolePolicyCommand({ RoleName: 'worker', PolicyName: 'one', PolicyDocument: doc(['s3:*'], '*', 8000) }));
      await rejects(
        iam.send(new PutRolePolicyCommand({ RoleName: 'worker', PolicyName: 'two', PolicyDocument: doc(['s3:*'], '*', 2241) })),
        'LimitExceededException',
        409,
        /^Maximum policy size of 10240 bytes exceeded for role Worker$/,
      );
      await iam.send(new PutRolePolicyCommand({ RoleName: 'worker', PolicyName: 'two', PolicyDocument: doc(['s3:*'], '*', 2240) }));
      const r = await iam.send(new GetRolePolicyCommand({ RoleName: 'Worker', PolicyName: 'two' }));
      assert.equal(r.RoleName, 'Worker');
      assert.equal(decodeURIComponent(r.PolicyDocument ?? ''), doc(['s3:*'], '*', 2240));
      await rejects(iam.send(new GetRolePolicyCommand({ RoleName: 'Worker', PolicyName: 'three' })), 'NoSuchEntityException', 404, /^The role policy with name three cannot be found\.$/);
      await iam.send(new DeleteRolePolicyCommand({ RoleName: 'Worker', PolicyName: 'one' }));
      assert.deepEqual((await iam.send(new ListRolePoliciesCommand({ RoleName: 'Worker' }))).PolicyNames, ['two']);
      await rejects(iam.send(new DeleteGroupPolicyCommand({ GroupName: 'Devs', PolicyName: 'big' })), 'NoSuchEntityException', 404, /^The group policy with name big cannot be found\.$/);
    });

    test('enforcement: ${aws:username} lets a user read himself and nobody else; a put takes effect at once', async () => {
      const account = s.account.accountId;
      await iam.send(new CreateUserCommand({ UserName: 'carol' }));
      await iam.send(new CreateUserCommand({ UserName: 'dave' }));
      const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'carol' }))).AccessKey;
      const carol = s.iam({ accessKeyId: key?.AccessKeyId ?? '', secretAccessKey: key?.SecretAccessKey ?? '' });
      await rejects(carol.send(new GetUserCommand({ UserName: 'carol' })), 'AccessDenied', 403, /because no identity-based policy allows the iam:GetUser action/);

      await iam.send(new PutUserPolicyCommand({ UserName: 'carol', PolicyName: 'self', PolicyDocument: doc(['iam:GetUser'], `arn:aws:iam::${account}:user/\${aws:username}`) }));
      assert.equal((await carol.send(new GetUserCommand({ UserName: 'carol' }))).User?.UserName, 'carol');
      assert.equal((await carol.send(new GetUserCommand({}))).User?.UserName, 'carol');
      await rejects(
        carol.send(new GetUserCommand({ UserName: 'dave' })),
        'AccessDenied',
        403,
        new RegExp(`User: arn:aws:iam::${account}:user/carol is not authorized to perform: iam:GetUser on resource: user dave because no identity-based policy allows the iam:GetUser action`),
      );
      await rejects(carol.send(new ListUsersCommand({})), 'AccessDenied', 403);

      // Replacing the policy with one that allows nothing takes effect on the next call.
      await iam.send(new PutUserPolicyCommand({ UserName: 'carol', PolicyName: 'self', PolicyDocument: doc(['iam:ListUsers']) }));
      await rejects(carol.send(new GetUserCommand({ UserName: 'carol' })), 'AccessDenied', 403);
      assert.ok((await carol.send(new ListUsersCommand({}))).Users?.some((u) => u.UserName === 'dave'));
      await iam.send(new DeleteUserPolicyCommand({ UserName: 'carol', PolicyName: 'self' }));
      await rejects(carol.send(new ListUsersCommand({})), 'AccessDenied', 403);
    });

    test('enforcement of the inline-policy operations themselves: PutUserPolicy only on one’s own user', async () => {
      const account = s.account.accountId;
      await iam.send(new CreateUserCommand({ UserName: 'erin' }));
      const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'erin' }))).AccessKey;
      const erin = s.iam({ accessKeyId: key?.AccessKeyId ?? '', secretAccessKey: key?.SecretAccessKey ?? '' });
      await iam.send(new PutUserPolicyCommand({ UserName: 'erin', PolicyName: 'own', PolicyDocument: doc(['iam:PutUserPolicy', 'iam:ListUserPolicies'], `arn:aws:iam::${account}:user/erin`) }));
      await erin.send(new PutUserPolicyCommand({ UserName: 'erin', PolicyName: 'extra', PolicyDocument: doc(['s3:GetObject']) }));
      assert.deepEqual((await erin.send(new ListUserPoliciesCommand({ UserName: 'erin' }))).PolicyNames, ['extra', 'own']);
      await rejects(
        erin.send(new PutUserPolicyCommand({ UserName: 'dave', PolicyName: 'x', PolicyDocument: doc(['*']) })),
        'AccessDenied',
        403,
        new RegExp(`not authorized to perform: iam:PutUserPolicy on resource: user dave`),
      );
      assert.deepEqual((await iam.send(new ListUserPoliciesCommand({ UserName: 'dave' }))).PolicyNames, []);
    });
  });
}
