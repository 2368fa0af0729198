/**
 * Account-level operations through the real AWS SDK v3 client against a live server, on both storage
 * backends: the account alias (unique across accounts), GetAccountSummary, GetAccountAuthorizationDetails,
 * SetSecurityTokenServicePreferences, and enforcement.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateAccountAliasCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateUserCommand,
  DeleteAccountAliasCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountSummaryCommand,
  ListAccountAliasesCommand,
  PutGroupPolicyCommand,
  PutUserPolicyCommand,
  SetSecurityTokenServicePreferencesCommand,
  type GetAccountAuthorizationDetailsCommandOutput,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { Input } from '../../src/services/input.js';
import { iamOperations } from '../../src/services/iam/index.js';
import { backends, startLiveServer, type LiveServer } from '../support/live-server.js';
import { rejects } from '../support/aws-errors.js';

/** Every key AWS returns in SummaryMap. */
const SUMMARY_KEYS = [
  'AccessKeysPerUserQuota', 'AccountAccessKeysPresent', 'AccountMFAEnabled', 'AccountSigningCertificatesPresent', 'AssumeRolePolicySizeQuota',
  'AttachedPoliciesPerGroupQuota', 'AttachedPoliciesPerRoleQuota', 'AttachedPoliciesPerUserQuota', 'GlobalEndpointTokenVersion', 'GroupPolicySizeQuota',
  'Groups', 'GroupsPerUserQuota', 'GroupsQuota', 'InstanceProfiles', 'InstanceProfilesQuota', 'MFADevices', 'MFADevicesInUse', 'Policies', 'PoliciesQuota',
  'PolicySizeQuota', 'PolicyVersionsInUse', 'PolicyVersionsInUseQuota', 'Providers', 'RolePolicySizeQuota', 'Roles', 'RolesQuota', 'ServerCertificates',
  'ServerCertificatesQuota', 'SigningCertificatesPerUserQuota', 'UserPolicySizeQuota', 'Users', 'UsersQuota', 'VersionsPerPolicyQuota',
].sort();

const INLINE = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"*"}]}';
const LOCAL_V1 = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:*","Resource":"*"}]}';
const LOCAL_V2 = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}]}';

/** All pages of GetAccountAuthorizationDetails, concatenated per list. */
async function allDetails(iam: IAMClient, maxItems: number, filter?: ('User' | 'Group' | 'Role' | 'LocalManagedPolicy' | 'AWSManagedPolicy')[]): Promise<Required<Pick<GetAccountAuthorizationDetailsCommandOutput, 'UserDetailList' | 'GroupDetailList' | 'RoleDetailList' | 'Policies'>> & { pages: number }> {
  const out = { UserDetailList: [], GroupDetailList: [], RoleDetailList: [], Policies: [], pages: 0 } as Required<Pick<GetAccountAuthorizationDetailsCommandOutput, 'UserDetailList' | 'GroupDetailList' | 'RoleDetailList' | 'Policies'>> & { pages: number };
  let marker: string | undefined;
  do {
    const r = await iam.send(new GetAccountAuthorizationDetailsCommand({ MaxItems: maxItems, ...(marker ? { Marker: marker } : {}), ...(filter ? { Filter: filter } : {}) }));
    out.pages++;
    out.UserDetailList.push(...(r.UserDetailList ?? []));
    out.GroupDetailList.push(...(r.GroupDetailList ?? []));
    out.RoleDetailList.push(...(r.RoleDetailList ?? []));
    out.Policies.push(...(r.Policies ?? []));
    assert.equal(r.IsTruncated, r.Marker !== undefined);
    marker = r.Marker;
  } while (marker);
  return out;
}

