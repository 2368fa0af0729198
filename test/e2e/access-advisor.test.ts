/**
 * Access Advisor (GenerateServiceLastAccessedDetails, GetServiceLastAccessedDetails,
 * GetServiceLastAccessedDetailsWithEntities) through the real AWS SDK v3 client against a live server, on
 * both storage backends: reports computed from the audit trail of real calls.
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
  CreateRoleCommand,
  CreateUserCommand,
  GenerateServiceLastAccessedDetailsCommand,
  GetServiceLastAccessedDetailsCommand,
  GetServiceLastAccessedDetailsWithEntitiesCommand,
  GetUserCommand,
  ListGroupsCommand,
  ListRolesCommand,
  ListUsersCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  type IAMClient,
  type ServiceLastAccessed,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { backends, startLiveServer, type Credentials, type LiveServer } from '../support/live-server.js';
import { rejects } from '../support/aws-errors.js';

const policy = (statements: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allow = (action: string | string[], resource = '*'): object => ({ Effect: 'Allow', Action: action, Resource: resource });

for (const { backend, skip } of backends()) {
  describe(`Access Advisor (${backend})`, { skip }, () => {
    let s: LiveServer;
    let iam: IAMClient;
    let account: string;
    const arnOf = (type: string, name: string): string => `arn:aws:iam::${account}:${type}/${name}`;

    async function userWithKey(name: string, doc?: string): Promise<Credentials> {
      await iam.send(new CreateUserCommand({ UserName: name }));
      if (doc) await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: doc }));
      const k = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey;
      return { accessKeyId: k?.AccessKeyId ?? '', secretAccessKey: k?.SecretAccessKey ?? '' };
    }

    /** Writes pending audit events, then generates a report and reads all of it. */
    async function report(arn: string, granularity?: 'SERVICE_LEVEL' | 'ACTION_LEVEL'): Promise<{ jobId: string; services: ServiceLastAccessed[] }> {
      await s.runtime.audit.flush();
      const { JobId } = await iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: arn, ...(granularity ? { Granularity: granularity } : {}) }));
      assert.match(JobId ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      const got = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId }));
      assert.equal(got.JobStatus, 'COMPLETED');
      assert.equal(got.JobType, granularity ?? 'SERVICE_LEVEL');
      assert.ok(got.JobCreationDate instanceof Date && got.JobCompletionDate instanceof Date);
      assert.ok((got.JobCompletionDate?.getTime() ?? 0) >= (got.JobCreationDate?.getTime() ?? 0));
      const services = [...(got.ServicesLastAccessed ?? [])];
      for (let marker = got.Marker; marker !== undefined; ) {
        const next = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId, Marker: marker }));
        services.push(...(next.ServicesLastAccessed ?? []));
        marker = next.IsTruncated ? next.Marker : undefined;
      }
      return { jobId: JobId ?? '', services };
    }

    const service = (list: ServiceLastAccessed[], ns: string): ServiceLastAccessed => {
      const found = list.find((x) => x.ServiceNamespace === ns);
      assert.ok(found, `service ${ns} is listed`);
      return found;
    };

    let started: number;
    before(async () => {
      s = await startLiveServer(backend);
      iam = s.iam();
      account = s.account.accountId;
      started = Date.now() - 1000;
      const dev = await userWithKey('dev', policy([allow(['iam:GetUser', 'iam:ListUsers', 'iam:ListGroups']), allow('s3:GetObject', 'arn:aws:s3:::bucket/*'), allow('sts:GetCallerIdentity')]));
      await s.iam(dev).send(new GetUserCommand({}));
      await s.iam(dev).send(new ListUsersCommand({}));
      await s.sts(dev).send(new GetCallerIdentityCommand({}));
    });
    after(() => s?.close());

    test('a user report lists every service its policies allow, with the last access from the trail', async () => {
      const { services } = await report(arnOf('user', 'dev'));
      // Sorted by namespace, as AWS sorts them.
      assert.deepEqual(services.map((x) => x.ServiceNamespace), ['iam', 's3', 'sts']);
      const i = service(services, 'iam');
      assert.equal(i.ServiceName, 'AWS Identity and Access Management');
      assert.ok(i.LastAuthenticated instanceof Date && i.LastAuthenticated.getTime() >= started && i.LastAuthenticated.getTime() <= Date.now() + 1000);
      assert.equal(i.LastAuthenticatedEntity, arnOf('user', 'dev'));
      assert.equal(i.LastAuthenticatedRegion, 'us-east-1');
      assert.equal(i.TotalAuthenticatedEntities, 1);
      assert.equal(i.TrackedActionsLastAccessed, undefined);
      const sts = service(services, 'sts');
      assert.equal(sts.ServiceName, 'AWS Security Token Service');
      assert.ok(sts.LastAuthenticated instanceof Date);
      assert.equal(sts.LastAuthenticatedEntity, arnOf('user', 'dev'));
      // Allowed but never used: listed without details, as AWS does.
      const s3 = service(services, 's3');
      assert.equal(s3.LastAuthenticated, undefined);
      assert.equal(s3.LastAuthenticatedEntity, undefined);
      assert.equal(s3.TotalAuthenticatedEntities, 0);
    });

    test('ACTION_LEVEL lists the tracked actions the policies allow, with the ones used', async () => {
      const { services } = await report(arnOf('user', 'dev'), 'ACTION_LEVEL');
      const actions = service(services, 'iam').TrackedActionsLastAccessed ?? [];
      assert.deepEqual(actions.map((a) => a.ActionName), ['GetUser', 'ListGroups', 'ListUsers']);
      for (const used of ['GetUser', 'ListUsers']) {
        const a = actions.find((x) => x.ActionName === used);
        assert.ok(a?.LastAccessedTime instanceof Date, `${used} was used`);
        assert.equal(a?.LastAccessedEntity, arnOf('user', 'dev'));
        assert.equal(a?.LastAccessedRegion, 'us-east-1');
      }
      const unused = actions.find((x) => x.ActionName === 'ListGroups');
      assert.equal(unused?.LastAccessedTime, undefined);
      assert.equal(unused?.LastAccessedEntity, undefined);
      assert.deepEqual(service(services, 'sts').TrackedActionsLastAccessed?.map((a) => [a.ActionName, a.LastAccessedTime instanceof Date]), [['GetCallerIdentity', true]]);
      assert.deepEqual(service(services, 's3').TrackedActionsLastAccessed?.map((a) => [a.ActionName, a.LastAccessedTime]), [['GetObject', undefined]]);
    });

    test('denied attempts count; requests rejected before authorization do not', async () => {
      const denied = await userWithKey('denied', policy([allow('iam:GetUser', arnOf('user', 'nobody'))]));
      await rejects(s.iam(denied).send(new ListUsersCommand({})), 'AccessDenied', 403);
      const quiet = await userWithKey('quiet', policy([allow('iam:GetUser')]));
      // Malformed input fails validation before authorization: no attempt to use a permission.
      await rejects(s.iam(quiet).send(new GetUserCommand({ UserName: 'not a valid name!' })), 'ValidationError', 400);
      const d = service((await report(arnOf('user', 'denied'))).services, 'iam');
      assert.ok(d.LastAuthenticated instanceof Date);
      assert.equal(d.LastAuthenticatedEntity, arnOf('user', 'denied'));
      const q = service((await report(arnOf('user', 'quiet'))).services, 'iam');
      assert.equal(q.LastAuthenticated, undefined);
      assert.equal(q.TotalAuthenticatedEntities, 0);
    });

    test("a group report lists the group's services and aggregates its members", async () => {
      await iam.send(new CreateGroupCommand({ GroupName: 'ops' }));
      await iam.send(new PutGroupPolicyCommand({ GroupName: 'ops', PolicyName: 'ops', PolicyDocument: policy([allow('iam:ListRoles'), allow('ec2:DescribeInstances')]) }));
      const creds: Credentials[] = [];
      for (const n of ['m1', 'm2', 'm3']) {
        // m1 also has a policy of its own: its services are not the group's.
        creds.push(await userWithKey(n, n === 'm1' ? policy([allow('sqs:ListQueues')]) : undefined));
        await iam.send(new AddUserToGroupCommand({ GroupName: 'ops', UserName: n }));
      }
      await s.iam(creds[0]).send(new ListRolesCommand({}));
      await new Promise((r) => setTimeout(r, 20));
      await s.iam(creds[1]).send(new ListRolesCommand({}));
      const { jobId, services } = await report(arnOf('group', 'ops'));
      assert.deepEqual(services.map((x) => x.ServiceNamespace), ['ec2', 'iam']);
      const i = service(services, 'iam');
      assert.equal(i.LastAuthenticatedEntity, arnOf('user', 'm2'));
      assert.equal(i.TotalAuthenticatedEntities, 2);
      assert.equal(service(services, 'ec2').TotalAuthenticatedEntities, 0);

      const withEntities = await iam.send(new GetServiceLastAccessedDetailsWithEntitiesCommand({ JobId: jobId, ServiceNamespace: 'iam' }));
      assert.equal(withEntities.JobStatus, 'COMPLETED');
      const list = withEntities.EntityDetailsList ?? [];
      // Most recent first; members who never tried it come last, without a date.
      assert.deepEqual(list.map((e) => [e.EntityInfo?.Name, e.EntityInfo?.Type, e.LastAuthenticated instanceof Date]), [
        ['m2', 'USER', true],
        ['m1', 'USER', true],
        ['m3', 'USER', false],
      ]);
      assert.equal(list[0]?.EntityInfo?.Arn, arnOf('user', 'm2'));
      assert.match(list[0]?.EntityInfo?.Id ?? '', /^AIDA/);
      assert.equal(list[0]?.EntityInfo?.Path, '/');

      const paged = await iam.send(new GetServiceLastAccessedDetailsWithEntitiesCommand({ JobId: jobId, ServiceNamespace: 'iam', MaxItems: 2 }));
      assert.equal(paged.IsTruncated, true);
      const rest = await iam.send(new GetServiceLastAccessedDetailsWithEntitiesCommand({ JobId: jobId, ServiceNamespace: 'iam', Marker: paged.Marker }));
      assert.deepEqual([...(paged.EntityDetailsList ?? []), ...(rest.EntityDetailsList ?? [])].map((e) => e.EntityInfo?.Name), ['m2', 'm1', 'm3']);
      assert.equal(rest.IsTruncated, false);
    });

    test('a policy report counts every user and role the policy reaches', async () => {
      await iam.send(new CreatePolicyCommand({ PolicyName: 'ReadIam', PolicyDocument: policy([allow('iam:ListGroups')]) }));
      const policyArn = arnOf('policy', 'ReadIam');
      const pu = await userWithKey('pu');
      await iam.send(new AttachUserPolicyCommand({ UserName: 'pu', PolicyArn: policyArn }));
      await iam.send(new AttachGroupPolicyCommand({ GroupName: 'ops', PolicyArn: policyArn }));
      await s.iam(pu).send(new ListGroupsCommand({}));
      const { jobId, services } = await report(policyArn);
      assert.deepEqual(services.map((x) => x.ServiceNamespace), ['iam']);
      // The group's members reach the policy too; m1 and m2 used IAM earlier, pu last.
      assert.equal(service(services, 'iam').LastAuthenticatedEntity, arnOf('user', 'pu'));
      assert.equal(service(services, 'iam').TotalAuthenticatedEntities, 3);
      const e = await iam.send(new GetServiceLastAccessedDetailsWithEntitiesCommand({ JobId: jobId, ServiceNamespace: 'iam' }));
      assert.deepEqual(e.EntityDetailsList?.map((x) => x.EntityInfo?.Name), ['pu', 'm2', 'm1', 'm3']);
    });

    test('a role report lists its services; a role never used has no access', async () => {
      const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
      await iam.send(new CreateRoleCommand({ RoleName: 'app', Path: '/svc/', AssumeRolePolicyDocument: trust }));
      await iam.send(new PutRolePolicyCommand({ RoleName: 'app', PolicyName: 'p', PolicyDocument: policy([allow('dynamodb:GetItem'), allow('iam:Get*')]) }));
      const { jobId, services } = await report(arnOf('role', 'svc/app'));
      assert.deepEqual(services.map((x) => [x.ServiceNamespace, x.TotalAuthenticatedEntities, x.LastAuthenticated]), [
        ['dynamodb', 0, undefined],
        ['iam', 0, undefined],
      ]);
      const e = await iam.send(new GetServiceLastAccessedDetailsWithEntitiesCommand({ JobId: jobId, ServiceNamespace: 'dynamodb' }));
      assert.deepEqual(e.EntityDetailsList?.map((x) => [x.EntityInfo?.Arn, x.EntityInfo?.Type, x.EntityInfo?.Path, x.LastAuthenticated]), [[arnOf('role', 'svc/app'), 'ROLE', '/svc/', undefined]]);
    });

    test('an Allow with wildcards or NotAction reaches every matching service; an absolute Deny removes one', async () => {
      await userWithKey('wide', policy([{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }, { Effect: 'Deny', Action: 's3:*', Resource: '*' }]));
      const { jobId, services } = await report(arnOf('user', 'wide'));
      const names = services.map((x) => x.ServiceNamespace);
      assert.ok(names.length > 300, `NotAction reaches most services (${names.length})`);
      assert.ok(names.includes('ec2') && names.includes('sts'));
      assert.ok(!names.includes('iam') && !names.includes('s3'));
      assert.equal(new Set(names).size, names.length, 'pages neither repeat nor skip a service');
      assert.deepEqual(names, [...names].sort());
      const first = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: jobId, MaxItems: 7 }));
      assert.equal(first.IsTruncated, true);
      assert.ok(first.Marker);
      assert.deepEqual(first.ServicesLastAccessed?.map((x) => x.ServiceNamespace), names.slice(0, 7));
      const second = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: jobId, MaxItems: 7, Marker: first.Marker }));
      assert.deepEqual(second.ServicesLastAccessed?.map((x) => x.ServiceNamespace), names.slice(7, 14));
    });

    test('errors: malformed ARN, missing entities, unknown or foreign jobs', async () => {
      await rejects(iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: 'arn:aws:s3:::bucket-name-x' })), 'InvalidInputException', 400, /is not valid/);
      await rejects(iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: arnOf('user', 'ghost') })), 'NoSuchEntityException', 404, /The user with name ghost cannot be found/);
      await rejects(iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: arnOf('group', 'ghosts') })), 'NoSuchEntityException', 404, /The group with name ghosts cannot be found/);
      // The ARN must carry the entity's path.
      await rejects(iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: arnOf('role', 'app') })), 'NoSuchEntityException', 404);
      await rejects(iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: arnOf('policy', 'Nope') })), 'NoSuchEntityException', 404, /does not exist or is not attachable/);
      await rejects(iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: '00000000-0000-4000-8000-000000000000' })), 'NoSuchEntityException', 404);
      await rejects(iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: 'short' })), 'ValidationError', 400);
      // Only the caller that generated a job may read it.
      const other = await userWithKey('reader', policy([allow(['iam:GetServiceLastAccessedDetails', 'iam:GetServiceLastAccessedDetailsWithEntities'])]));
      const { JobId } = await iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: arnOf('user', 'dev') }));
      await rejects(s.iam(other).send(new GetServiceLastAccessedDetailsCommand({ JobId })), 'NoSuchEntityException', 404);
      await rejects(s.iam(other).send(new GetServiceLastAccessedDetailsWithEntitiesCommand({ JobId, ServiceNamespace: 'iam' })), 'NoSuchEntityException', 404);
    });

    test('enforcement: GenerateServiceLastAccessedDetails is authorized against the ARN reported on', async () => {
      const auditor = await userWithKey(
        'auditor',
        policy([allow('iam:GenerateServiceLastAccessedDetails', arnOf('user', 'dev')), allow(['iam:GetServiceLastAccessedDetails', 'iam:GetServiceLastAccessedDetailsWithEntities'])]),
      );
      const a = s.iam(auditor);
      const { JobId } = await a.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: arnOf('user', 'dev') }));
      assert.equal((await a.send(new GetServiceLastAccessedDetailsCommand({ JobId }))).JobStatus, 'COMPLETED');
      await rejects(
        a.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: arnOf('group', 'ops') })),
        'AccessDenied',
        403,
        new RegExp(`is not authorized to perform: iam:GenerateServiceLastAccessedDetails on resource: ${arnOf('group', 'ops')}`),
      );
      const nobody = await userWithKey('nobody2');
      await rejects(s.iam(nobody).send(new GetServiceLastAccessedDetailsCommand({ JobId })), 'AccessDenied', 403);
    });
  });
}
