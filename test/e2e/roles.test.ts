/**
 * Roles, service-linked roles and permissions boundaries through the real AWS SDK v3 client against a live
 * server, on both storage backends; and enforcement of boundaries, resource ARNs and condition keys.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  CreateUserCommand,
  DeleteInstanceProfileCommand,
  DeleteRoleCommand,
  DeleteRolePermissionsBoundaryCommand,
  DeleteServiceLinkedRoleCommand,
  DeleteUserPermissionsBoundaryCommand,
  DetachRolePolicyCommand,
  AddRoleToInstanceProfileCommand,
  RemoveRoleFromInstanceProfileCommand,
  GetRoleCommand,
  GetServiceLinkedRoleDeletionStatusCommand,
  GetUserCommand,
  ListAttachedRolePoliciesCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  PutRolePermissionsBoundaryCommand,
  PutUserPermissionsBoundaryCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
  UpdateRoleDescriptionCommand,
  AttachUserPolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { backends, startLiveServer, type Credentials, type LiveServer } from '../support/live-server.js';
import { rejects } from '../support/aws-errors.js';

const trust = (principal: Record<string, unknown> = { Service: 'ec2.amazonaws.com' }): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] });

/** IAM sends policy documents URL-encoded, and the SDK hands them back as they came. */
const decoded = (doc: string | undefined): unknown => JSON.parse(decodeURIComponent(doc ?? ''));

/** A user with an access key and no permissions, as a client. */
async function newUser(s: LiveServer, iam: IAMClient, name: string): Promise<{ client: IAMClient; creds: Credentials }> {
  await iam.send(new CreateUserCommand({ UserName: name }));
  const k = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey;
  const creds = { accessKeyId: k?.AccessKeyId ?? '', secretAccessKey: k?.SecretAccessKey ?? '' };
  return { client: s.iam(creds), creds };
}

/**
 * Gives a user an inline policy by writing the record PutUserPolicy would write (that operation belongs to
 * another family); done before the user's first call, so no cached policy set is stale.
 */
async function giveInlinePolicy(s: LiveServer, userName: string, policyName: string, document: object): Promise<void> {
  await s.runtime.store.transaction(async (tx) => {
    await tx.insert({
      accountId: s.account.accountId,
      kind: 'inline-policy',
      parent: `user:${userName.toLowerCase()}`,
      key: policyName.toLowerCase(),
      createdAt: Date.now(),
      data: { PolicyName: policyName, PolicyDocument: JSON.stringify(document) },
    });
  });
}

