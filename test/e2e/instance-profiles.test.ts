/**
 * Instance profiles through the real AWS SDK v3 client against a live server, on both storage backends:
 * lifecycle, the one role a profile holds, tags, errors, quota, and enforcement on profile ARNs.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AddRoleToInstanceProfileCommand,
  CreateAccessKeyCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  CreateUserCommand,
  DeleteInstanceProfileCommand,
  DeleteRoleCommand,
  GetInstanceProfileCommand,
  ListInstanceProfilesCommand,
  ListInstanceProfilesForRoleCommand,
  ListInstanceProfileTagsCommand,
  RemoveRoleFromInstanceProfileCommand,
  TagInstanceProfileCommand,
  UntagInstanceProfileCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { backends, startLiveServer, type LiveServer } from '../support/live-server.js';
import { rejects } from '../support/aws-errors.js';

const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

for (const { backend, skip } of backends()) {
  describe(`instance profiles (${backend})`, { skip }, () => {
    let s: LiveServer;
    let iam: IAMClient;
    let account: string;
    before(async () => {
      s = await startLiveServer(backend);
      iam = s.iam();
      account = s.account.accountId;
    });
    after(() => s?.close());

    test('create, read, list by path prefix and page; Tags only where AWS sends them', async () => {
      const created = (await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'web', Path: '/app/' }))).InstanceProfile;
      assert.equal(created?.Arn, `arn:aws:iam::${account}:instance-profile/app/web`);
      assert.equal(created?.Path, '/app/');
      assert.match(created?.InstanceProfileId ?? '', /^AIPA[A-Z2-7]{17}$/);
      assert.ok(created?.CreateDate instanceof Date);
      assert.deepEqual(created?.Roles, []);
      assert.equal(created?.Tags, undefined);

      const got = (await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'WEB' }))).InstanceProfile;
      assert.equal(got?.InstanceProfileName, 'web');
      assert.equal(got?.InstanceProfileId, created?.InstanceProfileId);
      assert.deepEqual(got?.Roles, []);
      assert.deepEqual(got?.Tags, []);

      const tagged = (await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'worker', Path: '/app/', Tags: [{ Key: 'tier', Value: 'batch' }] }))).InstanceProfile;
      assert.deepEqual(tagged?.Tags, [{ Key: 'tier', Value: 'batch' }]);
      await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'other' }));

      const app = await iam.send(new ListInstanceProfilesCommand({ PathPrefix: '/app/' }));
      assert.deepEqual(app.InstanceProfiles?.map((p) => p.InstanceProfileName), ['web', 'worker']);
      assert.equal(app.InstanceProfiles?.[1]?.Tags, undefined);
      const p1 = await iam.send(new ListInstanceProfilesCommand({ MaxItems: 2 }));
      assert.equal(p1.IsTruncated, true);
      const p2 = await iam.send(new ListInstanceProfilesCommand({ MaxItems: 2, Marker: p1.Marker }));
      assert.equal(p2.IsTruncated, false);
      assert.deepEqual([...(p1.InstanceProfiles ?? []), ...(p2.InstanceProfiles ?? [])].map((p) => p.InstanceProfileName), ['other', 'web', 'worker']);
      assert.deepEqual((await iam.send(new ListInstanceProfilesCommand({ PathPrefix: '/none/' }))).InstanceProfiles, []);
    });

    test('AWS errors: duplicates regardless of case, missing profiles, bad tags; nothing changes', async () => {
      await rejects(iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'Web' })), 'EntityAlreadyExistsException', 409, 'Instance Profile Web already exists.');
      await rejects(iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'nope' })), 'NoSuchEntityException', 404, 'Instance Profile nope cannot be found.');
      await rejects(iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'nope' })), 'NoSuchEntityException', 404, 'Instance Profile nope cannot be found.');
      await rejects(
        iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'dup', Tags: [{ Key: 'k', Value: '1' }, { Key: 'K', Value: '2' }] })),
        'InvalidInputException',
        400,
        'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
      );
      await rejects(iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'bad name' })), 'ValidationError', 400, /Member must satisfy regular expression pattern/);
      const names = ((await iam.send(new ListInstanceProfilesCommand({}))).InstanceProfiles ?? []).map((p) => p.InstanceProfileName);
      assert.deepEqual(names, ['other', 'web', 'worker']);
    });

    test('a profile holds one role; the role appears in the profile and the profile in the role’s list', async () => {
      const role = (await iam.send(new CreateRoleCommand({ RoleName: 'app-role', AssumeRolePolicyDocument: trust, Description: 'not nested', Tags: [{ Key: 'a', Value: 'b' }] }))).Role;
      await iam.send(new CreateRoleCommand({ RoleName: 'second-role', AssumeRolePolicyDocument: trust }));
      await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'APP-ROLE' }));

      const roles = (await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'web' }))).InstanceProfile?.Roles ?? [];
      assert.equal(roles.length, 1);
      assert.equal(roles[0]?.RoleName, 'app-role');
      assert.equal(roles[0]?.RoleId, role?.RoleId);
      assert.equal(roles[0]?.Arn, role?.Arn);
      assert.deepEqual(JSON.parse(decodeURIComponent(roles[0]?.AssumeRolePolicyDocument ?? '')), JSON.parse(trust));
      // Nested roles have the members of CreateRole's answer, without tags.
      assert.equal(roles[0]?.Description, undefined);
      assert.equal(roles[0]?.MaxSessionDuration, undefined);
      assert.equal(roles[0]?.Tags, undefined);

      const quota = 'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1';
      await rejects(iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'second-role' })), 'LimitExceededException', 409, quota);
      await rejects(iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'app-role' })), 'LimitExceededException', 409, quota);
      await rejects(iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'nope', RoleName: 'app-role' })), 'NoSuchEntityException', 404, 'Instance Profile nope cannot be found.');
      await rejects(iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'worker', RoleName: 'ghost' })), 'NoSuchEntityException', 404, 'The role with name ghost cannot be found.');

      // A role may be in several profiles.
      await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'worker', RoleName: 'app-role' }));
      const forRole = await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'app-role' }));
      assert.deepEqual(forRole.InstanceProfiles?.map((p) => p.InstanceProfileName), ['web', 'worker']);
      assert.deepEqual(forRole.InstanceProfiles?.[0]?.Roles?.map((r) => r.RoleName), ['app-role']);
      assert.equal(forRole.IsTruncated, false);
      const page = await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'app-role', MaxItems: 1 }));
      assert.equal(page.IsTruncated, true);
      const rest = await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'app-role', MaxItems: 1, Marker: page.Marker }));
      assert.deepEqual(rest.InstanceProfiles?.map((p) => p.InstanceProfileName), ['worker']);
      assert.deepEqual((await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'second-role' }))).InstanceProfiles, []);
      await rejects(iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'ghost' })), 'NoSuchEntityException', 404, 'The role with name ghost cannot be found.');

      await rejects(iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'web' })), 'DeleteConflictException', 409, 'Cannot delete entity, must remove roles from instance profile first.');
      await rejects(iam.send(new DeleteRoleCommand({ RoleName: 'app-role' })), 'DeleteConflictException', 409, 'Cannot delete entity, must remove roles from instance profile first.');

      await rejects(
        iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'other', RoleName: 'app-role' })),
        'NoSuchEntityException',
        404,
        'Role app-role in Instance Profile other cannot be found.',
      );
      await rejects(iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'ghost' })), 'NoSuchEntityException', 404, 'The role with name ghost cannot be found.');
      await rejects(iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'nope', RoleName: 'app-role' })), 'NoSuchEntityException', 404, 'Instance Profile nope cannot be found.');

      await iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'app-role' }));
      await iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'worker', RoleName: 'app-role' }));
      assert.deepEqual((await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'web' }))).InstanceProfile?.Roles, []);
      assert.deepEqual((await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'app-role' }))).InstanceProfiles, []);
      // With the role gone, the profile takes another one.
      await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'second-role' }));
      await iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'second-role' }));
      await iam.send(new DeleteRoleCommand({ RoleName: 'app-role' }));
    });

    test('a service-linked role cannot be put in a profile', async () => {
      const name = (await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' }))).Role?.RoleName ?? '';
      await rejects(
        iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'other', RoleName: name })),
        'UnmodifiableEntityException',
        400,
        `Cannot perform the operation on the protected role '${name}' - this role is only modifiable by AWS`,
      );
      assert.deepEqual((await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'other' }))).InstanceProfile?.Roles, []);
    });

    test('profile tags: add, replace regardless of case, remove, page, quota', async () => {
      await iam.send(new TagInstanceProfileCommand({ InstanceProfileName: 'other', Tags: [{ Key: 'MyKey', Value: 'one' }, { Key: 'MyKey2', Value: 'two' }] }));
      await iam.send(new TagInstanceProfileCommand({ InstanceProfileName: 'other', Tags: [{ Key: 'mykey', Value: 'three' }] }));
      assert.deepEqual((await iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: 'other' }))).Tags, [
        { Key: 'MyKey2', Value: 'two' },
        { Key: 'mykey', Value: 'three' },
      ]);
      assert.deepEqual((await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'other' }))).InstanceProfile?.Tags?.length, 2);
      const p1 = await iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: 'other', MaxItems: 1 }));
      assert.equal(p1.IsTruncated, true);
      const p2 = await iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: 'other', MaxItems: 1, Marker: p1.Marker }));
      assert.deepEqual(p2.Tags, [{ Key: 'mykey', Value: 'three' }]);
      await iam.send(new UntagInstanceProfileCommand({ InstanceProfileName: 'other', TagKeys: ['MYKEY'] }));
      assert.deepEqual((await iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: 'other' }))).Tags, [{ Key: 'MyKey2', Value: 'two' }]);
      const many = Array.from({ length: 50 }, (_, i) => ({ Key: `t${i}`, Value: 'v' }));
      await rejects(iam.send(new TagInstanceProfileCommand({ InstanceProfileName: 'other', Tags: many })), 'LimitExceededException', 409, 'The number of tags has reached the maximum limit.');
      await rejects(iam.send(new TagInstanceProfileCommand({ InstanceProfileName: 'nope', Tags: [{ Key: 'a', Value: 'b' }] })), 'NoSuchEntityException', 404, 'Instance Profile nope cannot be found.');
      await rejects(iam.send(new UntagInstanceProfileCommand({ InstanceProfileName: 'nope', TagKeys: ['a'] })), 'NoSuchEntityException', 404, 'Instance Profile nope cannot be found.');
      await rejects(iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: 'nope' })), 'NoSuchEntityException', 404, 'Instance Profile nope cannot be found.');
    });

    test('a user allowed only on /app/ profiles is denied elsewhere, with the profile’s ARN', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'operator' }));
      // The inline policy PutUserPolicy (another family's operation) would store, written before the user's first call.
      await s.runtime.store.transaction((tx) =>
        tx.insert({
          accountId: account,
          kind: 'inline-policy',
          parent: 'user:operator',
          key: 'app-profiles',
          createdAt: Date.now(),
          data: {
            PolicyName: 'app-profiles',
            PolicyDocument: JSON.stringify({
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Action: ['iam:GetInstanceProfile', 'iam:TagInstanceProfile'], Resource: `arn:aws:iam::${account}:instance-profile/app/*` },
                { Effect: 'Deny', Action: 'iam:TagInstanceProfile', Resource: '*', Condition: { StringEquals: { 'aws:RequestTag/tier': 'prod' } } },
              ],
            }),
          },
        }),
      );
      const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'operator' }))).AccessKey;
      const operator = s.iam({ accessKeyId: k?.AccessKeyId ?? '', secretAccessKey: k?.SecretAccessKey ?? '' });
      assert.equal((await operator.send(new GetInstanceProfileCommand({ InstanceProfileName: 'web' }))).InstanceProfile?.InstanceProfileName, 'web');
      await rejects(
        operator.send(new GetInstanceProfileCommand({ InstanceProfileName: 'other' })),
        'AccessDenied',
        403,
        `User: arn:aws:iam::${account}:user/operator is not authorized to perform: iam:GetInstanceProfile on resource: arn:aws:iam::${account}:instance-profile/other because no identity-based policy allows the iam:GetInstanceProfile action`,
      );
      await operator.send(new TagInstanceProfileCommand({ InstanceProfileName: 'web', Tags: [{ Key: 'tier', Value: 'dev' }] }));
      await rejects(
        operator.send(new TagInstanceProfileCommand({ InstanceProfileName: 'web', Tags: [{ Key: 'tier', Value: 'prod' }] })),
        'AccessDenied',
        403,
        /iam:TagInstanceProfile on resource: arn:aws:iam::\d{12}:instance-profile\/app\/web with an explicit deny in an identity-based policy/,
      );
      assert.deepEqual((await iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: 'web' }))).Tags, [{ Key: 'tier', Value: 'dev' }]);
      await rejects(operator.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'sneaky', Path: '/app/' })), 'AccessDenied', 403, /iam:CreateInstanceProfile on resource: arn:aws:iam::\d{12}:instance-profile\/app\/sneaky /);
      await rejects(operator.send(new ListInstanceProfilesCommand({})), 'AccessDenied', 403, /iam:ListInstanceProfiles/);
    });

    test('deleting a profile frees its name', async () => {
      await iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'worker' }));
      await rejects(iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'worker' })), 'NoSuchEntityException', 404, 'Instance Profile worker cannot be found.');
      const again = (await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'worker' }))).InstanceProfile;
      assert.equal(again?.Path, '/');
      assert.deepEqual((await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'worker' }))).InstanceProfile?.Tags, []);
    });
  });

  describe(`instance profile quota (${backend})`, { skip }, () => {
    let s: LiveServer;
    before(async () => {
      s = await startLiveServer(backend);
    });
    after(() => s?.close());

    test('the 1,001st instance profile exceeds InstanceProfilesPerAccount', async () => {
      const iam = s.iam();
      const account = s.account.accountId;
      // 1,000 profiles written as CreateInstanceProfile writes them, to reach the quota quickly.
      await s.runtime.store.transaction(async (tx) => {
        for (let i = 0; i < 1000; i++) {
          const name = `bulk-${String(i).padStart(4, '0')}`;
          const id = `AIPABULK${String(i).padStart(13, '0')}`;
          const data = { InstanceProfileName: name, InstanceProfileId: id, Path: '/', Arn: `arn:aws:iam::${account}:instance-profile/${name}`, CreateDate: new Date().toISOString(), Tags: [] };
          await tx.insert({ accountId: account, kind: 'instance-profile', parent: '', key: name, id, path: '/', createdAt: Date.now(), data });
        }
      });
      await rejects(iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'one-too-many' })), 'LimitExceededException', 409, 'Cannot exceed quota for InstanceProfilesPerAccount: 1000');
      await iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'bulk-0999' }));
      await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'one-too-many' }));
    });
  });
}
