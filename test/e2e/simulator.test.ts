/**
 * The policy simulator through the real AWS SDK v3 client against a live server, on both storage backends:
 * custom and principal simulations, matched statements with their positions, missing context keys,
 * boundaries, resource results, exclusions, errors and enforcement.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateUserCommand,
  GetContextKeysForCustomPolicyCommand,
  GetContextKeysForPrincipalPolicyCommand,
  PutUserPolicyCommand,
  SimulateCustomPolicyCommand,
  SimulatePrincipalPolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { backends, startLiveServer, type LiveServer } from '../support/live-server.js';
import { rejects } from '../support/aws-errors.js';

/** The Power User policy of seed 004, laid out as the seed writes it (positions below depend on it). */
const POWER_USER = `{
  "Version" : "2012-10-17",
  "Statement" : [
    {
      "Sid" : "AllowAll",
      "Effect" : "Allow",
      "Action" : "*",
      "Resource" : "*"
    },
    {
      "Sid" : "DenyAwsPortalIam",
      "Effect" : "Deny",
      "Action" : [
        "aws-portal:*",
        "iam:*"
      ],
      "Resource" : "*"
    }
  ]
}`;

const MFA_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: 'ec2:*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } },
    { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::home/${aws:username}/*' },
  ],
});

for (const { backend, skip } of backends()) {
  describe(`policy simulator (${backend})`, { skip }, () => {
    let s: LiveServer;
    let iam: IAMClient;
    let acct: string;
    before(async () => {
      s = await startLiveServer(backend);
      iam = s.iam();
      acct = s.account.accountId;
    });
    after(() => s?.close());

    test('the seed power-user policy: S3 allowed, IAM denied, each by its statement and its position', async () => {
      const r = await iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [POWER_USER], ActionNames: ['s3:GetObject', 'iam:CreateUser', 'aws-portal:ViewBilling'] }));
      assert.equal(r.IsTruncated, false);
      const [s3, iamCreate, billing] = r.EvaluationResults ?? [];
      assert.equal(s3?.EvalActionName, 's3:GetObject');
      assert.equal(s3?.EvalResourceName, '*');
      assert.equal(s3?.EvalDecision, 'allowed');
      assert.deepEqual(s3?.MatchedStatements, [
        { SourcePolicyId: 'PolicyInputList.1', SourcePolicyType: 'IAM Policy', StartPosition: { Line: 4, Column: 6 }, EndPosition: { Line: 9, Column: 6 } },
      ]);
      assert.deepEqual(s3?.MissingContextValues, []);
      assert.equal(s3?.ResourceSpecificResults, undefined);
      assert.equal(s3?.EvalDecisionDetails, undefined);
      // The deny is the only statement reported, though AllowAll matched too.
      assert.equal(iamCreate?.EvalDecision, 'explicitDeny');
      assert.deepEqual(iamCreate?.MatchedStatements, [
        { SourcePolicyId: 'PolicyInputList.1', SourcePolicyType: 'IAM Policy', StartPosition: { Line: 10, Column: 6 }, EndPosition: { Line: 18, Column: 6 } },
      ]);
      assert.equal(billing?.EvalDecision, 'explicitDeny');
    });

    test('a one-line policy: positions as AWS reports them (just inside `{`, just after `}`)', async () => {
      const doc = '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-08-16T12:00:00Z"}}}}';
      const r = await iam.send(
        new SimulateCustomPolicyCommand({
          PolicyInputList: [doc],
          ActionNames: ['dynamodb:CreateBackup'],
          ContextEntries: [{ ContextKeyName: 'aws:CurrentTime', ContextKeyValues: ['2019-04-25T11:00:00Z'], ContextKeyType: 'date' }],
        }),
      );
      assert.equal(r.EvaluationResults?.[0]?.EvalDecision, 'allowed');
      assert.deepEqual(r.EvaluationResults?.[0]?.MatchedStatements?.[0]?.StartPosition, { Line: 1, Column: 38 });
      assert.deepEqual(r.EvaluationResults?.[0]?.MatchedStatements?.[0]?.EndPosition, { Line: 1, Column: 167 });
      const early = await iam.send(
        new SimulateCustomPolicyCommand({
          PolicyInputList: [doc],
          ActionNames: ['dynamodb:CreateBackup'],
          ContextEntries: [{ ContextKeyName: 'aws:CurrentTime', ContextKeyValues: ['2014-04-25T11:00:00Z'], ContextKeyType: 'date' }],
        }),
      );
      assert.equal(early.EvaluationResults?.[0]?.EvalDecision, 'implicitDeny');
      assert.deepEqual(early.EvaluationResults?.[0]?.MatchedStatements, []);
    });

    test('a context-dependent policy: the missing key is reported, and supplying it allows', async () => {
      const keys = await iam.send(new GetContextKeysForCustomPolicyCommand({ PolicyInputList: [MFA_POLICY] }));
      assert.deepEqual(keys.ContextKeyNames, ['aws:MultiFactorAuthPresent', 'aws:username']);
      const missing = await iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [MFA_POLICY], ActionNames: ['ec2:RunInstances'] }));
      assert.equal(missing.EvaluationResults?.[0]?.EvalDecision, 'implicitDeny');
      assert.deepEqual(missing.EvaluationResults?.[0]?.MissingContextValues, ['aws:MultiFactorAuthPresent']);
      const withMfa = await iam.send(
        new SimulateCustomPolicyCommand({
          PolicyInputList: [MFA_POLICY],
          ActionNames: ['ec2:RunInstances'],
          ContextEntries: [{ ContextKeyName: 'aws:MultiFactorAuthPresent', ContextKeyValues: ['true'], ContextKeyType: 'boolean' }],
        }),
      );
      assert.equal(withMfa.EvaluationResults?.[0]?.EvalDecision, 'allowed');
      assert.deepEqual(withMfa.EvaluationResults?.[0]?.MissingContextValues, []);
      const noMfa = await iam.send(
        new SimulateCustomPolicyCommand({
          PolicyInputList: [MFA_POLICY],
          ActionNames: ['ec2:RunInstances'],
          ContextEntries: [{ ContextKeyName: 'aws:MultiFactorAuthPresent', ContextKeyValues: ['false'], ContextKeyType: 'boolean' }],
        }),
      );
      assert.equal(noMfa.EvaluationResults?.[0]?.EvalDecision, 'implicitDeny');
      assert.deepEqual(noMfa.EvaluationResults?.[0]?.MissingContextValues, []);
    });

    test('resources: one result per action, per-resource results, the action’s ARN template', async () => {
      const doc = JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::pub/*' },
          { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::pub/secret/*' },
        ],
      });
      const r = await iam.send(
        new SimulateCustomPolicyCommand({ PolicyInputList: [doc], ActionNames: ['s3:GetObject'], ResourceArns: ['arn:aws:s3:::pub/a', 'arn:aws:s3:::pub/secret/b', 'arn:aws:s3:::other/c'] }),
      );
      assert.equal(r.EvaluationResults?.length, 1);
      const e = r.EvaluationResults?.[0];
      assert.equal(e?.EvalDecision, 'explicitDeny');
      assert.equal(e?.EvalResourceName, 'arn:${Partition}:s3:::${BucketName}/${ObjectName}');
      assert.deepEqual(e?.EvalDecisionDetails, {});
      assert.deepEqual(
        e?.ResourceSpecificResults?.map((x) => [x.EvalResourceName, x.EvalResourceDecision, x.MatchedStatements?.length]),
        [
          ['arn:aws:s3:::pub/a', 'allowed', 1],
          ['arn:aws:s3:::pub/secret/b', 'explicitDeny', 1],
          ['arn:aws:s3:::other/c', 'implicitDeny', 0],
        ],
      );
      assert.deepEqual(e?.MatchedStatements?.map((m) => m.StartPosition?.Column), [doc.indexOf('{"Effect":"Deny"') + 2]);
    });

    test('a permissions boundary limits what the policies allow, and says so', async () => {
      const boundary = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
      const r = await iam.send(
        new SimulateCustomPolicyCommand({ PolicyInputList: [POWER_USER], PermissionsBoundaryPolicyInputList: [boundary], ActionNames: ['s3:GetObject', 's3:PutObject'] }),
      );
      const [get, put] = r.EvaluationResults ?? [];
      assert.equal(get?.EvalDecision, 'allowed');
      assert.deepEqual(get?.PermissionsBoundaryDecisionDetail, { AllowedByPermissionsBoundary: true });
      assert.equal(put?.EvalDecision, 'implicitDeny');
      assert.deepEqual(put?.PermissionsBoundaryDecisionDetail, { AllowedByPermissionsBoundary: false });
    });

    test('SCP levels: every level must allow', async () => {
      const allowAll = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
      const onlyS3 = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] });
      const r = await iam.send(
        new SimulateCustomPolicyCommand({
          PolicyInputList: [allowAll],
          OrderedOrganizationPolicyInputList: [{ ServiceControlPolicyInputList: [allowAll] }, { ServiceControlPolicyInputList: [onlyS3] }],
          ActionNames: ['s3:GetObject', 'ec2:RunInstances'],
        }),
      );
      assert.deepEqual(r.EvaluationResults?.map((e) => [e.EvalDecision, e.OrganizationsDecisionDetail?.AllowedByOrganizations]), [
        ['allowed', true],
        ['implicitDeny', false],
      ]);
      // SCP statements are not among the matched statements.
      assert.deepEqual(r.EvaluationResults?.[0]?.MatchedStatements?.map((m) => m.SourcePolicyId), ['PolicyInputList.1']);
    });

    test('paging over actions with MaxItems and Marker', async () => {
      const actions = ['s3:GetObject', 's3:PutObject', 'iam:GetUser'];
      const p1 = await iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [POWER_USER], ActionNames: actions, MaxItems: 2 }));
      assert.equal(p1.IsTruncated, true);
      assert.deepEqual(p1.EvaluationResults?.map((e) => e.EvalActionName), actions.slice(0, 2));
      const p2 = await iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [POWER_USER], ActionNames: actions, MaxItems: 2, Marker: p1.Marker }));
      assert.equal(p2.IsTruncated, false);
      assert.deepEqual(p2.EvaluationResults?.map((e) => [e.EvalActionName, e.EvalDecision]), [['iam:GetUser', 'explicitDeny']]);
    });

    test('a principal: its own inline policy, its group’s managed policy, each named as AWS names them', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'power' }));
      await iam.send(new PutUserPolicyCommand({ UserName: 'power', PolicyName: 'PowerUser', PolicyDocument: POWER_USER }));
      await iam.send(new CreateGroupCommand({ GroupName: 'auditors' }));
      await iam.send(new AttachGroupPolicyCommand({ GroupName: 'auditors', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' }));
      await iam.send(new AddUserToGroupCommand({ GroupName: 'auditors', UserName: 'power' }));
      const arn = `arn:aws:iam::${acct}:user/power`;
      const r = await iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: arn, ActionNames: ['s3:ListBucket', 'iam:GetUser', 'ec2:RunInstances'] }));
      const [list, getUser, run] = r.EvaluationResults ?? [];
      assert.equal(list?.EvalDecision, 'allowed');
      assert.deepEqual(list?.MatchedStatements?.map((m) => [m.SourcePolicyId, m.StartPosition?.Line]), [['user_power_PowerUser', 4]]);
      // The inline Deny of iam:* wins over the group's IAMReadOnlyAccess.
      assert.equal(getUser?.EvalDecision, 'explicitDeny');
      assert.deepEqual(getUser?.MatchedStatements?.map((m) => m.SourcePolicyId), ['user_power_PowerUser']);
      assert.equal(run?.EvalDecision, 'allowed');

      // Excluding the inline policy leaves the group's read-only access.
      const without = await iam.send(
        new SimulatePrincipalPolicyCommand({
          PolicySourceArn: arn,
          ActionNames: ['iam:GetUser', 'ec2:RunInstances'],
          PolicyExclusionList: [{ InlinePolicyIdentifier: { PolicyName: 'PowerUser', AttachmentType: 'user', AttachmentName: 'pow*' } }],
        }),
      );
      assert.deepEqual(without.EvaluationResults?.map((e) => [e.EvalDecision, e.MatchedStatements?.[0]?.SourcePolicyId]), [
        ['allowed', 'IAMReadOnlyAccess'],
        ['implicitDeny', undefined],
      ]);
      const byType = await iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: arn, ActionNames: ['iam:GetUser'], PolicyExclusionList: [{ PolicyType: 'aws-managed' }] }));
      assert.equal(byType.EvaluationResults?.[0]?.EvalDecision, 'explicitDeny');

      // A group is simulated with its own policies.
      const group = await iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${acct}:group/auditors`, ActionNames: ['iam:ListUsers', 's3:ListBucket'] }));
      assert.deepEqual(group.EvaluationResults?.map((e) => e.EvalDecision), ['allowed', 'implicitDeny']);

      const keys = await iam.send(new GetContextKeysForPrincipalPolicyCommand({ PolicySourceArn: arn, PolicyInputList: [MFA_POLICY] }));
      assert.deepEqual(keys.ContextKeyNames, ['aws:MultiFactorAuthPresent', 'aws:username']);
    });

    test('the admin created by init is allowed by AdministratorAccess, through its group', async () => {
      const r = await iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${acct}:user/admin`, ActionNames: ['iam:CreateUser'] }));
      assert.equal(r.EvaluationResults?.[0]?.EvalDecision, 'allowed');
      assert.equal(r.EvaluationResults?.[0]?.MatchedStatements?.[0]?.SourcePolicyId, 'AdministratorAccess');
    });

    test('AWS errors: unknown principal, not a principal, another account, bad documents', async () => {
      await rejects(
        iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${acct}:user/nobody`, ActionNames: ['s3:GetObject'] })),
        'NoSuchEntityException',
        404,
        /^The user with name nobody cannot be found\.$/,
      );
      await rejects(
        iam.send(new GetContextKeysForPrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${acct}:role/ghost` })),
        'NoSuchEntityException',
        404,
        /^The role with name ghost cannot be found\.$/,
      );
      const session = `arn:aws:sts::${acct}:assumed-role/r/s`;
      await rejects(
        iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: session, ActionNames: ['s3:GetObject'] })),
        'InvalidInputException',
        400,
        new RegExp(`^Invalid Entity Arn: ${session} does not clearly define entity type and name\\.$`),
      );
      await rejects(
        iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: 'arn:aws:iam::999999999999:user/x', ActionNames: ['s3:GetObject'] })),
        'InvalidInputException',
        400,
        new RegExp(`caller's account ${acct} does not have access to policies in account 999999999999`),
      );
      await rejects(iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: ['{"Statement":'], ActionNames: ['s3:GetObject'] })), 'InvalidInputException', 400);
      await rejects(iam.send(new GetContextKeysForCustomPolicyCommand({ PolicyInputList: ['not json'] })), 'InvalidInputException', 400);
      const resourcePolicy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }] });
      await rejects(
        iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [POWER_USER], ResourcePolicy: resourcePolicy, ActionNames: ['s3:GetObject'] })),
        'InvalidInputException',
        400,
        /Caller must be an IAM user/,
      );
    });

    test('a resource policy that names the caller grants on its own; across accounts both sides must allow', async () => {
      const caller = `arn:aws:iam::${acct}:user/power`;
      const nothing = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*' }] });
      const bucketPolicy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: caller }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] });
      const same = await iam.send(
        new SimulateCustomPolicyCommand({ PolicyInputList: [nothing], ResourcePolicy: bucketPolicy, CallerArn: caller, ActionNames: ['s3:GetObject'], ResourceArns: ['arn:aws:s3:::b/k'] }),
      );
      assert.equal(same.EvaluationResults?.[0]?.EvalDecision, 'allowed');
      assert.deepEqual(same.EvaluationResults?.[0]?.MatchedStatements?.map((m) => [m.SourcePolicyId, m.SourcePolicyType]), [['ResourcePolicy', 'Resource Policy']]);
      const cross = await iam.send(
        new SimulateCustomPolicyCommand({
          PolicyInputList: [nothing],
          ResourcePolicy: bucketPolicy,
          CallerArn: caller,
          ResourceOwner: 'arn:aws:iam::999999999999:root',
          ActionNames: ['s3:GetObject'],
          ResourceArns: ['arn:aws:s3:::b/k'],
        }),
      );
      assert.equal(cross.EvaluationResults?.[0]?.EvalDecision, 'implicitDeny');
      assert.deepEqual(cross.EvaluationResults?.[0]?.EvalDecisionDetails, { 'IAM Policy': 'implicitDeny', 'Resource Policy': 'allowed' });
    });

    test('enforcement: a user allowed to simulate only itself', async () => {
      await iam.send(new CreateUserCommand({ UserName: 'self' }));
      const self = `arn:aws:iam::${acct}:user/self`;
      await iam.send(new PutUserPolicyCommand({ UserName: 'self', PolicyName: 'SimulateSelf', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:SimulatePrincipalPolicy', Resource: self }] }) }));
      const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'self' }))).AccessKey;
      const client = s.iam({ accessKeyId: key?.AccessKeyId ?? '', secretAccessKey: key?.SecretAccessKey ?? '' });
      const mine = await client.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: self, ActionNames: ['iam:SimulatePrincipalPolicy'], ResourceArns: [self] }));
      assert.equal(mine.EvaluationResults?.[0]?.EvalDecision, 'allowed');
      await rejects(
        client.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${acct}:user/admin`, ActionNames: ['s3:GetObject'] })),
        'AccessDenied',
        403,
        new RegExp(`not authorized to perform: iam:SimulatePrincipalPolicy on resource: arn:aws:iam::${acct}:user/admin because no identity-based policy allows`),
      );
      await rejects(
        client.send(new SimulateCustomPolicyCommand({ PolicyInputList: [POWER_USER], ActionNames: ['s3:GetObject'] })),
        'AccessDenied',
        403,
        /iam:SimulateCustomPolicy on resource: \*/,
      );
    });
  });
}