for (const { backend, skip } of backends()) {
  describe(`roles (${backend})`, { skip }, () => {
    let s: LiveServer;
    let iam: IAMClient;
    let account: string;
    before(async () => {
      s = await startLiveServer(backend);
      iam = s.iam();
      account = s.account.accountId;
    });
    after(() => s?.close());

    test('a role with a trust policy round-trips; each answer has the members AWS gives it', async () => {
      const document = trust({ AWS: `arn:aws:iam::${account}:root` });
      const created = await iam.send(
        new CreateRoleCommand({ RoleName: 'deployer', Path: '/ci/', AssumeRolePolicyDocument: document, Description: 'CI deploys', MaxSessionDuration: 7200, Tags: [{ Key: 'team', Value: 'blue' }] }),
      );
      const role = created.Role;
      assert.equal(role?.Arn, `arn:aws:iam::${account}:role/ci/deployer`);
      assert.equal(role?.Path, '/ci/');
      assert.match(role?.RoleId ?? '', /^AROA[A-Z2-7]{17}$/);
      assert.ok(role?.CreateDate instanceof Date);
      assert.deepEqual(decoded(role?.AssumeRolePolicyDocument), JSON.parse(document));
      assert.deepEqual(role?.Tags, [{ Key: 'team', Value: 'blue' }]);
      // CreateRole leaves these out even when they were given.
      assert.equal(role?.Description, undefined);
      assert.equal(role?.MaxSessionDuration, undefined);
      assert.equal(role?.RoleLastUsed, undefined);

      const got = (await iam.send(new GetRoleCommand({ RoleName: 'DEPLOYER' }))).Role;
      assert.equal(got?.RoleName, 'deployer');
      assert.equal(got?.RoleId, role?.RoleId);
      assert.equal(got?.Description, 'CI deploys');
      assert.equal(got?.MaxSessionDuration, 7200);
      assert.deepEqual(got?.RoleLastUsed, {});
      assert.deepEqual(got?.Tags, [{ Key: 'team', Value: 'blue' }]);
      assert.deepEqual(decoded(got?.AssumeRolePolicyDocument), JSON.parse(document));

      const listed = (await iam.send(new ListRolesCommand({ PathPrefix: '/ci/' }))).Roles ?? [];
      assert.deepEqual(listed.map((r) => r.RoleName), ['deployer']);
      assert.equal(listed[0]?.Description, 'CI deploys');
      assert.equal(listed[0]?.MaxSessionDuration, 7200);
      // ListRoles never carries tags, boundaries or last use.
      assert.equal(listed[0]?.Tags, undefined);
      assert.equal(listed[0]?.RoleLastUsed, undefined);
    });

    test('MaxSessionDuration defaults to 3600; ListRoles pages and filters by path prefix', async () => {
      for (const n of ['r-a', 'r-b', 'r-c']) await iam.send(new CreateRoleCommand({ RoleName: n, Path: '/paged/', AssumeRolePolicyDocument: trust() }));
      assert.equal((await iam.send(new GetRoleCommand({ RoleName: 'r-a' }))).Role?.MaxSessionDuration, 3600);
      const p1 = await iam.send(new ListRolesCommand({ PathPrefix: '/paged/', MaxItems: 2 }));
      assert.equal(p1.IsTruncated, true);
      assert.deepEqual(p1.Roles?.map((r) => r.RoleName), ['r-a', 'r-b']);
      const p2 = await iam.send(new ListRolesCommand({ PathPrefix: '/paged/', MaxItems: 2, Marker: p1.Marker }));
      assert.equal(p2.IsTruncated, false);
      assert.equal(p2.Marker, undefined);
      assert.deepEqual(p2.Roles?.map((r) => r.RoleName), ['r-c']);
      assert.deepEqual((await iam.send(new ListRolesCommand({ PathPrefix: '/nothing-here/' }))).Roles, []);
    });

    test('a malformed trust policy is refused with IAM’s message and nothing is created', async () => {
      const cases: [string, string, string, number][] = [
        ['{"Version":"2012-10-17","Statement":[', 'MalformedPolicyDocumentException', 'This policy contains invalid Json', 400],
        [JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 's3:GetObject' }] }), 'MalformedPolicyDocumentException', 'AssumeRole policy may only specify STS AssumeRole actions.', 400],
        [JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole', Resource: '*' }] }), 'MalformedPolicyDocumentException', 'Has prohibited field Resource', 400],
        [JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] }), 'MalformedPolicyDocumentException', 'Missing required field Principal', 400],
        [trust({ AWS: Array.from({ length: 60 }, (_, i) => `arn:aws:iam::1234567890${String(i).padStart(2, '0')}:root`) }), 'LimitExceededException', 'Cannot exceed quota for ACLSizePerRole: 2048', 409],
      ];
      for (const [document, name, message, status] of cases) {
        await rejects(iam.send(new CreateRoleCommand({ RoleName: 'broken', AssumeRolePolicyDocument: document })), name, status, message);
      }
      await rejects(iam.send(new GetRoleCommand({ RoleName: 'broken' })), 'NoSuchEntityException', 404, 'The role with name broken cannot be found.');
    });

    test('bad input of every kind gets AWS’s error and changes nothing', async () => {
      await iam.send(new CreateRoleCommand({ RoleName: 'Unique', AssumeRolePolicyDocument: trust() }));
      await rejects(iam.send(new CreateRoleCommand({ RoleName: 'UNIQUE', AssumeRolePolicyDocument: trust() })), 'EntityAlreadyExistsException', 409, 'Role with name UNIQUE already exists.');
      await rejects(
        iam.send(new CreateRoleCommand({ RoleName: 'sneaky', Path: '/aws-service-role/ecs.amazonaws.com/', AssumeRolePolicyDocument: trust() })),
        'InvalidInputException',
        400,
        "Path prefix '/aws-service-role/' can only be used for AWS Service linked Roles",
      );
      await rejects(iam.send(new CreateRoleCommand({ RoleName: 'short', AssumeRolePolicyDocument: trust(), MaxSessionDuration: 600 })), 'ValidationError', 400, /Member must have value greater than or equal to 3600/);
      await rejects(iam.send(new CreateRoleCommand({ RoleName: 'long', AssumeRolePolicyDocument: trust(), MaxSessionDuration: 43201 })), 'ValidationError', 400, /Member must have value less than or equal to 43200/);
      await rejects(
        iam.send(new CreateRoleCommand({ RoleName: 'nobound', AssumeRolePolicyDocument: trust(), PermissionsBoundary: `arn:aws:iam::${account}:policy/missing` })),
        'NoSuchEntityException',
        404,
        `Scope ARN: arn:aws:iam::${account}:policy/missing does not exist or is not attachable.`,
      );
      await rejects(
        iam.send(new CreateRoleCommand({ RoleName: 'badbound', AssumeRolePolicyDocument: trust(), PermissionsBoundary: `arn:aws:iam::${account}:not_a_policy/x` })),
        'InvalidInputException',
        400,
        `ARN arn:aws:iam::${account}:not_a_policy/x is not valid.`,
      );
      await rejects(
        iam.send(new CreateRoleCommand({ RoleName: 'dup-tags', AssumeRolePolicyDocument: trust(), Tags: [{ Key: 'a', Value: '1' }, { Key: 'A', Value: '2' }] })),
        'InvalidInputException',
        400,
        'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
      );
      const names = ((await iam.send(new ListRolesCommand({}))).Roles ?? []).map((r) => r.RoleName);
      for (const n of ['UNIQUE', 'sneaky', 'short', 'long', 'nobound', 'badbound', 'dup-tags']) assert.ok(!names.includes(n), n);
      await rejects(iam.send(new UpdateRoleCommand({ RoleName: 'ghost', Description: 'x' })), 'NoSuchEntityException', 404, 'The role with name ghost cannot be found.');
      await rejects(iam.send(new DeleteRoleCommand({ RoleName: 'ghost' })), 'NoSuchEntityException', 404, 'The role with name ghost cannot be found.');
    });

    test('UpdateRole, UpdateRoleDescription and UpdateAssumeRolePolicy', async () => {
      await iam.send(new CreateRoleCommand({ RoleName: 'editable', AssumeRolePolicyDocument: trust(), Description: 'first' }));
      await iam.send(new UpdateRoleCommand({ RoleName: 'editable', Description: 'second', MaxSessionDuration: 43200 }));
      let got = (await iam.send(new GetRoleCommand({ RoleName: 'editable' }))).Role;
      assert.equal(got?.Description, 'second');
      assert.equal(got?.MaxSessionDuration, 43200);
      // Members left out are left alone.
      await iam.send(new UpdateRoleCommand({ RoleName: 'editable' }));
      got = (await iam.send(new GetRoleCommand({ RoleName: 'editable' }))).Role;
      assert.equal(got?.Description, 'second');
      assert.equal(got?.MaxSessionDuration, 43200);

      const described = (await iam.send(new UpdateRoleDescriptionCommand({ RoleName: 'editable', Description: 'third' }))).Role;
      assert.equal(described?.Description, 'third');
      assert.equal(described?.MaxSessionDuration, undefined);
      assert.equal(described?.RoleLastUsed, undefined);

      const next = trust({ Service: ['lambda.amazonaws.com', 'ecs-tasks.amazonaws.com'] });
      await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'editable', PolicyDocument: next }));
      assert.deepEqual(decoded((await iam.send(new GetRoleCommand({ RoleName: 'editable' }))).Role?.AssumeRolePolicyDocument), JSON.parse(next));
      await rejects(iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'editable', PolicyDocument: '{nope' })), 'MalformedPolicyDocumentException', 400, 'This policy contains invalid Json');
      await rejects(
        iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'editable', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'iam:*' }] }) })),
        'MalformedPolicyDocumentException',
        400,
        'AssumeRole policy may only specify STS AssumeRole actions.',
      );
      assert.deepEqual(decoded((await iam.send(new GetRoleCommand({ RoleName: 'editable' }))).Role?.AssumeRolePolicyDocument), JSON.parse(next));
      await rejects(iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'ghost', PolicyDocument: trust() })), 'NoSuchEntityException', 404, 'The role with name ghost cannot be found.');
    });

    test('role tags: add, replace regardless of case, remove, page, quota', async () => {
      await iam.send(new CreateRoleCommand({ RoleName: 'tagged', AssumeRolePolicyDocument: trust() }));
      await iam.send(new TagRoleCommand({ RoleName: 'tagged', Tags: [{ Key: 'env', Value: 'dev' }, { Key: 'owner', Value: 'ann' }] }));
      await iam.send(new TagRoleCommand({ RoleName: 'tagged', Tags: [{ Key: 'ENV', Value: 'prod' }] }));
      const all = await iam.send(new ListRoleTagsCommand({ RoleName: 'tagged' }));
      assert.deepEqual(all.Tags, [{ Key: 'owner', Value: 'ann' }, { Key: 'ENV', Value: 'prod' }]);
      assert.equal(all.IsTruncated, false);
      const p1 = await iam.send(new ListRoleTagsCommand({ RoleName: 'tagged', MaxItems: 1 }));
      assert.equal(p1.IsTruncated, true);
      const p2 = await iam.send(new ListRoleTagsCommand({ RoleName: 'tagged', MaxItems: 1, Marker: p1.Marker }));
      assert.deepEqual([...(p1.Tags ?? []), ...(p2.Tags ?? [])], all.Tags);
      await iam.send(new UntagRoleCommand({ RoleName: 'tagged', TagKeys: ['owner'] }));
      assert.deepEqual((await iam.send(new ListRoleTagsCommand({ RoleName: 'tagged' }))).Tags, [{ Key: 'ENV', Value: 'prod' }]);
      const many = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
      await rejects(iam.send(new TagRoleCommand({ RoleName: 'tagged', Tags: many })), 'LimitExceededException', 409, 'The number of tags has reached the maximum limit.');
      assert.equal((await iam.send(new ListRoleTagsCommand({ RoleName: 'tagged' }))).Tags?.length, 1);
      await rejects(iam.send(new TagRoleCommand({ RoleName: 'ghost', Tags: [{ Key: 'a', Value: 'b' }] })), 'NoSuchEntityException', 404, 'The role with name ghost cannot be found.');
      await rejects(iam.send(new ListRoleTagsCommand({ RoleName: 'ghost' })), 'NoSuchEntityException', 404, 'The role with name ghost cannot be found.');
    });

    test('DeleteRole refuses while policies or instance profiles hold the role', async () => {
      await iam.send(new CreateRoleCommand({ RoleName: 'held', AssumeRolePolicyDocument: trust() }));
      await iam.send(new AttachRolePolicyCommand({ RoleName: 'held', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
      await rejects(iam.send(new DeleteRoleCommand({ RoleName: 'held' })), 'DeleteConflictException', 409, 'Cannot delete entity, must detach all policies first.');
      await iam.send(new DetachRolePolicyCommand({ RoleName: 'held', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));

      // An inline policy, as PutRolePolicy (another family's operation) stores it.
      await s.runtime.store.transaction((tx) =>
        tx.insert({ accountId: account, kind: 'inline-policy', parent: 'role:held', key: 'inline', createdAt: Date.now(), data: { PolicyName: 'inline', PolicyDocument: '{}' } }),
      );
      await rejects(iam.send(new DeleteRoleCommand({ RoleName: 'held' })), 'DeleteConflictException', 409, 'Cannot delete entity, must delete policies first.');
      await s.runtime.store.transaction((tx) => tx.delete(account, 'inline-policy', 'role:held', 'inline'));

      await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'holder' }));
      await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'holder', RoleName: 'held' }));
      await rejects(iam.send(new DeleteRoleCommand({ RoleName: 'held' })), 'DeleteConflictException', 409, 'Cannot delete entity, must remove roles from instance profile first.');
      await iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'holder', RoleName: 'held' }));
      await iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'holder' }));

      await iam.send(new DeleteRoleCommand({ RoleName: 'HELD' }));
      await rejects(iam.send(new GetRoleCommand({ RoleName: 'held' })), 'NoSuchEntityException', 404);
      // The name is free again, and a new role gets a new ID.
      await iam.send(new CreateRoleCommand({ RoleName: 'held', AssumeRolePolicyDocument: trust() }));
    });

    test('role permissions boundaries: set at creation, put, shown by GetRole, deleted', async () => {
      const boundary = 'arn:aws:iam::aws:policy/PowerUserAccess';
      const created = (await iam.send(new CreateRoleCommand({ RoleName: 'bounded', AssumeRolePolicyDocument: trust(), PermissionsBoundary: boundary }))).Role;
      assert.deepEqual(created?.PermissionsBoundary, { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: boundary });
      assert.deepEqual((await iam.send(new GetRoleCommand({ RoleName: 'bounded' }))).Role?.PermissionsBoundary, { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: boundary });
      const listed = ((await iam.send(new ListRolesCommand({}))).Roles ?? []).find((r) => r.RoleName === 'bounded');
      assert.equal(listed?.PermissionsBoundary, undefined);

      await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'bounded', PermissionsBoundary: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
      assert.equal((await iam.send(new GetRoleCommand({ RoleName: 'bounded' }))).Role?.PermissionsBoundary?.PermissionsBoundaryArn, 'arn:aws:iam::aws:policy/ReadOnlyAccess');
      await rejects(
        iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'bounded', PermissionsBoundary: 'arn:aws:iam::aws:policy/NoSuchPolicy' })),
        'NoSuchEntityException',
        404,
        'Scope ARN: arn:aws:iam::aws:policy/NoSuchPolicy does not exist or is not attachable.',
      );
      await rejects(iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'ghost', PermissionsBoundary: boundary })), 'NoSuchEntityException', 404, 'The role with name ghost cannot be found.');
      assert.equal((await iam.send(new GetRoleCommand({ RoleName: 'bounded' }))).Role?.PermissionsBoundary?.PermissionsBoundaryArn, 'arn:aws:iam::aws:policy/ReadOnlyAccess');

      await iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'bounded' }));
      assert.equal((await iam.send(new GetRoleCommand({ RoleName: 'bounded' }))).Role?.PermissionsBoundary, undefined);
      // Deleting a boundary the role no longer has succeeds.
      await iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'bounded' }));
      await rejects(iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'ghost' })), 'NoSuchEntityException', 404, 'The role with name ghost cannot be found.');
    });

    test('user permissions boundaries: put, shown by GetUser, deleted', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'bounded-user' }));
      await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'bounded-user', PermissionsBoundary: 'arn:aws:iam::aws:policy/AmazonS3FullAccess' }));
      assert.deepEqual((await iam.send(new GetUserCommand({ UserName: 'bounded-user' }))).User?.PermissionsBoundary, {
        PermissionsBoundaryType: 'Policy',
        PermissionsBoundaryArn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess',
      });
      await rejects(
        iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'bounded-user', PermissionsBoundary: `arn:aws:iam::${account}:policy/nope` })),
        'NoSuchEntityException',
        404,
        `Scope ARN: arn:aws:iam::${account}:policy/nope does not exist or is not attachable.`,
      );
      await rejects(iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'nobody', PermissionsBoundary: 'arn:aws:iam::aws:policy/AmazonS3FullAccess' })), 'NoSuchEntityException', 404, 'The user with name nobody cannot be found.');
      await iam.send(new DeleteUserPermissionsBoundaryCommand({ UserName: 'bounded-user' }));
      assert.equal((await iam.send(new GetUserCommand({ UserName: 'bounded-user' }))).User?.PermissionsBoundary, undefined);
      await rejects(iam.send(new DeleteUserPermissionsBoundaryCommand({ UserName: 'nobody' })), 'NoSuchEntityException', 404, 'The user with name nobody cannot be found.');
    });

    test('service-linked roles: AWS’s names and paths, the service trusted, protected from ordinary role calls', async () => {
      const created = (await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'elasticbeanstalk.amazonaws.com' }))).Role;
      assert.equal(created?.RoleName, 'AWSServiceRoleForElasticBeanstalk');
      assert.equal(created?.Path, '/aws-service-role/elasticbeanstalk.amazonaws.com/');
      assert.equal(created?.Arn, `arn:aws:iam::${account}:role/aws-service-role/elasticbeanstalk.amazonaws.com/AWSServiceRoleForElasticBeanstalk`);
      assert.match(created?.RoleId ?? '', /^AROA[A-Z2-7]{17}$/);
      assert.deepEqual(decoded(created?.AssumeRolePolicyDocument), {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: ['elasticbeanstalk.amazonaws.com'] }, Action: ['sts:AssumeRole'] }],
      });
      const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'AWSServiceRoleForElasticBeanstalk' }));
      assert.deepEqual(attached.AttachedPolicies?.map((p) => p.PolicyArn), ['arn:aws:iam::aws:policy/aws-service-role/AWSElasticBeanstalkServiceRolePolicy']);

      for (const [service, name] of [
        ['autoscaling.amazonaws.com', 'AWSServiceRoleForAutoScaling'],
        ['ecs.amazonaws.com', 'AWSServiceRoleForECS'],
        ['rds.amazonaws.com', 'AWSServiceRoleForRDS'],
        ['spot.amazonaws.com', 'AWSServiceRoleForEC2Spot'],
        ['es.amazonaws.com', 'AWSServiceRoleForAmazonElasticsearchService'],
        ['dynamodb.application-autoscaling.amazonaws.com', 'AWSServiceRoleForApplicationAutoScaling_DynamoDBTable'],
      ]) {
        assert.equal((await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: service }))).Role?.RoleName, name);
      }
      await rejects(
        iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' })),
        'InvalidInputException',
        400,
        'Service role name AWSServiceRoleForECS has been taken in this account, please try a different suffix.',
      );
      await rejects(iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'es.amazonaws.com', CustomSuffix: 'two' })), 'InvalidInputException', 400, 'Custom suffix is not allowed for es.amazonaws.com');
      const suffixed = (await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'autoscaling.amazonaws.com', CustomSuffix: 'fleet', Description: 'ASG fleet' }))).Role;
      assert.equal(suffixed?.RoleName, 'AWSServiceRoleForAutoScaling_fleet');
      assert.equal((await iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForAutoScaling_fleet' }))).Role?.Description, 'ASG fleet');

      const name = 'AWSServiceRoleForElasticBeanstalk';
      const refused = `Cannot perform the operation on the protected role '${name}' - this role is only modifiable by AWS`;
      await rejects(iam.send(new DeleteRoleCommand({ RoleName: name })), 'UnmodifiableEntityException', 400, refused);
      await rejects(iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: name, PolicyDocument: trust() })), 'UnmodifiableEntityException', 400, refused);
      await rejects(iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: name, PermissionsBoundary: 'arn:aws:iam::aws:policy/ReadOnlyAccess' })), 'UnmodifiableEntityException', 400, refused);
      await rejects(iam.send(new UpdateRoleCommand({ RoleName: name, MaxSessionDuration: 7200 })), 'UnmodifiableEntityException', 400, refused);
      // Its description is the one thing a customer may change.
      await iam.send(new UpdateRoleDescriptionCommand({ RoleName: name, Description: 'ours' }));
      assert.equal((await iam.send(new GetRoleCommand({ RoleName: name }))).Role?.Description, 'ours');

      const { DeletionTaskId } = await iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: name }));
      assert.match(DeletionTaskId ?? '', /^task\/aws-service-role\/elasticbeanstalk\.amazonaws\.com\/AWSServiceRoleForElasticBeanstalk\/[0-9a-f-]{36}$/);
      assert.equal((await iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId }))).Status, 'SUCCEEDED');
      await rejects(iam.send(new GetRoleCommand({ RoleName: name })), 'NoSuchEntityException', 404, `The role with name ${name} cannot be found.`);
      // The role can be created again once deleted.
      await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'elasticbeanstalk.amazonaws.com' }));
      await rejects(
        iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: 'task/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS/00000000-0000-4000-8000-000000000000' })),
        'NoSuchEntityException',
        404,
      );
      await rejects(iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'editable' })), 'NoSuchEntityException', 404);
      await iam.send(new GetRoleCommand({ RoleName: 'editable' }));
    });

    test('a user whose boundary allows only s3:* cannot list roles though his identity policy allows it', async () => {
      const { client } = await newUser(s, iam, 'capped');
      await iam.send(new AttachUserPolicyCommand({ UserName: 'capped', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' }));
      await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'capped', PermissionsBoundary: 'arn:aws:iam::aws:policy/AmazonS3FullAccess' }));
      await rejects(
        client.send(new ListRolesCommand({})),
        'AccessDenied',
        403,
        `User: arn:aws:iam::${account}:user/capped is not authorized to perform: iam:ListRoles on resource: arn:aws:iam::${account}:role/ because no permissions boundary allows the iam:ListRoles action`,
      );
      await iam.send(new DeleteUserPermissionsBoundaryCommand({ UserName: 'capped' }));
      assert.ok(((await client.send(new ListRolesCommand({}))).Roles ?? []).length > 0);
    });

    test('a user allowed only iam:GetRole on one role ARN gets that role and nothing else', async () => {
      await iam.send(new CreateRoleCommand({ RoleName: 'visible', Path: '/app/', AssumeRolePolicyDocument: trust() }));
      await iam.send(new CreateRoleCommand({ RoleName: 'hidden', Path: '/app/', AssumeRolePolicyDocument: trust() }));
      await iam.send(new CreateUserCommand({ UserName: 'narrow' }));
      await giveInlinePolicy(s, 'narrow', 'one-role', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetRole', Resource: `arn:aws:iam::${account}:role/app/visible` }] });
      const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'narrow' }))).AccessKey;
      const narrow = s.iam({ accessKeyId: k?.AccessKeyId ?? '', secretAccessKey: k?.SecretAccessKey ?? '' });
      assert.equal((await narrow.send(new GetRoleCommand({ RoleName: 'visible' }))).Role?.RoleName, 'visible');
      await rejects(
        narrow.send(new GetRoleCommand({ RoleName: 'hidden' })),
        'AccessDenied',
        403,
        `User: arn:aws:iam::${account}:user/narrow is not authorized to perform: iam:GetRole on resource: role hidden because no identity-based policy allows the iam:GetRole action`,
      );
      await rejects(narrow.send(new DeleteRoleCommand({ RoleName: 'visible' })), 'AccessDenied', 403, /iam:DeleteRole on resource: role visible /);
      await rejects(narrow.send(new ListRolesCommand({})), 'AccessDenied', 403, /iam:ListRoles/);
      // Authorization comes before existence: a role that doesn't exist is denied, not reported missing.
      await rejects(narrow.send(new GetRoleCommand({ RoleName: 'absent' })), 'AccessDenied', 403, /on resource: role absent /);
    });

    test('condition keys: iam:PermissionsBoundary on CreateRole, tags of the role on TagRole', async () => {
      const boundary = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
      await iam.send(new CreateUserCommand({ UserName: 'delegate' }));
      await giveInlinePolicy(s, 'delegate', 'bounded-creation', {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'iam:CreateRole', Resource: '*', Condition: { StringEquals: { 'iam:PermissionsBoundary': boundary } } },
          { Effect: 'Allow', Action: 'iam:TagRole', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/owner': 'delegate' } } },
        ],
      });
      const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'delegate' }))).AccessKey;
      const delegate = s.iam({ accessKeyId: k?.AccessKeyId ?? '', secretAccessKey: k?.SecretAccessKey ?? '' });
      await rejects(delegate.send(new CreateRoleCommand({ RoleName: 'free', AssumeRolePolicyDocument: trust() })), 'AccessDenied', 403, /iam:CreateRole on resource: arn:aws:iam::\d{12}:role\/free /);
      await rejects(
        delegate.send(new CreateRoleCommand({ RoleName: 'free', AssumeRolePolicyDocument: trust(), PermissionsBoundary: 'arn:aws:iam::aws:policy/AdministratorAccess' })),
        'AccessDenied',
        403,
      );
      await delegate.send(new CreateRoleCommand({ RoleName: 'capped-role', AssumeRolePolicyDocument: trust(), PermissionsBoundary: boundary }));
      await iam.send(new TagRoleCommand({ RoleName: 'capped-role', Tags: [{ Key: 'owner', Value: 'delegate' }] }));
      await delegate.send(new TagRoleCommand({ RoleName: 'capped-role', Tags: [{ Key: 'x', Value: 'y' }] }));
      await rejects(delegate.send(new TagRoleCommand({ RoleName: 'editable', Tags: [{ Key: 'x', Value: 'y' }] })), 'AccessDenied', 403, /iam:TagRole/);
      assert.deepEqual((await iam.send(new ListRoleTagsCommand({ RoleName: 'editable' }))).Tags, []);
    });
  });

  describe(`role quota (${backend})`, { skip }, () => {
    let s: LiveServer;
    before(async () => {
      s = await startLiveServer(backend);
    });
    after(() => s?.close());

    test('the 1,001st role exceeds RolesPerAccount', async () => {
      const iam = s.iam();
      const account = s.account.accountId;
      // 1,000 roles written as CreateRole writes them, to reach the quota quickly.
      await s.runtime.store.transaction(async (tx) => {
        for (let i = 0; i < 1000; i++) {
          const name = `bulk-${String(i).padStart(4, '0')}`;
          const id = `AROABULK${String(i).padStart(13, '0')}`;
          await tx.insert({
            accountId: account,
            kind: 'role',
            parent: '',
            key: name,
            id,
            path: '/',
            createdAt: Date.now(),
            data: { RoleName: name, RoleId: id, Path: '/', Arn: `arn:aws:iam::${account}:role/${name}`, CreateDate: new Date().toISOString(), AssumeRolePolicyDocument: trust(), MaxSessionDuration: 3600, Tags: [] },
          });
        }
      });
      await rejects(iam.send(new CreateRoleCommand({ RoleName: 'one-too-many', AssumeRolePolicyDocument: trust() })), 'LimitExceededException', 409, 'Cannot exceed quota for RolesPerAccount: 1000');
      await rejects(iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' })), 'LimitExceededException', 409, 'Cannot exceed quota for RolesPerAccount: 1000');
      await iam.send(new DeleteRoleCommand({ RoleName: 'bulk-0000' }));
      await iam.send(new CreateRoleCommand({ RoleName: 'one-too-many', AssumeRolePolicyDocument: trust() }));
      const first = await iam.send(new ListRolesCommand({ MaxItems: 1000 }));
      assert.equal(first.Roles?.length, 1000);
      assert.equal(first.IsTruncated, false);
    });
  });
}
