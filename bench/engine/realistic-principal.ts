/**
 * Case 2: a realistic principal. alice (tag team=platform) is in three groups (AllUsers, Developers,
 * Platform) and has one policy of her own: 10 policies, 60 statements, with the conditions and variables
 * real accounts use (force-MFA, corporate network and region guards, S3 home folders, tag-based EC2 access,
 * team-scoped tables, secrets and stacks). The requests carry the context AWS would supply.
 */
import { ACCOUNT, type BenchCase, type BenchRequest, type NamedPolicy } from './bench-case.js';

const A = ACCOUNT;
const NOW = '2026-11-30T12:00:00Z';

const policies: NamedPolicy[] = [
  {
    name: 'AllUsers/ForceMFA',
    document: {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'AllowViewAccountInfo', Effect: 'Allow', Action: ['iam:GetAccountPasswordPolicy', 'iam:ListVirtualMFADevices'], Resource: '*' },
        { Sid: 'AllowManageOwnPasswords', Effect: 'Allow', Action: ['iam:ChangePassword', 'iam:GetUser'], Resource: 'arn:aws:iam::*:user/${aws:username}' },
        { Sid: 'AllowManageOwnAccessKeys', Effect: 'Allow', Action: ['iam:CreateAccessKey', 'iam:DeleteAccessKey', 'iam:ListAccessKeys', 'iam:UpdateAccessKey', 'iam:GetAccessKeyLastUsed'], Resource: 'arn:aws:iam::*:user/${aws:username}' },
        { Sid: 'AllowManageOwnVirtualMFADevice', Effect: 'Allow', Action: 'iam:CreateVirtualMFADevice', Resource: 'arn:aws:iam::*:mfa/*' },
        { Sid: 'AllowManageOwnUserMFA', Effect: 'Allow', Action: ['iam:DeactivateMFADevice', 'iam:EnableMFADevice', 'iam:ListMFADevices', 'iam:ResyncMFADevice'], Resource: 'arn:aws:iam::*:user/${aws:username}' },
        {
          Sid: 'DenyAllExceptListedIfNoMFA',
          Effect: 'Deny',
          NotAction: ['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice', 'iam:GetUser', 'iam:ListMFADevices', 'iam:ListVirtualMFADevices', 'iam:ResyncMFADevice', 'sts:GetSessionToken'],
          Resource: '*',
          Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
        },
      ],
    },
  },
  {
    name: 'AllUsers/NetworkGuard',
    document: {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'DenyOutsideCorpNetwork',
          Effect: 'Deny',
          NotAction: 'sts:GetCallerIdentity',
          Resource: '*',
          Condition: { NotIpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.0.2.0/24', '203.0.113.0/24'] }, Bool: { 'aws:ViaAWSService': 'false' } },
        },
        { Sid: 'DenyInsecureTransport', Effect: 'Deny', Action: ['s3:*', 'sqs:*', 'sns:*'], Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
        { Sid: 'DenyLeaveOrganization', Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' },
        {
          Sid: 'DenyNetworkChangesOutsideNetworkTeam',
          Effect: 'Deny',
          Action: ['ec2:CreateVpc', 'ec2:DeleteVpc', 'ec2:AttachInternetGateway', 'ec2:CreateVpcPeeringConnection'],
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:PrincipalTag/team': 'network' } },
        },
        { Sid: 'DenyBucketPolicyChanges', Effect: 'Deny', Action: ['s3:PutBucketPolicy', 's3:DeleteBucketPolicy', 's3:PutBucketAcl'], Resource: 'arn:aws:s3:::corp-*' },
      ],
    },
  },
  {
    name: 'AllUsers/RegionGuard',
    document: {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'DenyOutsideApprovedRegions',
          Effect: 'Deny',
          NotAction: ['iam:*', 'sts:*', 'organizations:*', 'cloudfront:*', 'route53:*', 'support:*', 'budgets:*', 'waf:*', 'health:*'],
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } },
        },
        { Sid: 'DenyExpensiveInstanceTypes', Effect: 'Deny', Action: 'ec2:RunInstances', Resource: 'arn:aws:ec2:*:*:instance/*', Condition: { StringLike: { 'ec2:InstanceType': ['p4d.*', 'p5.*', 'x2iedn.*'] } } },
      ],
    },
  },
  {
    name: 'Developers/S3Home',
    document: {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'AllowListAllBuckets', Effect: 'Allow', Action: ['s3:ListAllMyBuckets', 's3:GetBucketLocation'], Resource: 'arn:aws:s3:::*' },
        { Sid: 'AllowListHomePrefix', Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::corp-home', Condition: { StringLike: { 's3:prefix': ['', 'home/', 'home/${aws:username}/*'] } } },
        { Sid: 'AllowListHomeVersions', Effect: 'Allow', Action: 's3:ListBucketVersions', Resource: 'arn:aws:s3:::corp-home', Condition: { StringLike: { 's3:prefix': 'home/${aws:username}/*' } } },
        { Sid: 'AllowHomeObjects', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:GetObjectVersion'], Resource: 'arn:aws:s3:::corp-home/home/${aws:username}/*' },
        { Sid: 'AllowTeamShared', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::corp-shared', 'arn:aws:s3:::corp-shared/${aws:PrincipalTag/team}/*'] },
        { Sid: 'DenyUnencryptedPut', Effect: 'Deny', Action: 's3:PutObject', Resource: '*', Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } } },
      ],
    },
  },
  {
    name: 'Developers/Ec2TeamAbac',
    document: {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'AllowDescribe', Effect: 'Allow', Action: ['ec2:Describe*', 'elasticloadbalancing:Describe*', 'autoscaling:Describe*', 'cloudwatch:DescribeAlarms', 'cloudwatch:GetMetricData'], Resource: '*' },
        {
          Sid: 'AllowTeamInstanceLifecycle',
          Effect: 'Allow',
          Action: ['ec2:StartInstances', 'ec2:StopInstances', 'ec2:RebootInstances'],
          Resource: `arn:aws:ec2:*:${A}:instance/*`,
          Condition: { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } },
        },
        {
          Sid: 'AllowRunWithTeamTag',
          Effect: 'Allow',
          Action: 'ec2:RunInstances',
          Resource: `arn:aws:ec2:*:${A}:instance/*`,
          Condition: { StringEquals: { 'aws:RequestTag/team': '${aws:PrincipalTag/team}' }, 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'name', 'env'] } },
        },
        {
          Sid: 'AllowRunSupportingResources',
          Effect: 'Allow',
          Action: 'ec2:RunInstances',
          Resource: ['arn:aws:ec2:*::image/ami-*', `arn:aws:ec2:*:${A}:subnet/*`, `arn:aws:ec2:*:${A}:network-interface/*`, `arn:aws:ec2:*:${A}:security-group/*`, `arn:aws:ec2:*:${A}:volume/*`, `arn:aws:ec2:*:${A}:key-pair/*`],
        },
        { Sid: 'AllowTagOnCreate', Effect: 'Allow', Action: 'ec2:CreateTags', Resource: `arn:aws:ec2:*:${A}:*/*`, Condition: { StringEquals: { 'ec2:CreateAction': 'RunInstances' } } },
        {
          Sid: 'DenyTeamTagChanges',
          Effect: 'Deny',
          Action: ['ec2:CreateTags', 'ec2:DeleteTags'],
          Resource: '*',
          Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['team', 'cost-center'] }, StringNotEquals: { 'ec2:CreateAction': 'RunInstances' } },
        },
        { Sid: 'AllowTerminateOwn', Effect: 'Allow', Action: 'ec2:TerminateInstances', Resource: `arn:aws:ec2:*:${A}:instance/*`, Condition: { StringEquals: { 'aws:ResourceTag/owner': '${aws:username}' } } },
      ],
    },
  },
  {
    name: 'Developers/LambdaDev',
    document: {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'AllowDevFunctions', Effect: 'Allow', Action: 'lambda:*', Resource: `arn:aws:lambda:*:${A}:function:dev-*` },
        { Sid: 'AllowListFunctions', Effect: 'Allow', Action: ['lambda:List*', 'lambda:GetAccountSettings'], Resource: '*' },
        { Sid: 'AllowPassLambdaRole', Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${A}:role/lambda-dev-*`, Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } } },
        { Sid: 'AllowDevLogs', Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:GetLogEvents', 'logs:FilterLogEvents'], Resource: `arn:aws:logs:*:${A}:log-group:/aws/lambda/dev-*` },
        { Sid: 'DenyProdChanges', Effect: 'Deny', Action: ['lambda:DeleteFunction', 'lambda:UpdateFunctionCode', 'lambda:UpdateFunctionConfiguration', 'lambda:PutFunctionConcurrency'], Resource: 'arn:aws:lambda:*:*:function:prod-*' },
        { Sid: 'DenyPublicFunctionUrls', Effect: 'Deny', Action: 'lambda:CreateFunctionUrlConfig', Resource: '*', Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE' } } },
      ],
    },
  },
  {
    name: 'Developers/Observability',
    document: {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'AllowMetricsRead', Effect: 'Allow', Action: ['cloudwatch:Get*', 'cloudwatch:List*', 'cloudwatch:Describe*'], Resource: '*' },
        { Sid: 'AllowLogsRead', Effect: 'Allow', Action: ['logs:Describe*', 'logs:Get*', 'logs:StartQuery', 'logs:StopQuery', 'logs:FilterLogEvents'], Resource: `arn:aws:logs:*:${A}:log-group:*` },
        { Sid: 'AllowTracesRead', Effect: 'Allow', Action: ['xray:Get*', 'xray:BatchGetTraces'], Resource: '*' },
        { Sid: 'AllowTeamDashboards', Effect: 'Allow', Action: ['cloudwatch:PutDashboard', 'cloudwatch:DeleteDashboards'], Resource: `arn:aws:cloudwatch::${A}:dashboard/\${aws:PrincipalTag/team}-*` },
        { Sid: 'AllowTeamAlerts', Effect: 'Allow', Action: 'sns:Publish', Resource: `arn:aws:sns:*:${A}:\${aws:PrincipalTag/team}-alerts` },
        { Sid: 'DenyAlarmDeletionOutsideSre', Effect: 'Deny', Action: 'cloudwatch:DeleteAlarms', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalTag/team': 'sre' } } },
      ],
    },
  },
  {
    name: 'Platform/DynamoTeamTables',
    document: {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AllowTeamTables',
          Effect: 'Allow',
          Action: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:DescribeTable', 'dynamodb:ConditionCheckItem'],
          Resource: [`arn:aws:dynamodb:*:${A}:table/\${aws:PrincipalTag/team}-*`, `arn:aws:dynamodb:*:${A}:table/\${aws:PrincipalTag/team}-*/index/*`],
        },
        { Sid: 'AllowListTables', Effect: 'Allow', Action: ['dynamodb:ListTables', 'dynamodb:DescribeLimits'], Resource: '*' },
        { Sid: 'AllowListStreams', Effect: 'Allow', Action: 'dynamodb:ListStreams', Resource: '*' },
        {
          Sid: 'AllowOwnRowsInSharedProfiles',
          Effect: 'Allow',
          Action: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
          Resource: `arn:aws:dynamodb:*:${A}:table/shared-profiles`,
          Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': '${aws:username}' } },
        },
        { Sid: 'DenyTableAdministration', Effect: 'Deny', Action: ['dynamodb:DeleteTable', 'dynamodb:UpdateTable', 'dynamodb:DeleteBackup', 'dynamodb:RestoreTableFromBackup'], Resource: '*' },
        {
          Sid: 'AllowBackupsWithRecentMfa',
          Effect: 'Allow',
          Action: 'dynamodb:CreateBackup',
          Resource: `arn:aws:dynamodb:*:${A}:table/\${aws:PrincipalTag/team}-*`,
          Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' }, NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } },
        },
        { Sid: 'DenyStreamReadsOutsideVpce', Effect: 'Deny', Action: 'dynamodb:GetRecords', Resource: '*', Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-0a1b2c3d4e5f60789' } } },
      ],
    },
  },
  {
    name: 'Platform/InfraDeploys',
    document: {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AllowTeamStacksDuringProgramme',
          Effect: 'Allow',
          Action: 'cloudformation:*',
          Resource: `arn:aws:cloudformation:*:${A}:stack/\${aws:PrincipalTag/team}-*/*`,
          Condition: { DateGreaterThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' }, DateLessThan: { 'aws:CurrentTime': '2027-12-31T23:59:59Z' } },
        },
        { Sid: 'AllowStackRead', Effect: 'Allow', Action: ['cloudformation:Describe*', 'cloudformation:List*', 'cloudformation:Get*', 'cloudformation:ValidateTemplate'], Resource: '*' },
        {
          Sid: 'AllowTeamImages',
          Effect: 'Allow',
          Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:PutImage', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:BatchCheckLayerAvailability'],
          Resource: `arn:aws:ecr:*:${A}:repository/\${aws:PrincipalTag/team}/*`,
        },
        { Sid: 'AllowRegistryLogin', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
        { Sid: 'AllowTeamParameters', Effect: 'Allow', Action: ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath'], Resource: `arn:aws:ssm:*:${A}:parameter/\${aws:PrincipalTag/team}/*` },
        { Sid: 'DenyUntaggedParameters', Effect: 'Deny', Action: 'ssm:PutParameter', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestTag/team': '${aws:PrincipalTag/team}' } } },
        { Sid: 'AllowTeamBuilds', Effect: 'Allow', Action: ['codebuild:StartBuild', 'codebuild:BatchGetBuilds'], Resource: `arn:aws:codebuild:*:${A}:project/\${aws:PrincipalTag/team}-*` },
      ],
    },
  },
  {
    name: 'alice/SecretsKeysAndRoles',
    document: {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'AllowTeamSecrets', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: `arn:aws:secretsmanager:*:${A}:secret:\${aws:PrincipalTag/team}/*` },
        { Sid: 'AllowListSecrets', Effect: 'Allow', Action: 'secretsmanager:ListSecrets', Resource: '*' },
        { Sid: 'DenySecretsWithStaleMfa', Effect: 'Deny', Action: 'secretsmanager:GetSecretValue', Resource: '*', Condition: { NumericGreaterThanIfExists: { 'aws:MultiFactorAuthAge': '43200' } } },
        {
          Sid: 'AllowKmsThroughServices',
          Effect: 'Allow',
          Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*'],
          Resource: `arn:aws:kms:*:${A}:key/*`,
          Condition: { StringLike: { 'kms:ViaService': ['s3.*.amazonaws.com', 'secretsmanager.*.amazonaws.com', 'dynamodb.*.amazonaws.com'] } },
        },
        { Sid: 'AllowKmsDescribe', Effect: 'Allow', Action: ['kms:DescribeKey', 'kms:ListAliases', 'kms:ListKeys'], Resource: '*' },
        { Sid: 'DenyKeyDeletion', Effect: 'Deny', Action: ['kms:ScheduleKeyDeletion', 'kms:DisableKey'], Resource: '*' },
        { Sid: 'AllowAssumeTeamDeployRole', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${A}:role/\${aws:PrincipalTag/team}-deploy` },
        { Sid: 'AllowTagSessions', Effect: 'Allow', Action: 'sts:TagSession', Resource: `arn:aws:iam::${A}:role/\${aws:PrincipalTag/team}-deploy`, Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team', 'session-purpose'] } } },
        { Sid: 'AllowSessionToken', Effect: 'Allow', Action: 'sts:GetSessionToken', Resource: '*' },
      ],
    },
  },
];

const base: Record<string, string> = {
  'aws:SourceIp': '10.20.30.40',
  'aws:MultiFactorAuthPresent': 'true',
  'aws:MultiFactorAuthAge': '900',
  'aws:CurrentTime': NOW,
  'aws:EpochTime': String(Date.parse(NOW) / 1000),
  'aws:RequestedRegion': 'us-east-1',
  'aws:SecureTransport': 'true',
  'aws:ViaAWSService': 'false',
};

function req(label: string, action: string, resource: string, expected: BenchRequest['expected'], extra: Record<string, string | string[]> = {}): BenchRequest {
  return { label, action, resource, expected, context: { ...base, ...extra } };
}

const requests: BenchRequest[] = [
  req('own home object', 's3:GetObject', 'arn:aws:s3:::corp-home/home/alice/notes.txt', 'Allowed'),
  req("another user's home object", 's3:GetObject', 'arn:aws:s3:::corp-home/home/bob/notes.txt', 'ImplicitlyDenied'),
  req('list own home prefix', 's3:ListBucket', 'arn:aws:s3:::corp-home', 'Allowed', { 's3:prefix': 'home/alice/' }),
  req('encrypted put to home', 's3:PutObject', 'arn:aws:s3:::corp-home/home/alice/photo.jpg', 'Allowed', { 's3:x-amz-server-side-encryption': 'aws:kms' }),
  req('start team instance', 'ec2:StartInstances', `arn:aws:ec2:us-east-1:${A}:instance/i-0abc123456789def0`, 'Allowed', { 'aws:ResourceTag/team': 'platform' }),
  req("stop another team's instance", 'ec2:StopInstances', `arn:aws:ec2:us-east-1:${A}:instance/i-0def123456789abc0`, 'ImplicitlyDenied', { 'aws:ResourceTag/team': 'data' }),
  req('retag team key', 'ec2:CreateTags', `arn:aws:ec2:us-east-1:${A}:instance/i-0abc123456789def0`, 'ExplicitlyDenied', { 'aws:TagKeys': ['team', 'owner'], 'aws:RequestTag/team': 'data' }),
  req('invoke dev function', 'lambda:InvokeFunction', `arn:aws:lambda:us-east-1:${A}:function:dev-thumbnailer`, 'Allowed'),
  req('update prod function', 'lambda:UpdateFunctionCode', `arn:aws:lambda:us-east-1:${A}:function:prod-billing`, 'ExplicitlyDenied'),
  req('create access key without MFA', 'iam:CreateAccessKey', `arn:aws:iam::${A}:user/alice`, 'ExplicitlyDenied', { 'aws:MultiFactorAuthPresent': 'false' }),
  req('read team table', 'dynamodb:GetItem', `arn:aws:dynamodb:us-east-1:${A}:table/platform-orders`, 'Allowed'),
  req('delete team table', 'dynamodb:DeleteTable', `arn:aws:dynamodb:us-east-1:${A}:table/platform-orders`, 'ExplicitlyDenied'),
  req('create team stack in window', 'cloudformation:CreateStack', `arn:aws:cloudformation:us-east-1:${A}:stack/platform-network/7c1f2a30-0b7e-11f0-9c3e-0a1b2c3d4e5f`, 'Allowed'),
  req('read team secret', 'secretsmanager:GetSecretValue', `arn:aws:secretsmanager:us-east-1:${A}:secret:platform/db-AbCdEf`, 'Allowed'),
  req('read shared object off-network', 's3:GetObject', 'arn:aws:s3:::corp-shared/platform/runbook.md', 'ExplicitlyDenied', { 'aws:SourceIp': '198.51.100.7' }),
  req('run instance in unapproved region', 'ec2:RunInstances', `arn:aws:ec2:ap-south-1:${A}:instance/i-0fed123456789abc0`, 'ExplicitlyDenied', { 'aws:RequestedRegion': 'ap-south-1', 'aws:RequestTag/team': 'platform', 'aws:TagKeys': ['team'] }),
  req('decrypt through S3', 'kms:Decrypt', `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`, 'Allowed', { 'kms:ViaService': 's3.us-east-1.amazonaws.com' }),
  req('run tagged instance', 'ec2:RunInstances', `arn:aws:ec2:us-east-1:${A}:instance/i-0aaa123456789abc0`, 'Allowed', { 'aws:RequestTag/team': 'platform', 'aws:TagKeys': ['team', 'name'], 'ec2:InstanceType': 't3.micro' }),
  req('assume team deploy role', 'sts:AssumeRole', `arn:aws:iam::${A}:role/platform-deploy`, 'Allowed'),
  req('put untagged parameter', 'ssm:PutParameter', `arn:aws:ssm:us-east-1:${A}:parameter/platform/db-url`, 'ExplicitlyDenied'),
  req("read another team's table", 'dynamodb:GetItem', `arn:aws:dynamodb:us-east-1:${A}:table/data-orders`, 'ImplicitlyDenied'),
  req("start another team's build", 'codebuild:StartBuild', `arn:aws:codebuild:us-east-1:${A}:project/data-etl`, 'ImplicitlyDenied'),
];

export function realisticPrincipalCase(): BenchCase {
  const principal = `arn:aws:iam::${A}:user/alice`;
  return {
    id: 'realistic-principal',
    title: '2. realistic principal (3 groups, 10 policies, 60 statements, conditions and variables)',
    principal,
    principalContext: {
      'aws:username': 'alice',
      'aws:userid': 'AIDAJQABLZS4A3QDU576Q',
      'aws:PrincipalArn': principal,
      'aws:PrincipalAccount': A,
      'aws:PrincipalType': 'User',
      'aws:PrincipalTag/team': 'platform',
      'aws:PrincipalTag/cost-center': 'cc-4410',
    },
    policies,
    requests,
  };
}