for (const { backend, skip } of backends()) {
  describe(`account operations (${backend})`, { skip }, () => {
    let s: LiveServer;
    let iam: IAMClient;
    let acct: string;
    before(async () => {
      s = await startLiveServer(backend);
      iam = s.iam();
      acct = s.account.accountId;
    });
    after(() => s?.close());

    test('the account alias: one per account, replaced by a new one, unique across every account', async () => {
      assert.deepEqual((await iam.send(new ListAccountAliasesCommand({}))).AccountAliases, []);
      await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'example-corp' }));
      const listed = await iam.send(new ListAccountAliasesCommand({}));
      assert.deepEqual(listed.AccountAliases, ['example-corp']);
      assert.equal(listed.IsTruncated, false);
      await rejects(iam.send(new CreateAccountAliasCommand({ AccountAlias: 'example-corp' })), 'EntityAlreadyExistsException', 409, /^The account alias example-corp already exists\.$/);

      const other = await s.createAccount();
      const otherIam = s.iam({ accessKeyId: other.admin.accessKeyId, secretAccessKey: other.admin.secretAccessKey });
      await rejects(otherIam.send(new CreateAccountAliasCommand({ AccountAlias: 'example-corp' })), 'EntityAlreadyExistsException', 409, /^The account alias example-corp already exists\.$/);
      assert.deepEqual((await otherIam.send(new ListAccountAliasesCommand({}))).AccountAliases, []);

      // A second alias replaces the first, which is then free for anyone.
      await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'example-corp-2' }));
      assert.deepEqual((await iam.send(new ListAccountAliasesCommand({}))).AccountAliases, ['example-corp-2']);
      await otherIam.send(new CreateAccountAliasCommand({ AccountAlias: 'example-corp' }));
      assert.deepEqual((await otherIam.send(new ListAccountAliasesCommand({}))).AccountAliases, ['example-corp']);
      assert.equal((await s.runtime.store.getById('account', 'example-corp'))?.accountId, other.accountId);

      // Deleting names the current alias exactly.
      await rejects(iam.send(new DeleteAccountAliasCommand({ AccountAlias: 'example-corp' })), 'NoSuchEntityException', 404, /example-corp/);
      await iam.send(new DeleteAccountAliasCommand({ AccountAlias: 'example-corp-2' }));
      assert.deepEqual((await iam.send(new ListAccountAliasesCommand({}))).AccountAliases, []);
      assert.equal(await s.runtime.store.getById('account', 'example-corp-2'), undefined);
      await otherIam.send(new CreateAccountAliasCommand({ AccountAlias: 'example-corp-2' }));

      for (const bad of ['ab', 'Upper', '-lead', 'trail-', 'two--dashes', 'x'.repeat(64)]) {
        await rejects(iam.send(new CreateAccountAliasCommand({ AccountAlias: bad })), 'ValidationError', 400);
      }
      assert.deepEqual((await iam.send(new ListAccountAliasesCommand({}))).AccountAliases, []);
    });

    test('GetAccountSummary: every AWS key, counts that follow the account', async () => {
      const before = (await iam.send(new GetAccountSummaryCommand({}))).SummaryMap ?? {};
      assert.deepEqual(Object.keys(before).sort(), SUMMARY_KEYS);
      assert.equal(before.UsersQuota, 5000);
      assert.equal(before.GroupsQuota, 300);
      assert.equal(before.RolesQuota, 1000);
      assert.equal(before.PoliciesQuota, 1500);
      assert.equal(before.PolicySizeQuota, 6144);
      assert.equal(before.AccessKeysPerUserQuota, 2);
      assert.equal(before.AttachedPoliciesPerUserQuota, 10);
      assert.equal(before.GlobalEndpointTokenVersion, 1);
      assert.equal(before.AccountAccessKeysPresent, 0);
      assert.equal(before.AccountMFAEnabled, 0);
      // init made the admin user and the Administrators group, with AdministratorAccess attached.
      assert.equal(before.Users, 1);
      assert.equal(before.Groups, 1);
      assert.equal(before.PolicyVersionsInUse, 1);

      await iam.send(new CreateUserCommand({ UserName: 'counted' }));
      await iam.send(new CreateGroupCommand({ GroupName: 'counters' }));
      await iam.send(new AttachUserPolicyCommand({ UserName: 'counted', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
      await iam.send(new CreatePolicyCommand({ PolicyName: 'Counted', PolicyDocument: INLINE }));
      // A root access key, created as the root user would (the root user has no SDK credentials here).
      const root = { requestId: 'r', now: new Date(), caller: { kind: 'root' as const, accountId: acct, arn: `arn:aws:iam::${acct}:root`, userId: acct, accessKeyId: '', temporary: false, context: {} }, region: 'us-east-1', sourceIp: '127.0.0.1', userAgent: 'test', secureTransport: false };
      await iamOperations.CreateAccessKey?.handle(new Input({}), { ctx: root, deps: s.runtime.iamDeps });
      await iam.send(new SetSecurityTokenServicePreferencesCommand({ GlobalEndpointTokenVersion: 'v2Token' }));

      const afterMap = (await iam.send(new GetAccountSummaryCommand({}))).SummaryMap ?? {};
      assert.equal(afterMap.Users, (before.Users ?? 0) + 1);
      assert.equal(afterMap.Groups, (before.Groups ?? 0) + 1);
      assert.equal(afterMap.PolicyVersionsInUse, (before.PolicyVersionsInUse ?? 0) + 1);
      assert.equal(afterMap.Policies, (before.Policies ?? 0) + 1);
      assert.equal(afterMap.AccountAccessKeysPresent, 1);
      assert.equal(afterMap.GlobalEndpointTokenVersion, 2);
      await iam.send(new SetSecurityTokenServicePreferencesCommand({ GlobalEndpointTokenVersion: 'v1Token' }));
      assert.equal((await iam.send(new GetAccountSummaryCommand({}))).SummaryMap?.GlobalEndpointTokenVersion, 1);
      await rejects(iam.send(new SetSecurityTokenServicePreferencesCommand({ GlobalEndpointTokenVersion: 'v3Token' as 'v1Token' })), 'ValidationError', 400);
    });

    test('GetAccountAuthorizationDetails: a user with group membership, inline and attached policies, tags', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'dev', Path: '/eng/', Tags: [{ Key: 'team', Value: 'blue' }] }));
      await iam.send(new CreateGroupCommand({ GroupName: 'devs' }));
      await iam.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'dev' }));
      await iam.send(new AttachGroupPolicyCommand({ GroupName: 'devs', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' }));
      const local = (await iam.send(new CreatePolicyCommand({ PolicyName: 'Queues', Path: '/team/', PolicyDocument: LOCAL_V1, Description: 'queues' }))).Policy?.Arn ?? '';
      const v2 = (await iam.send(new CreatePolicyVersionCommand({ PolicyArn: local, PolicyDocument: LOCAL_V2, SetAsDefault: true }))).PolicyVersion;
      await iam.send(new AttachUserPolicyCommand({ UserName: 'dev', PolicyArn: local }));
      await iam.send(new PutUserPolicyCommand({ UserName: 'dev', PolicyName: 'ListBuckets', PolicyDocument: INLINE }));
      await iam.send(new PutGroupPolicyCommand({ GroupName: 'devs', PolicyName: 'GroupInline', PolicyDocument: INLINE }));

      const r = await iam.send(new GetAccountAuthorizationDetailsCommand({}));
      assert.equal(r.IsTruncated, false);
      const dev = r.UserDetailList?.find((u) => u.UserName === 'dev');
      assert.ok(dev);
      assert.equal(dev.Path, '/eng/');
      assert.equal(dev.Arn, `arn:aws:iam::${acct}:user/eng/dev`);
      assert.match(dev.UserId ?? '', /^AIDA[A-Z2-7]{17}$/);
      assert.ok(dev.CreateDate instanceof Date);
      assert.deepEqual(dev.GroupList, ['devs']);
      assert.deepEqual(dev.UserPolicyList, [{ PolicyName: 'ListBuckets', PolicyDocument: encodeURIComponent(INLINE) }]);
      assert.deepEqual(dev.AttachedManagedPolicies, [{ PolicyName: 'Queues', PolicyArn: local }]);
      assert.deepEqual(dev.Tags, [{ Key: 'team', Value: 'blue' }]);
      const admin = r.UserDetailList?.find((u) => u.UserName === 'admin');
      assert.deepEqual(admin?.GroupList, ['Administrators']);
      assert.deepEqual(admin?.UserPolicyList, []);
      assert.deepEqual(admin?.AttachedManagedPolicies, []);
      assert.equal(admin?.Tags, undefined);

      const devs = r.GroupDetailList?.find((g) => g.GroupName === 'devs');
      assert.deepEqual(devs?.AttachedManagedPolicies, [{ PolicyName: 'AmazonS3ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' }]);
      assert.deepEqual(devs?.GroupPolicyList, [{ PolicyName: 'GroupInline', PolicyDocument: encodeURIComponent(INLINE) }]);

      const localOut = r.Policies?.find((p) => p.Arn === local);
      assert.ok(localOut);
      assert.equal(localOut.PolicyName, 'Queues');
      assert.equal(localOut.Path, '/team/');
      assert.equal(localOut.DefaultVersionId, 'v2');
      assert.equal(localOut.AttachmentCount, 1);
      assert.equal(localOut.PermissionsBoundaryUsageCount, 0);
      assert.equal(localOut.IsAttachable, true);
      assert.equal(localOut.Description, 'queues');
      assert.equal(localOut.Arn, `arn:aws:iam::${acct}:policy/team/Queues`);
      assert.deepEqual(
        localOut.PolicyVersionList?.map((v) => [v.VersionId, v.IsDefaultVersion, decodeURIComponent(v.Document ?? ''), v.CreateDate?.getTime()]),
        [
          ['v2', true, LOCAL_V2, v2?.CreateDate?.getTime()],
          ['v1', false, LOCAL_V1, localOut.CreateDate?.getTime()],
        ],
      );

      // AWS managed policies: only those the account uses, with their documents.
      const awsArns = r.Policies?.filter((p) => p.Arn?.startsWith('arn:aws:iam::aws:')).map((p) => p.Arn).sort();
      assert.deepEqual(awsArns, ['arn:aws:iam::aws:policy/AdministratorAccess', 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess', 'arn:aws:iam::aws:policy/ReadOnlyAccess']);
      const adminPolicy = r.Policies?.find((p) => p.PolicyName === 'AdministratorAccess');
      assert.equal(adminPolicy?.AttachmentCount, 1);
      const def = adminPolicy?.PolicyVersionList?.find((v) => v.IsDefaultVersion);
      assert.deepEqual(JSON.parse(decodeURIComponent(def?.Document ?? '')).Statement, [{ Effect: 'Allow', Action: '*', Resource: '*' }]);

      // Filters.
      const usersOnly = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['User'] }));
      assert.ok((usersOnly.UserDetailList?.length ?? 0) >= 2);
      assert.deepEqual([usersOnly.GroupDetailList, usersOnly.RoleDetailList, usersOnly.Policies], [[], [], []]);
      const localOnly = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['LocalManagedPolicy'] }));
      assert.deepEqual(localOnly.Policies?.map((p) => p.PolicyName), ['Counted', 'Queues']);
      const awsOnly = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['AWSManagedPolicy', 'Group'] }));
      assert.equal(awsOnly.Policies?.length, 3);
      assert.ok((awsOnly.GroupDetailList?.length ?? 0) >= 2);
      assert.deepEqual(awsOnly.UserDetailList, []);

      // Paging across the four lists returns the same entities as one call.
      const paged = await allDetails(iam, 2);
      assert.ok(paged.pages > 2);
      assert.deepEqual(paged.UserDetailList.map((u) => u.UserName), r.UserDetailList?.map((u) => u.UserName));
      assert.deepEqual(paged.GroupDetailList.map((g) => g.GroupName), r.GroupDetailList?.map((g) => g.GroupName));
      assert.deepEqual(paged.Policies.map((p) => p.Arn), r.Policies?.map((p) => p.Arn));
      await rejects(iam.send(new GetAccountAuthorizationDetailsCommand({ Marker: 'not-a-marker' })), 'InvalidInputException', 400);
    });

    test('enforcement: a user allowed only GetAccountSummary', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'auditor' }));
      await iam.send(new PutUserPolicyCommand({ UserName: 'auditor', PolicyName: 'Summary', PolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetAccountSummary","Resource":"*"}]}' }));
      const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'auditor' }))).AccessKey;
      const auditor = s.iam({ accessKeyId: key?.AccessKeyId ?? '', secretAccessKey: key?.SecretAccessKey ?? '' });
      assert.ok((await auditor.send(new GetAccountSummaryCommand({}))).SummaryMap?.Users);
      await rejects(
        auditor.send(new GetAccountAuthorizationDetailsCommand({})),
        'AccessDenied',
        403,
        new RegExp(`User: arn:aws:iam::${acct}:user/auditor is not authorized to perform: iam:GetAccountAuthorizationDetails on resource: \\* because no identity-based policy allows`),
      );
      await rejects(auditor.send(new CreateAccountAliasCommand({ AccountAlias: 'sneaky' })), 'AccessDenied', 403, /iam:CreateAccountAlias on resource: \*/);
      assert.deepEqual((await iam.send(new ListAccountAliasesCommand({}))).AccountAliases, []);
    });
  });
}
