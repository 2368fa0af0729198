/**
 * Managed policies through the real AWS SDK v3 client against a live server, on both storage backends:
 * customer managed policies and their versions, AWS managed policies as the API shows them, listings, tags,
 * ListEntitiesForPolicy, ListPoliciesGrantingServiceAccess, and enforcement of default versions.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateUserCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DetachGroupPolicyCommand,
  DetachUserPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  ListEntitiesForPolicyCommand,
  ListGroupsCommand,
  ListPoliciesCommand,
  ListPoliciesGrantingServiceAccessCommand,
  ListPolicyTagsCommand,
  ListPolicyVersionsCommand,
  ListUsersCommand,
  PutGroupPolicyCommand,
  PutUserPolicyCommand,
  SetDefaultPolicyVersionCommand,
  TagPolicyCommand,
  UntagPolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { backends, startLiveServer, type LiveServer } from '../support/live-server.js';
import { rejects } from '../support/aws-errors.js';

function doc(actions: string[], resource = '*'): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: resource }] });
}

async function seedRole(s: LiveServer, name: string, boundary?: string): Promise<string> {
  const accountId = s.account.accountId;
  const data = {
    RoleName: name,
    RoleId: s.runtime.iamDeps.ids.uniqueId('AROA'),
    Path: '/svc/',
    Arn: `arn:aws:iam::${accountId}:role/svc/${name}`,
    CreateDate: new Date().toISOString(),
    AssumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}',
    MaxSessionDuration: 3600,
    Tags: [],
    ...(boundary ? { PermissionsBoundary: boundary } : {}),
  };
  // Roles belong to another family's operations; seeded as CreateRole stores them.
  await s.runtime.store.transaction((tx) => tx.insert({ accountId, kind: 'role', parent: '', key: name.toLowerCase(), id: data.RoleId, path: '/svc/', createdAt: Date.now(), data }));
  return data.RoleId;
}

const AWS_S3_RO = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';

for (const { backend, skip } of backends()) {
  describe(`managed policies (${backend})`, { skip }, () => {
    let s: LiveServer;
    let iam: IAMClient;
    let account: string;
    before(async () => {
      s = await startLiveServer(backend);
      iam = s.iam();
      account = s.account.accountId;
    });
    after(() => s?.close());

    test('CreatePolicy and GetPolicy: ID, ARN with path, v1, counts, description, tags', async () => {
      const created = (
        await iam.send(
          new CreatePolicyCommand({ PolicyName: 'Readers', Path: '/team/', PolicyDocument: doc(['s3:GetObject']), Description: 'read things', Tags: [{ Key: 'team', Value: 'blue' }] }),
        )
      ).Policy;
      assert.equal(created?.PolicyName, 'Readers');
      assert.match(created?.PolicyId ?? '', /^ANPA[A-Z2-7]{17}$/);
      assert.equal(created?.Arn, `arn:aws:iam::${account}:policy/team/Readers`);
      assert.equal(created?.Path, '/team/');
      assert.equal(created?.DefaultVersionId, 'v1');
      assert.equal(created?.AttachmentCount, 0);
      assert.equal(created?.PermissionsBoundaryUsageCount, 0);
      assert.equal(created?.IsAttachable, true);
      assert.deepEqual(created?.Tags, [{ Key: 'team', Value: 'blue' }]);
      assert.ok(created?.CreateDate instanceof Date);

      const got = (await iam.send(new GetPolicyCommand({ PolicyArn: created?.Arn }))).Policy;
      assert.equal(got?.PolicyId, created?.PolicyId);
      assert.equal(got?.Description, 'read things');
      assert.deepEqual(got?.Tags, [{ Key: 'team', Value: 'blue' }]);
      assert.equal(got?.UpdateDate?.getTime(), got?.CreateDate?.getTime());
      const v1 = (await iam.send(new GetPolicyVersionCommand({ PolicyArn: created?.Arn, VersionId: 'v1' }))).PolicyVersion;
      assert.equal(decodeURIComponent(v1?.Document ?? ''), doc(['s3:GetObject']));
      assert.equal(v1?.IsDefaultVersion, true);
    });

    test('CreatePolicy errors: duplicate names regardless of case and path, bad documents, too large; nothing created', async () => {
      await rejects(
        iam.send(new CreatePolicyCommand({ PolicyName: 'READERS', PolicyDocument: doc(['s3:*']) })),
        'EntityAlreadyExistsException',
        409,
        /^A policy called READERS already exists\. Duplicate names are not allowed\.$/,
      );
      await rejects(iam.send(new CreatePolicyCommand({ PolicyName: 'Bad', PolicyDocument: '{"Statement":[]}' })), 'MalformedPolicyDocumentException', 400, /^Syntax errors in policy\.$/);
      await rejects(
        iam.send(new CreatePolicyCommand({ PolicyName: 'Bad', PolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*"}]}' })),
        'MalformedPolicyDocumentException',
        400,
        /^Policy statement must contain resources\.$/,
      );
      const big = doc(Array.from({ length: 500 }, (_, i) => `s3:Action${i}`));
      await rejects(iam.send(new CreatePolicyCommand({ PolicyName: 'Bad', PolicyDocument: big })), 'LimitExceededException', 409, /^Cannot exceed quota for PolicySize: 6144$/);
      await rejects(
        iam.send(new CreatePolicyCommand({ PolicyName: 'Bad', PolicyDocument: doc(['s3:*']), Tags: [{ Key: 'a', Value: '1' }, { Key: 'A', Value: '2' }] })),
        'InvalidInputException',
        400,
        /Duplicate tag keys found/,
      );
      const local = await iam.send(new ListPoliciesCommand({ Scope: 'Local' }));
      assert.deepEqual(local.Policies?.map((p) => p.PolicyName), ['Readers']);
    });

    test('versions: at most 5, IDs never reused, default protected, newest first, documents URL-encoded', async () => {
      const arn = `arn:aws:iam::${account}:policy/team/Readers`;
      for (let i = 2; i <= 5; i++) {
        const v = (await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc([`s3:Get${i}`]) }))).PolicyVersion;
        assert.equal(v?.VersionId, `v${i}`);
        assert.equal(v?.IsDefaultVersion, false);
        assert.equal(v?.Document, undefined);
      }
      await rejects(
        iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc(['s3:Get6']) })),
        'LimitExceededException',
        409,
        /^A managed policy can have up to 5 versions\. Before you create a new version, you must delete an existing version\.$/,
      );
      await rejects(iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' })), 'DeleteConflictException', 409, /^Cannot delete the default version of a policy\.$/);
      await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v5' }));
      const v6 = (await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc(['s3:Get6']), SetAsDefault: true }))).PolicyVersion;
      assert.equal(v6?.VersionId, 'v6');
      assert.equal(v6?.IsDefaultVersion, true);

      const listed = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }));
      assert.deepEqual(listed.Versions?.map((v) => [v.VersionId, v.IsDefaultVersion]), [['v6', true], ['v4', false], ['v3', false], ['v2', false], ['v1', false]]);
      assert.equal(listed.Versions?.[0]?.Document, undefined);
      const p1 = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn, MaxItems: 2 }));
      assert.deepEqual(p1.Versions?.map((v) => v.VersionId), ['v6', 'v4']);
      assert.equal(p1.IsTruncated, true);
      const p2 = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn, Marker: p1.Marker }));
      assert.deepEqual(p2.Versions?.map((v) => v.VersionId), ['v3', 'v2', 'v1']);

      const policy = (await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy;
      assert.equal(policy?.DefaultVersionId, 'v6');
      assert.ok((policy?.UpdateDate?.getTime() ?? 0) >= (policy?.CreateDate?.getTime() ?? 0));
      await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' }));
      assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.DefaultVersionId, 'v2');
      const v2 = (await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' }))).PolicyVersion;
      assert.equal(v2?.IsDefaultVersion, true);
      assert.equal(v2?.Document, encodeURIComponent(doc(['s3:Get2'])));

      await rejects(iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v5' })), 'NoSuchEntityException', 404, /version v5 does not exist/);
      await rejects(iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v9' })), 'NoSuchEntityException', 404, /version v9 does not exist/);
      await rejects(
        iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*"}}' })),
        'MalformedPolicyDocumentException',
        400,
        /^Policy statement must contain resources\.$/,
      );
      assert.equal((await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))).Versions?.length, 5);
      await rejects(iam.send(new GetPolicyCommand({ PolicyArn: `arn:aws:iam::${account}:policy/Readers` })), 'NoSuchEntityException', 404, new RegExp(`^Policy arn:aws:iam::${account}:policy/Readers was not found\\.$`));
      await rejects(iam.send(new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/NoSuchThing' })), 'NoSuchEntityException', 404, /^Policy arn:aws:iam::aws:policy\/NoSuchThing was not found\.$/);
      await rejects(iam.send(new GetPolicyCommand({ PolicyArn: 'not-an-arn-at-all-really' })), 'InvalidInputException', 400, /is not valid/);
    });

    test('DeletePolicy: refused while attached, used as a boundary, or with other versions', async () => {
      const arn = (await iam.send(new CreatePolicyCommand({ PolicyName: 'Temp', PolicyDocument: doc(['ec2:Describe*']) }))).Policy?.Arn ?? '';
      await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc(['ec2:DescribeInstances']) }));
      await iam.send(new CreateGroupCommand({ GroupName: 'TempGroup' }));
      await iam.send(new AttachGroupPolicyCommand({ GroupName: 'TempGroup', PolicyArn: arn }));
      assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.AttachmentCount, 1);
      await rejects(iam.send(new DeletePolicyCommand({ PolicyArn: arn })), 'DeleteConflictException', 409, /^Cannot delete a policy attached to entities\.$/);
      await iam.send(new DetachGroupPolicyCommand({ GroupName: 'TempGroup', PolicyArn: arn }));
      await rejects(
        iam.send(new DeletePolicyCommand({ PolicyArn: arn })),
        'DeleteConflictException',
        409,
        /^This policy has more than one version\. Before you delete a policy, you must delete the policy's versions\. The default version is deleted with the policy\.$/,
      );
      await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' }));
      await iam.send(new CreateUserCommand({ UserName: 'bounded', PermissionsBoundary: arn }));
      assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.PermissionsBoundaryUsageCount, 1);
      await rejects(iam.send(new DeletePolicyCommand({ PolicyArn: arn })), 'DeleteConflictException', 409, /^Cannot delete a policy attached to entities\.$/);
      const byBoundary = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, PolicyUsageFilter: 'PermissionsBoundary' }));
      assert.deepEqual(byBoundary.PolicyUsers?.map((u) => u.UserName), ['bounded']);
      assert.deepEqual(byBoundary.PolicyGroups, []);
      // Without another way to clear the boundary here, a fresh policy shows a successful delete.
      const gone = (await iam.send(new CreatePolicyCommand({ PolicyName: 'Gone', PolicyDocument: doc(['ec2:Describe*']) }))).Policy?.Arn ?? '';
      await iam.send(new DeletePolicyCommand({ PolicyArn: gone }));
      await rejects(iam.send(new GetPolicyCommand({ PolicyArn: gone })), 'NoSuchEntityException', 404, /was not found/);
      await rejects(iam.send(new GetPolicyVersionCommand({ PolicyArn: gone, VersionId: 'v1' })), 'NoSuchEntityException', 404);
      // The name is free again, with v1 again.
      const again = (await iam.send(new CreatePolicyCommand({ PolicyName: 'gone', PolicyDocument: doc(['ec2:*']) }))).Policy;
      assert.equal(again?.DefaultVersionId, 'v1');
      await rejects(iam.send(new DeletePolicyCommand({ PolicyArn: gone })), 'NoSuchEntityException', 404);
    });

    test('AWS managed policies: read like any policy (older versions too), never changed', async () => {
      const p = (await iam.send(new GetPolicyCommand({ PolicyArn: AWS_S3_RO }))).Policy;
      assert.equal(p?.PolicyName, 'AmazonS3ReadOnlyAccess');
      assert.equal(p?.Path, '/');
      assert.match(p?.PolicyId ?? '', /^ANPA/);
      assert.equal(p?.IsAttachable, true);
      assert.equal(p?.AttachmentCount, 0);
      const versions = (await iam.send(new ListPolicyVersionsCommand({ PolicyArn: AWS_S3_RO }))).Versions ?? [];
      assert.ok(versions.length >= 2);
      assert.equal(versions[0]?.VersionId, p?.DefaultVersionId);
      assert.equal(versions[0]?.IsDefaultVersion, true);
      const v1 = (await iam.send(new GetPolicyVersionCommand({ PolicyArn: AWS_S3_RO, VersionId: 'v1' }))).PolicyVersion;
      assert.equal(v1?.IsDefaultVersion, false);
      assert.equal(JSON.parse(decodeURIComponent(v1?.Document ?? '')).Version, '2012-10-17');
      const lambda = (await iam.send(new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' }))).Policy;
      assert.equal(lambda?.Path, '/service-role/');

      await rejects(iam.send(new CreatePolicyVersionCommand({ PolicyArn: AWS_S3_RO, PolicyDocument: doc(['*']), SetAsDefault: true })), 'AccessDenied', 403, /iam:CreatePolicyVersion on resource: policy arn:aws:iam::aws:policy\/AmazonS3ReadOnlyAccess/);
      await rejects(iam.send(new DeletePolicyCommand({ PolicyArn: AWS_S3_RO })), 'AccessDenied', 403);
      await rejects(iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: AWS_S3_RO, VersionId: 'v1' })), 'AccessDenied', 403);
      await rejects(iam.send(new DeletePolicyVersionCommand({ PolicyArn: AWS_S3_RO, VersionId: 'v1' })), 'AccessDenied', 403);
      await rejects(iam.send(new TagPolicyCommand({ PolicyArn: AWS_S3_RO, Tags: [{ Key: 'a', Value: 'b' }] })), 'InvalidInputException', 400, /^Tags not supported for policies in this domain$/);
      await rejects(iam.send(new ListPolicyTagsCommand({ PolicyArn: AWS_S3_RO })), 'InvalidInputException', 400);
      assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: AWS_S3_RO }))).Policy?.DefaultVersionId, p?.DefaultVersionId);
    });

    test('ListPolicies: scopes, OnlyAttached, usage filter, path prefix, paging', async () => {
      const aws = await iam.send(new ListPoliciesCommand({ Scope: 'AWS', OnlyAttached: true }));
      const admin = aws.Policies?.find((x) => x.PolicyName === 'AdministratorAccess');
      assert.equal(admin?.Arn, 'arn:aws:iam::aws:policy/AdministratorAccess');
      assert.equal(admin?.AttachmentCount, 1);
      assert.ok(aws.Policies?.every((x) => x.Arn?.startsWith('arn:aws:iam::aws:policy/') && (x.AttachmentCount ?? 0) > 0));

      const all = await iam.send(new ListPoliciesCommand({ MaxItems: 1000 }));
      assert.equal(all.Policies?.length, 1000);
      assert.equal(all.IsTruncated, true);
      assert.equal(all.Policies?.[0]?.Tags, undefined);
      const names = all.Policies?.map((x) => x.PolicyName ?? '') ?? [];
      assert.deepEqual([...names].sort(), names);
      let marker = all.Marker;
      let total = names.length;
      while (marker) {
        const next = await iam.send(new ListPoliciesCommand({ MaxItems: 1000, Marker: marker }));
        total += next.Policies?.length ?? 0;
        marker = next.IsTruncated ? next.Marker : undefined;
      }
      const local = (await iam.send(new ListPoliciesCommand({ Scope: 'Local' }))).Policies ?? [];
      const awsAll = await iam.send(new ListPoliciesCommand({ Scope: 'AWS', MaxItems: 1000 }));
      assert.ok(awsAll.IsTruncated);
      assert.ok(total > 1500 && local.length > 0);
      assert.equal(local.find((x) => x.PolicyName === 'Readers')?.Description, undefined);

      const team = await iam.send(new ListPoliciesCommand({ Scope: 'Local', PathPrefix: '/team/' }));
      assert.deepEqual(team.Policies?.map((x) => x.PolicyName), ['Readers']);
      const service = await iam.send(new ListPoliciesCommand({ Scope: 'AWS', PathPrefix: '/service-role/', MaxItems: 1000 }));
      assert.ok(service.Policies?.every((x) => x.Path?.startsWith('/service-role/')));
      assert.ok(service.Policies?.some((x) => x.PolicyName === 'AWSLambdaBasicExecutionRole'));

      const boundaries = await iam.send(new ListPoliciesCommand({ Scope: 'Local', OnlyAttached: true, PolicyUsageFilter: 'PermissionsBoundary' }));
      assert.deepEqual(boundaries.Policies?.map((x) => x.PolicyName), ['Temp']);
      assert.equal(boundaries.Policies?.[0]?.PermissionsBoundaryUsageCount, 1);
      const attachedLocal = await iam.send(new ListPoliciesCommand({ Scope: 'Local', OnlyAttached: true, PolicyUsageFilter: 'PermissionsPolicy' }));
      assert.deepEqual(attachedLocal.Policies, []);
    });

    test('ListEntitiesForPolicy: users, groups, roles with names and IDs; filters and paging', async () => {
      const arn = (await iam.send(new CreatePolicyCommand({ PolicyName: 'Shared', PolicyDocument: doc(['sqs:*']) }))).Policy?.Arn ?? '';
      await iam.send(new CreateUserCommand({ UserName: 'u-one', Path: '/ops/' }));
      await iam.send(new CreateUserCommand({ UserName: 'u-two' }));
      await iam.send(new CreateGroupCommand({ GroupName: 'g-one' }));
      const userId = (await iam.send(new ListUsersCommand({ PathPrefix: '/ops/' }))).Users?.[0]?.UserId;
      const groupId = (await iam.send(new ListGroupsCommand({}))).Groups?.find((g) => g.GroupName === 'g-one')?.GroupId;
      await iam.send(new AttachUserPolicyCommand({ UserName: 'u-one', PolicyArn: arn }));
      await iam.send(new AttachUserPolicyCommand({ UserName: 'u-two', PolicyArn: arn }));
      await iam.send(new AttachGroupPolicyCommand({ GroupName: 'g-one', PolicyArn: arn }));
      const roleId = await seedRole(s, 'r-one', arn);

      const all = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn }));
      assert.deepEqual(all.PolicyGroups, [{ GroupName: 'g-one', GroupId: groupId }]);
      assert.deepEqual(all.PolicyUsers?.map((u) => u.UserName), ['u-one', 'u-two']);
      assert.equal(all.PolicyUsers?.[0]?.UserId, userId);
      assert.deepEqual(all.PolicyRoles, [{ RoleName: 'r-one', RoleId: roleId }]);
      assert.equal(all.IsTruncated, false);
      assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.AttachmentCount, 3);

      const users = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, EntityFilter: 'User' }));
      assert.deepEqual([users.PolicyGroups, users.PolicyRoles], [[], []]);
      assert.equal(users.PolicyUsers?.length, 2);
      const ops = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, PathPrefix: '/ops/' }));
      assert.deepEqual(ops.PolicyUsers?.map((u) => u.UserName), ['u-one']);
      assert.deepEqual(ops.PolicyGroups, []);
      const asPolicy = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, PolicyUsageFilter: 'PermissionsPolicy' }));
      assert.deepEqual(asPolicy.PolicyRoles, []);
      const asBoundary = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, PolicyUsageFilter: 'PermissionsBoundary' }));
      assert.deepEqual(asBoundary.PolicyRoles?.map((r) => r.RoleName), ['r-one']);
      assert.deepEqual(asBoundary.PolicyUsers, []);
      const awsOnly = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, EntityFilter: 'AWSManagedPolicy' }));
      assert.deepEqual([awsOnly.PolicyUsers, awsOnly.PolicyGroups, awsOnly.PolicyRoles], [[], [], []]);

      const p1 = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, MaxItems: 2 }));
      assert.equal(p1.IsTruncated, true);
      const p2 = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, MaxItems: 2, Marker: p1.Marker }));
      assert.equal(p2.IsTruncated, false);
      const seen = [p1, p2].flatMap((p) => [...(p.PolicyGroups ?? []).map((g) => g.GroupName), ...(p.PolicyUsers ?? []).map((u) => u.UserName), ...(p.PolicyRoles ?? []).map((r) => r.RoleName)]);
      assert.deepEqual(seen.sort(), ['g-one', 'r-one', 'u-one', 'u-two']);

      const admins = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
      assert.deepEqual(admins.PolicyGroups?.map((g) => g.GroupName), ['Administrators']);
      await rejects(iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: `arn:aws:iam::${account}:policy/Nope` })), 'NoSuchEntityException', 404);
      await iam.send(new DetachUserPolicyCommand({ UserName: 'u-two', PolicyArn: arn }));
      assert.equal((await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, EntityFilter: 'User' }))).PolicyUsers?.length, 1);
    });

    test('policy tags: tag, replace regardless of case, untag, list with paging; aws:ResourceTag enforced', async () => {
      const arn = (await iam.send(new CreatePolicyCommand({ PolicyName: 'Tagged', PolicyDocument: doc(['sns:*']) }))).Policy?.Arn ?? '';
      await iam.send(new TagPolicyCommand({ PolicyArn: arn, Tags: [{ Key: 'env', Value: 'dev' }, { Key: 'owner', Value: 'me' }] }));
      await iam.send(new TagPolicyCommand({ PolicyArn: arn, Tags: [{ Key: 'ENV', Value: 'prod' }] }));
      const tags = (await iam.send(new ListPolicyTagsCommand({ PolicyArn: arn }))).Tags;
      assert.deepEqual(tags, [{ Key: 'owner', Value: 'me' }, { Key: 'ENV', Value: 'prod' }]);
      const p1 = await iam.send(new ListPolicyTagsCommand({ PolicyArn: arn, MaxItems: 1 }));
      assert.equal(p1.IsTruncated, true);
      assert.deepEqual((await iam.send(new ListPolicyTagsCommand({ PolicyArn: arn, Marker: p1.Marker }))).Tags, [{ Key: 'ENV', Value: 'prod' }]);
      await iam.send(new UntagPolicyCommand({ PolicyArn: arn, TagKeys: ['owner'] }));
      assert.deepEqual((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.Tags, [{ Key: 'ENV', Value: 'prod' }]);
      await rejects(iam.send(new TagPolicyCommand({ PolicyArn: `arn:aws:iam::${account}:policy/Nope`, Tags: [{ Key: 'a', Value: 'b' }] })), 'NoSuchEntityException', 404);
      const many = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
      await rejects(iam.send(new TagPolicyCommand({ PolicyArn: arn, Tags: many })), 'LimitExceededException', 409, /maximum limit/);

      await iam.send(new CreateUserCommand({ UserName: 'tagreader' }));
      const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'tagreader' }))).AccessKey;
      await iam.send(
        new PutUserPolicyCommand({
          UserName: 'tagreader',
          PolicyName: 'prod-only',
          PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetPolicy', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/ENV': 'prod' } } }] }),
        }),
      );
      const reader = s.iam({ accessKeyId: key?.AccessKeyId ?? '', secretAccessKey: key?.SecretAccessKey ?? '' });
      assert.equal((await reader.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.PolicyName, 'Tagged');
      await rejects(reader.send(new GetPolicyCommand({ PolicyArn: `arn:aws:iam::${account}:policy/Shared` })), 'AccessDenied', 403, /iam:GetPolicy/);
    });

    test('enforcement: a new default version takes effect on the next call, and switching back restores it', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'versioned' }));
      const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'versioned' }))).AccessKey;
      const user = s.iam({ accessKeyId: key?.AccessKeyId ?? '', secretAccessKey: key?.SecretAccessKey ?? '' });
      const arn = (await iam.send(new CreatePolicyCommand({ PolicyName: 'Lister', PolicyDocument: doc(['iam:ListUsers', 'iam:ListGroups']) }))).Policy?.Arn ?? '';
      await iam.send(new AttachUserPolicyCommand({ UserName: 'versioned', PolicyArn: arn }));
      assert.ok((await user.send(new ListUsersCommand({}))).Users?.length);

      await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc(['iam:ListGroups']) }));
      // Not yet the default: nothing changes.
      assert.ok((await user.send(new ListUsersCommand({}))).Users?.length);
      await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' }));
      await rejects(user.send(new ListUsersCommand({})), 'AccessDenied', 403, /because no identity-based policy allows the iam:ListUsers action/);
      assert.ok((await user.send(new ListGroupsCommand({}))).Groups);
      await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
      assert.ok((await user.send(new ListUsersCommand({}))).Users?.length);
      await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc(['iam:ListGroups']), SetAsDefault: true }));
      await rejects(user.send(new ListUsersCommand({})), 'AccessDenied', 403);

      // CreatePolicyVersion is authorized against the policy's ARN.
      await iam.send(new PutUserPolicyCommand({ UserName: 'versioned', PolicyName: 'own-policy', PolicyDocument: doc(['iam:CreatePolicyVersion'], arn) }));
      await user.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc(['iam:ListUsers']) }));
      await rejects(
        user.send(new CreatePolicyVersionCommand({ PolicyArn: `arn:aws:iam::${account}:policy/Shared`, PolicyDocument: doc(['*']) })),
        'AccessDenied',
        403,
        new RegExp(`iam:CreatePolicyVersion on resource: policy arn:aws:iam::${account}:policy/Shared`),
      );
    });

    test('ListPoliciesGrantingServiceAccess: inline and managed, the user’s and its groups’', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'granted', Path: '/g/' }));
      await iam.send(new PutUserPolicyCommand({ UserName: 'granted', PolicyName: 'queues', PolicyDocument: doc(['sqs:SendMessage']) }));
      await iam.send(
        new PutUserPolicyCommand({
          UserName: 'granted',
          PolicyName: 'deny-s3',
          PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:*', Resource: '*' }] }),
        }),
      );
      await iam.send(new AttachUserPolicyCommand({ UserName: 'granted', PolicyArn: AWS_S3_RO }));
      await iam.send(new CreateGroupCommand({ GroupName: 'Everything-but-iam' }));
      await iam.send(
        new PutGroupPolicyCommand({
          GroupName: 'Everything-but-iam',
          PolicyName: 'not-iam',
          PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }] }),
        }),
      );
      await iam.send(new AddUserToGroupCommand({ GroupName: 'Everything-but-iam', UserName: 'granted' }));

      const out = await iam.send(new ListPoliciesGrantingServiceAccessCommand({ Arn: `arn:aws:iam::${account}:user/g/granted`, ServiceNamespaces: ['s3', 'sqs', 'iam'] }));
      assert.equal(out.IsTruncated, false);
      const by = Object.fromEntries((out.PoliciesGrantingServiceAccess ?? []).map((e) => [e.ServiceNamespace, e.Policies]));
      assert.deepEqual(by.s3, [
        { PolicyName: 'AmazonS3ReadOnlyAccess', PolicyType: 'MANAGED', PolicyArn: AWS_S3_RO },
        { PolicyName: 'not-iam', PolicyType: 'INLINE', EntityType: 'GROUP', EntityName: 'Everything-but-iam' },
      ]);
      assert.deepEqual(by.sqs, [
        { PolicyName: 'queues', PolicyType: 'INLINE', EntityType: 'USER', EntityName: 'granted' },
        { PolicyName: 'not-iam', PolicyType: 'INLINE', EntityType: 'GROUP', EntityName: 'Everything-but-iam' },
      ]);
      assert.deepEqual(by.iam, []);
      await rejects(
        iam.send(new ListPoliciesGrantingServiceAccessCommand({ Arn: `arn:aws:iam::${account}:user/granted`, ServiceNamespaces: ['s3'] })),
        'NoSuchEntityException',
        404,
      );
      await rejects(iam.send(new ListPoliciesGrantingServiceAccessCommand({ Arn: 'arn:aws:s3:::bucket-name', ServiceNamespaces: ['s3'] })), 'InvalidInputException', 400);
    });
  });
}
