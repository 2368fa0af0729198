/**
 * The IAM operations that depend on AWS Organizations or on AWS-only infrastructure, and the account
 * properties, through the real AWS SDK v3 client against a live server on both storage backends: each
 * answers as AWS answers a standalone account, or with the documented gap.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AcceptDelegationRequestCommand,
  AcquireRoleCommand,
  AssociateDelegationRequestCommand,
  CreateAccessKeyCommand,
  CreateDelegationRequestCommand,
  CreateUserCommand,
  DisableOrganizationsRootCredentialsManagementCommand,
  DisableOrganizationsRootSessionsCommand,
  DisableOutboundWebIdentityFederationCommand,
  EnableOrganizationsRootCredentialsManagementCommand,
  EnableOrganizationsRootSessionsCommand,
  EnableOutboundWebIdentityFederationCommand,
  GenerateOrganizationsAccessReportCommand,
  GetAccountPropertiesCommand,
  GetDelegationRequestCommand,
  GetHumanReadableSummaryCommand,
  GetOrganizationsAccessReportCommand,
  GetOutboundWebIdentityFederationInfoCommand,
  GetRoleTemplateVersionCommand,
  ListDelegationRequestsCommand,
  ListOrganizationsFeaturesCommand,
  PutAccountPropertiesCommand,
  PutUserPolicyCommand,
  RejectDelegationRequestCommand,
  SendDelegationTokenCommand,
  UpdateDelegationRequestCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { backends, startLiveServer, type Credentials, type LiveServer } from '../support/live-server.js';
import { rejects } from '../support/aws-errors.js';

const NO_ORG = /no organization is associated with your account/;
const TEMPLATE = 'arn:aws:iam::aws:role-template/ec2.amazonaws.com/ExampleTemplate:1';
const REQUEST_ID = 'dr-0123456789abcdef';

for (const { backend, skip } of backends()) {
  describe(`Organizations, account properties and AWS-only features (${backend})`, { skip }, () => {
    let s: LiveServer;
    let iam: IAMClient;
    let account: string;

    async function userWithKey(name: string, doc: string): Promise<Credentials> {
      await iam.send(new CreateUserCommand({ UserName: name }));
      await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: doc }));
      const k = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey;
      return { accessKeyId: k?.AccessKeyId ?? '', secretAccessKey: k?.SecretAccessKey ?? '' };
    }

    before(async () => {
      s = await startLiveServer(backend);
      iam = s.iam();
      account = s.account.accountId;
    });
    after(() => s?.close());

    test('centralized root access: a standalone account belongs to no organization', async () => {
      for (const c of [
        new ListOrganizationsFeaturesCommand({}),
        new EnableOrganizationsRootCredentialsManagementCommand({}),
        new DisableOrganizationsRootCredentialsManagementCommand({}),
        new EnableOrganizationsRootSessionsCommand({}),
        new DisableOrganizationsRootSessionsCommand({}),
      ]) {
        await rejects(iam.send(c as never), 'OrganizationNotFoundException', 400, NO_ORG);
      }
    });

    test('Organizations access report: none can be generated, so no job exists', async () => {
      await rejects(iam.send(new GenerateOrganizationsAccessReportCommand({ EntityPath: 'o-a1b2c3d4e5/r-f6g7h8i9j0example' })), 'OrganizationNotFoundException', 400, NO_ORG);
      await rejects(iam.send(new GenerateOrganizationsAccessReportCommand({ EntityPath: 'not-a-path' })), 'ValidationError', 400);
      await rejects(iam.send(new GetOrganizationsAccessReportCommand({ JobId: '00000000-0000-4000-8000-000000000000' })), 'NoSuchEntityException', 404);
    });

    test('account properties: stored, merged, read back; malformed keys and mixed namespaces refused', async () => {
      assert.deepEqual((await iam.send(new GetAccountPropertiesCommand({}))).Properties ?? {}, {});
      await iam.send(new PutAccountPropertiesCommand({ Properties: { 'RoleManager/Enabled': 'true', 'RoleManager/Mode': 'strict' } }));
      await iam.send(new PutAccountPropertiesCommand({ Properties: { 'RoleManager/Mode': 'relaxed' } }));
      await iam.send(new PutAccountPropertiesCommand({ Properties: { 'Other/Flag': 'x' } }));
      assert.deepEqual((await iam.send(new GetAccountPropertiesCommand({}))).Properties, { 'RoleManager/Enabled': 'true', 'RoleManager/Mode': 'relaxed', 'Other/Flag': 'x' });
      for (const bad of ['NoSlash', 'A/b/c', 'A/', '1abc/x', 'A/b c', `A/${'x'.repeat(50)}`]) {
        await rejects(iam.send(new PutAccountPropertiesCommand({ Properties: { [bad]: 'v' } })), 'InvalidInputException', 400);
      }
      await rejects(iam.send(new PutAccountPropertiesCommand({ Properties: { 'A/x': 'v', 'B/y': 'v' } })), 'InvalidInputException', 400, /same namespace/);
      await rejects(iam.send(new PutAccountPropertiesCommand({ Properties: { 'A/x': 'v'.repeat(1025) } })), 'InvalidInputException', 400);
      // Nothing of a refused request was stored.
      assert.deepEqual(Object.keys((await iam.send(new GetAccountPropertiesCommand({}))).Properties ?? {}).sort(), ['Other/Flag', 'RoleManager/Enabled', 'RoleManager/Mode']);
      // Another account sees its own (empty) properties.
      const other = await s.createAccount();
      const o = s.iam({ accessKeyId: other.admin.accessKeyId, secretAccessKey: other.admin.secretAccessKey });
      assert.deepEqual((await o.send(new GetAccountPropertiesCommand({}))).Properties ?? {}, {});
    });

    test('account properties: enforcement, with iam:AccountPropertyNamespaces', async () => {
      const reader = await userWithKey(
        'props',
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 'iam:GetAccountProperties', Resource: '*' },
            { Effect: 'Allow', Action: 'iam:PutAccountProperties', Resource: '*', Condition: { 'ForAllValues:StringEquals': { 'iam:AccountPropertyNamespaces': ['Other'] } } },
          ],
        }),
      );
      const r = s.iam(reader);
      assert.equal((await r.send(new GetAccountPropertiesCommand({}))).Properties?.['Other/Flag'], 'x');
      await r.send(new PutAccountPropertiesCommand({ Properties: { 'Other/Flag': 'y' } }));
      await rejects(r.send(new PutAccountPropertiesCommand({ Properties: { 'RoleManager/Enabled': 'false' } })), 'AccessDenied', 403, /iam:PutAccountProperties/);
      assert.equal((await iam.send(new GetAccountPropertiesCommand({}))).Properties?.['RoleManager/Enabled'], 'true');
    });

    test('outbound web identity federation is disabled and cannot be enabled', async () => {
      await rejects(iam.send(new GetOutboundWebIdentityFederationInfoCommand({})), 'FeatureDisabledException', 404);
      await rejects(iam.send(new DisableOutboundWebIdentityFederationCommand({})), 'FeatureDisabledException', 404);
      await rejects(iam.send(new EnableOutboundWebIdentityFederationCommand({})), 'NotImplemented', 501, /web identity tokens/);
      await rejects(iam.send(new GetOutboundWebIdentityFederationInfoCommand({})), 'FeatureDisabledException', 404);
    });

    test('role templates: none is published, so every template is unknown', async () => {
      await rejects(iam.send(new GetRoleTemplateVersionCommand({ TemplateArn: TEMPLATE })), 'NoSuchEntityException', 404, /role template/);
      await rejects(iam.send(new GetRoleTemplateVersionCommand({ TemplateArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' })), 'InvalidInputException', 400, /is not valid/);
      await rejects(iam.send(new AcquireRoleCommand({ TemplateArn: TEMPLATE, TemplateMinorVersion: 1 })), 'NoSuchEntityException', 404);
    });

    test('temporary delegation: requests cannot be created, so none exists', async () => {
      await rejects(
        iam.send(
          new CreateDelegationRequestCommand({
            Description: 'deploy',
            Permissions: { PolicyTemplateArn: 'arn:aws:iam::aws:policy-template/x' },
            RequestorWorkflowId: 'workflow-1',
            NotificationChannel: `arn:aws:sns:us-east-1:${account}:topic`,
            SessionDuration: 3600,
          }),
        ),
        'NotImplemented',
        501,
        /partner onboarding/,
      );
      const id = { DelegationRequestId: REQUEST_ID };
      for (const c of [
        new GetDelegationRequestCommand(id),
        new AcceptDelegationRequestCommand(id),
        new RejectDelegationRequestCommand({ ...id, Notes: 'no' }),
        new AssociateDelegationRequestCommand(id),
        new UpdateDelegationRequestCommand(id),
        new SendDelegationTokenCommand(id),
      ]) {
        await rejects(iam.send(c as never), 'NoSuchEntityException', 404, new RegExp(REQUEST_ID));
      }
      await rejects(iam.send(new GetDelegationRequestCommand({ DelegationRequestId: 'short' })), 'ValidationError', 400);
      const list = await iam.send(new ListDelegationRequestsCommand({}));
      assert.deepEqual(list.DelegationRequests ?? [], []);
      assert.equal(list.isTruncated, false);
    });

    test('GetHumanReadableSummary: delegation requests only', async () => {
      await rejects(iam.send(new GetHumanReadableSummaryCommand({ EntityArn: `arn:aws:iam::${account}:delegation-request/${REQUEST_ID}` })), 'NoSuchEntityException', 404);
      await rejects(iam.send(new GetHumanReadableSummaryCommand({ EntityArn: `arn:aws:iam::${account}:user/admin` })), 'InvalidInputException', 400, /delegation-request/);
    });

    test('enforcement: each is authorized before it answers', async () => {
      const none = s.iam(await userWithKey('none', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }] })));
      await rejects(none.send(new ListOrganizationsFeaturesCommand({})), 'AccessDenied', 403, /iam:ListOrganizationsFeatures/);
      await rejects(none.send(new GetAccountPropertiesCommand({})), 'AccessDenied', 403, /iam:GetAccountProperties/);
      await rejects(none.send(new GetDelegationRequestCommand({ DelegationRequestId: REQUEST_ID })), 'AccessDenied', 403, new RegExp(`delegation-request/${REQUEST_ID}`));
      await rejects(
        none.send(new GenerateOrganizationsAccessReportCommand({ EntityPath: 'o-a1b2c3d4e5/r-f6g7h8i9j0example' })),
        'AccessDenied',
        403,
        new RegExp(`access-report/o-a1b2c3d4e5/r-f6g7h8i9j0example`),
      );
      await rejects(none.send(new GetOutboundWebIdentityFederationInfoCommand({})), 'AccessDenied', 403);
    });
  });
}
