/**
 * Users, groups, access keys and attachments through the real AWS SDK v3 client against a live server, on
 * both storage backends; and enforcement of the caller's policies on every call.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateUserCommand,
  DeleteUserCommand,
  GetGroupCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListUsersCommand,
  UpdateAccessKeyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { backends, startLiveServer, type LiveServer } from '../support/live-server.js';
import { rejects } from '../support/aws-errors.js';

for (const { backend, skip } of backends()) {
  describe(`users and groups (${backend})`, { skip }, () => {
    let s: LiveServer;
    let iam: IAMClient;
    before(async () => {
      s = await startLiveServer(backend);
      iam = s.iam();
    });
    after(() => s?.close());

    test('the admin created by init is who the SDK says it is', async () => {
      const me = await s.sts().send(new GetCallerIdentityCommand({}));
      assert.equal(me.Account, s.account.accountId);
      assert.equal(me.Arn, `arn:aws:iam::${s.account.accountId}:user/admin`);
      const u = await iam.send(new GetUserCommand({}));
      assert.equal(u.User?.UserName, 'admin');
      assert.match(u.User?.UserId ?? '', /^AIDA[A-Z2-7]{17}$/);
    });

    test('create, read, list with a path prefix and paging', async () => {
      const created = await iam.send(new CreateUserCommand({ UserName: 'alice', Path: '/eng/', Tags: [{ Key: 'team', Value: 'blue' }] }));
      assert.equal(created.User?.Arn, `arn:aws:iam::${s.account.accountId}:user/eng/alice`);
      assert.deepEqual(created.User?.Tags, [{ Key: 'team', Value: 'blue' }]);
      for (const n of ['u1', 'u2', 'u3']) await iam.send(new CreateUserCommand({ UserName: n }));
      const eng = await iam.send(new ListUsersCommand({ PathPrefix: '/eng/' }));
      assert.deepEqual(eng.Users?.map((u) => u.UserName), ['alice']);
      const p1 = await iam.send(new ListUsersCommand({ MaxItems: 2 }));
      assert.equal(p1.IsTruncated, true);
      assert.equal(p1.Users?.length, 2);
      const p2 = await iam.send(new ListUsersCommand({ MaxItems: 10, Marker: p1.Marker }));
      assert.equal(p2.IsTruncated, false);
      const all = [...(p1.Users ?? []), ...(p2.Users ?? [])].map((u) => u.UserName);
      assert.deepEqual(all, ['admin', 'alice', 'u1', 'u2', 'u3']);
    });

    test('AWS errors: duplicate names regardless of case, missing users, bad input', async () => {
      await rejects(iam.send(new CreateUserCommand({ UserName: 'ALICE' })), 'EntityAlreadyExistsException', 409, /User with name ALICE already exists\./);
      await rejects(iam.send(new GetUserCommand({ UserName: 'nobody' })), 'NoSuchEntityException', 404, /The user with name nobody cannot be found\./);
      await rejects(iam.send(new CreateUserCommand({ UserName: 'bad name' })), 'ValidationError', 400, /Member must satisfy regular expression pattern/);
      const users = await iam.send(new ListUsersCommand({}));
      assert.equal(users.Users?.some((u) => u.UserName === 'bad name'), false);
    });

    test('a user with no policies is denied with AWS’s message; a group policy then allows', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'reader' }));
      const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'reader' }))).AccessKey;
      assert.ok(key?.AccessKeyId?.startsWith('AKIA') && key.SecretAccessKey?.length === 40);
      const reader = s.iam({ accessKeyId: key?.AccessKeyId ?? '', secretAccessKey: key?.SecretAccessKey ?? '' });
      await rejects(
        reader.send(new ListUsersCommand({})),
        'AccessDenied',
        403,
        new RegExp(`User: arn:aws:iam::${s.account.accountId}:user/reader is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${s.account.accountId}:user/ because no identity-based policy allows the iam:ListUsers action`),
      );
      await iam.send(new CreateGroupCommand({ GroupName: 'Readers' }));
      await iam.send(new AttachGroupPolicyCommand({ GroupName: 'Readers', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' }));
      await iam.send(new AddUserToGroupCommand({ GroupName: 'Readers', UserName: 'reader' }));
      const listed = await reader.send(new ListUsersCommand({}));
      assert.ok(listed.Users?.some((u) => u.UserName === 'reader'));
      await rejects(reader.send(new CreateUserCommand({ UserName: 'sneaky' })), 'AccessDenied', 403, /because no identity-based policy allows the iam:CreateUser action/);
      const g = await iam.send(new GetGroupCommand({ GroupName: 'Readers' }));
      assert.deepEqual(g.Users?.map((u) => u.UserName), ['reader']);
    });

    test('an inactive key is refused at authentication; a third key exceeds the quota', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'keys' }));
      const k1 = (await iam.send(new CreateAccessKeyCommand({ UserName: 'keys' }))).AccessKey;
      await iam.send(new CreateAccessKeyCommand({ UserName: 'keys' }));
      await rejects(iam.send(new CreateAccessKeyCommand({ UserName: 'keys' })), 'LimitExceededException', 409, /AccessKeysPerUser: 2/);
      assert.equal((await iam.send(new ListAccessKeysCommand({ UserName: 'keys' }))).AccessKeyMetadata?.length, 2);
      await iam.send(new UpdateAccessKeyCommand({ UserName: 'keys', AccessKeyId: k1?.AccessKeyId, Status: 'Inactive' }));
      const client = s.sts({ accessKeyId: k1?.AccessKeyId ?? '', secretAccessKey: k1?.SecretAccessKey ?? '' });
      await rejects(client.send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403, /The security token included in the request is invalid/);
      await rejects(iam.send(new DeleteUserCommand({ UserName: 'keys' })), 'DeleteConflictException', 409, /must delete access keys first/);
    });
  });
}
