/**
 * Roles: CreateRole, GetRole, ListRoles, UpdateRole, UpdateRoleDescription, UpdateAssumeRolePolicy, DeleteRole,
 * role tags, and service-linked roles (CreateServiceLinkedRole, DeleteServiceLinkedRole,
 * GetServiceLinkedRoleDeletionStatus).
 */
import type { ContextValue } from '../../../policy/index.js';
import { validatePolicy } from '../../../policy/index.js';
import type { StructureValue } from '../../../protocol/model/index.js';
import type { RecordReader, RecordWriter } from '../../../store/contract.js';
import { isStoreError } from '../../../store/errors.js';
import { AwsError, deleteConflict, invalidInput, limitExceeded, malformedPolicy, noSuchEntity, unmodifiable } from '../../errors.js';
import type { Input } from '../../input.js';
import { roleArn } from '../arns.js';
import { boundaryOut, checkTags, date, encodeDocument, iamResourceTagContext, requestTagContext, resolveBoundary, tagsOut } from '../common.js';
import { dataOf, getData, key, requireRole, type RoleData } from '../entities.js';
import type { IamEnv, OperationTable } from '../operation.js';
import { pageMembers, pageOf } from '../pagination.js';
import { CASELESS_KEYS, tagOperations } from './tag-operations.js';

export const ROLES_PER_ACCOUNT = 1000;
export const DEFAULT_MAX_SESSION_DURATION = 3600;
/** Service-linked roles live under this path, and only they may (IAM refuses it in CreateRole). */
export const SERVICE_ROLE_PATH = '/aws-service-role/';

/** A stored role: RoleData plus members only some roles have (read them through the accessors below). */
export type RoleRecord = RoleData;

const optString = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const roleDescription = (r: RoleRecord): string | undefined => optString(r.Description);
export const roleBoundary = (r: RoleRecord): string | undefined => optString(r.PermissionsBoundary);

export function isServiceLinked(r: RoleRecord): boolean {
  return r.Path.startsWith(SERVICE_ROLE_PATH);
}

/** What IAM answers when a call would change a role only AWS may change (service-linked roles). */
export function protectedRole(name: string): AwsError {
  return unmodifiable(`Cannot perform the operation on the protected role '${name}' - this role is only modifiable by AWS`);
}

/** Refuses changes to a service-linked role through the ordinary role APIs. */
export function assertModifiable(r: RoleRecord): void {
  if (isServiceLinked(r)) throw protectedRole(r.RoleName);
}

/**
 * The shapes IAM gives a role in different answers: CreateRole (and roles inside instance profiles) leave out
 * Description, MaxSessionDuration and RoleLastUsed; ListRoles leaves out PermissionsBoundary, Tags and
 * RoleLastUsed; UpdateRoleDescription leaves out MaxSessionDuration and RoleLastUsed; GetRole has them all.
 */
export type RoleView = 'create' | 'embedded' | 'list' | 'describe' | 'get';

export function roleOut(r: RoleRecord, view: RoleView): StructureValue {
  const out: StructureValue = {
    Path: r.Path,
    RoleName: r.RoleName,
    RoleId: r.RoleId,
    Arn: r.Arn,
    CreateDate: date(r.CreateDate),
    AssumeRolePolicyDocument: encodeDocument(r.AssumeRolePolicyDocument),
  };
  if (view === 'embedded') return out;
  const description = roleDescription(r);
  if (description !== undefined && view !== 'create') out.Description = description;
  if (view === 'list' || view === 'get') out.MaxSessionDuration = r.MaxSessionDuration;
  if (view !== 'list') Object.assign(out, boundaryOut(r.PermissionsBoundary), tagsOut(r.Tags));
  if (view === 'get') out.RoleLastUsed = lastUsedOut(r);
  return out;
}

/** RoleLastUsed: empty until the role is used (the STS side records LastUsedDate and Region). */
function lastUsedOut(r: RoleRecord): StructureValue {
  const u = r.RoleLastUsed;
  if (typeof u !== 'object' || u === null || Array.isArray(u)) return {};
  const when = optString(u.LastUsedDate);
  const region = optString(u.Region);
  return { ...(when !== undefined ? { LastUsedDate: date(when) } : {}), ...(region !== undefined ? { Region: region } : {}) };
}

/**
 * The ARN AWS authorizes a call on a role against (with the role's path when it exists), the role's tags as
 * aws:ResourceTag/iam:ResourceTag, and its boundary as iam:PermissionsBoundary for the actions that have it.
 */
export async function roleTarget(env: IamEnv, roleName: string, withBoundary = false): Promise<{ resource: string; display: string; context: Record<string, ContextValue> }> {
  const { accountId } = env.ctx.caller;
  const r = await getData<RoleRecord>(env.deps.store, accountId, 'role', '', key(roleName));
  const context = iamResourceTagContext(r?.Tags);
  const boundary = r ? roleBoundary(r) : undefined;
  if (withBoundary && boundary !== undefined) context['iam:PermissionsBoundary'] = boundary;
  return { resource: r?.Arn ?? roleArn(accountId, '/', roleName), display: `role ${r?.RoleName ?? roleName}`, context };
}

const roleAuthz = (input: Input, env: IamEnv) => roleTarget(env, input.str('RoleName'));
const roleAuthzWithBoundary = (input: Input, env: IamEnv) => roleTarget(env, input.str('RoleName'), true);

/** Locks a role for the rest of the transaction; the record comes back for an update. */
export async function lockRole(tx: RecordWriter, accountId: string, roleName: string): Promise<{ role: RoleRecord; update: (data: RoleRecord) => Promise<void> }> {
  const rec = await tx.lock(accountId, 'role', '', key(roleName));
  if (!rec) throw noSuchEntity(`The role with name ${roleName} cannot be found.`);
  return { role: dataOf<RoleRecord>(rec), update: (data) => tx.update({ ...rec, data }) };
}

const roleTags = tagOperations({
  member: 'RoleName',
  authz: roleAuthz,
  tags: async (env, name) => (await requireRole(env.deps.store, env.ctx.caller.accountId, name)).Tags,
  updateTags: (env, name, change) =>
    env.deps.store.transaction(async (tx) => {
      const { role, update } = await lockRole(tx, env.ctx.caller.accountId, name);
      await update({ ...role, Tags: change(role.Tags) });
    }),
  keys: CASELESS_KEYS,
  sortList: false,
});

/**
 * Validates a trust policy as IAM does. Text that isn't JSON at all gets IAM's trust-policy wording, which
 * differs from the identity-policy one the shared validator returns.
 */
export function checkTrustPolicy(text: string): void {
  try {
    JSON.parse(text);
  } catch {
    throw malformedPolicy('This policy contains invalid Json');
  }
  const { iamError } = validatePolicy(text, { policyType: 'trust' });
  if (iamError) throw new AwsError(iamError.code, iamError.message);
}

/** Inserts a new role, keeping the account's role quota; name clashes are reported by the caller's `clash`. */
async function insertRole(tx: RecordWriter, accountId: string, role: RoleRecord, createdAt: number, clash: () => AwsError): Promise<void> {
  await tx.lock(accountId, 'account', '', accountId);
  if (await tx.get(accountId, 'role', '', key(role.RoleName))) throw clash();
  if ((await tx.count(accountId, 'role', '')) >= ROLES_PER_ACCOUNT) throw limitExceeded(`Cannot exceed quota for RolesPerAccount: ${ROLES_PER_ACCOUNT}`);
  try {
    await tx.insert({ accountId, kind: 'role', parent: '', key: key(role.RoleName), id: role.RoleId, path: role.Path, createdAt, data: role });
  } catch (e) {
    if (isStoreError(e, 'conflict')) throw clash();
    throw e;
  }
}

/** Removes a role and what hangs off it that AWS removes with it (attachments of a service-linked role). */
async function removeRole(tx: RecordWriter, accountId: string, roleName: string): Promise<void> {
  const parent = `role:${key(roleName)}`;
  await tx.deleteChildren(accountId, 'attached-policy', parent);
  await tx.deleteChildren(accountId, 'inline-policy', parent);
  await tx.delete(accountId, 'role', '', key(roleName));
}

export const roleOperations: OperationTable = {
  CreateRole: {
    authorize(input, env) {
      const boundary = input.optStr('PermissionsBoundary');
      return {
        resource: roleArn(env.ctx.caller.accountId, input.optStr('Path') ?? '/', input.str('RoleName')),
        context: { ...requestTagContext(input.tags()), ...(boundary !== undefined ? { 'iam:PermissionsBoundary': boundary } : {}) },
      };
    },
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const name = input.str('RoleName');
      const path = input.optStr('Path') ?? '/';
      if (path.startsWith(SERVICE_ROLE_PATH)) throw invalidInput(`Path prefix '${SERVICE_ROLE_PATH}' can only be used for AWS Service linked Roles`);
      const document = input.str('AssumeRolePolicyDocument');
      checkTrustPolicy(document);
      const tags = input.tags();
      checkTags(tags);
      const description = input.optStr('Description');
      const boundary = input.optStr('PermissionsBoundary');
      const role: RoleRecord = {
        RoleName: name,
        RoleId: deps.ids.uniqueId('AROA'),
        Path: path,
        Arn: roleArn(accountId, path, name),
        CreateDate: ctx.now.toISOString(),
        AssumeRolePolicyDocument: document,
        MaxSessionDuration: input.optInt('MaxSessionDuration') ?? DEFAULT_MAX_SESSION_DURATION,
        Tags: tags,
        ...(description !== undefined ? { Description: description } : {}),
        ...(boundary !== undefined ? { PermissionsBoundary: boundary } : {}),
      };
      await deps.store.transaction(async (tx) => {
        if (boundary !== undefined) await resolveBoundary(tx, deps, accountId, boundary);
        await insertRole(tx, accountId, role, ctx.now.getTime(), () => new AwsError('EntityAlreadyExists', `Role with name ${name} already exists.`));
      });
      return { Role: roleOut(role, 'create') };
    },
  },

  GetRole: {
    authorize: roleAuthzWithBoundary,
    async handle(input, { ctx, deps }) {
      return { Role: roleOut(await requireRole(deps.store, ctx.caller.accountId, input.str('RoleName')), 'get') };
    },
  },

  ListRoles: {
    authorize: (input, env) => ({ resource: roleArn(env.ctx.caller.accountId, input.optStr('PathPrefix') ?? '/', '') }),
    async handle(input, { ctx, deps }) {
      const prefix = input.optStr('PathPrefix');
      const page = await pageOf(deps.store, { accountId: ctx.caller.accountId, kind: 'role', parent: '', ...(prefix ? { pathPrefix: prefix } : {}) }, input.page());
      return { Roles: page.items.map((r) => roleOut(dataOf<RoleRecord>(r), 'list')), ...pageMembers(page) };
    },
  },

  UpdateRole: {
    authorize: roleAuthzWithBoundary,
    async handle(input, { ctx, deps }) {
      const description = input.optStr('Description');
      const duration = input.optInt('MaxSessionDuration');
      await deps.store.transaction(async (tx) => {
        const { role, update } = await lockRole(tx, ctx.caller.accountId, input.str('RoleName'));
        // AWS lets the description of a service-linked role be edited, nothing else about it.
        if (duration !== undefined) assertModifiable(role);
        await update({ ...role, ...(description !== undefined ? { Description: description } : {}), ...(duration !== undefined ? { MaxSessionDuration: duration } : {}) });
      });
      return {};
    },
  },

  UpdateRoleDescription: {
    authorize: roleAuthzWithBoundary,
    async handle(input, { ctx, deps }) {
      const description = input.str('Description');
      const updated = await deps.store.transaction(async (tx) => {
        const { role, update } = await lockRole(tx, ctx.caller.accountId, input.str('RoleName'));
        const next: RoleRecord = { ...role, Description: description };
        await update(next);
        return next;
      });
      return { Role: roleOut(updated, 'describe') };
    },
  },

  UpdateAssumeRolePolicy: {
    authorize: roleAuthzWithBoundary,
    async handle(input, { ctx, deps }) {
      const document = input.str('PolicyDocument');
      checkTrustPolicy(document);
      await deps.store.transaction(async (tx) => {
        const { role, update } = await lockRole(tx, ctx.caller.accountId, input.str('RoleName'));
        assertModifiable(role);
        await update({ ...role, AssumeRolePolicyDocument: document });
      });
      return undefined;
    },
  },

  DeleteRole: {
    authorize: roleAuthzWithBoundary,
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const name = input.str('RoleName');
      await deps.store.transaction(async (tx) => {
        const { role } = await lockRole(tx, accountId, name);
        assertModifiable(role);
        const parent = `role:${key(name)}`;
        if ((await tx.count(accountId, 'attached-policy', parent)) > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.');
        if ((await tx.count(accountId, 'inline-policy', parent)) > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
        if ((await tx.listByKey(accountId, 'instance-profile-role', key(name))).length > 0) throw deleteConflict('Cannot delete entity, must remove roles from instance profile first.');
        await tx.delete(accountId, 'role', '', key(name));
      });
      return undefined;
    },
  },

  TagRole: roleTags.tag,
  UntagRole: roleTags.untag,
  ListRoleTags: roleTags.list,

  CreateServiceLinkedRole: {
    authorize(input, env) {
      const service = input.str('AWSServiceName');
      const name = serviceLinkedRoleName(service, input.optStr('CustomSuffix'));
      return { resource: roleArn(env.ctx.caller.accountId, `${SERVICE_ROLE_PATH}${service}/`, name), context: { 'iam:AWSServiceName': service } };
    },
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const service = input.str('AWSServiceName');
      const suffix = input.optStr('CustomSuffix');
      const known = SERVICE_LINKED_ROLES[service];
      if (suffix !== undefined && known && !known.suffix) throw invalidInput(`Custom suffix is not allowed for ${service}`);
      const name = serviceLinkedRoleName(service, suffix);
      // Unconfirmed wording: a derived name longer than a role name may be.
      if (name.length > 64) throw invalidInput(`The role name ${name} is too long; use a shorter suffix.`);
      const path = `${SERVICE_ROLE_PATH}${service}/`;
      const description = input.optStr('Description');
      const role: RoleRecord = {
        RoleName: name,
        RoleId: deps.ids.uniqueId('AROA'),
        Path: path,
        Arn: roleArn(accountId, path, name),
        CreateDate: ctx.now.toISOString(),
        AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: [service] }, Action: ['sts:AssumeRole'] }] }),
        MaxSessionDuration: DEFAULT_MAX_SESSION_DURATION,
        Tags: [],
        LinkedService: service,
        ...(description !== undefined ? { Description: description } : {}),
      };
      await deps.store.transaction(async (tx) => {
        await insertRole(tx, accountId, role, ctx.now.getTime(), () => invalidInput(`Service role name ${name} has been taken in this account, please try a different suffix.`));
        // The service's own managed policy comes attached, as AWS attaches it.
        for (const policy of known?.policies ?? []) {
          const arn = `arn:aws:iam::aws:policy${SERVICE_ROLE_PATH}${policy}`;
          if (!deps.managedPolicies.get(arn)) continue;
          await tx.insert({ accountId, kind: 'attached-policy', parent: `role:${key(name)}`, key: arn, createdAt: ctx.now.getTime(), data: { PolicyArn: arn, PolicyName: policy } });
        }
      });
      return { Role: roleOut(role, 'create') };
    },
  },

  DeleteServiceLinkedRole: {
    authorize: roleAuthz,
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const name = input.str('RoleName');
      const taskId = await deps.store.transaction(async (tx) => {
        const { role } = await lockRole(tx, accountId, name);
        // Unconfirmed wording: DeleteServiceLinkedRole on an ordinary role.
        if (!isServiceLinked(role)) throw noSuchEntity(`The service-linked role with name ${name} cannot be found.`);
        const id = `task${role.Path}${role.RoleName}/${deps.ids.requestId()}`;
        await removeRole(tx, accountId, role.RoleName);
        await tx.insert({ accountId, kind: DELETION_TASK, parent: '', key: id, createdAt: ctx.now.getTime(), data: { DeletionTaskId: id, Status: 'SUCCEEDED', RoleArn: role.Arn } });
        return id;
      });
      return { DeletionTaskId: taskId };
    },
  },

  GetServiceLinkedRoleDeletionStatus: {
    authorize(input, env) {
      const parsed = parseDeletionTask(input.str('DeletionTaskId'));
      const { accountId } = env.ctx.caller;
      return { resource: parsed ? roleArn(accountId, `${SERVICE_ROLE_PATH}${parsed.service}/`, parsed.roleName) : roleArn(accountId, '/', '*') };
    },
    async handle(input, { ctx, deps }) {
      const id = input.str('DeletionTaskId');
      // Unconfirmed wording: both errors below.
      if (!parseDeletionTask(id)) throw invalidInput(`Invalid deletion task id: ${id}`);
      const task = await deletionTask(deps.store, ctx.caller.accountId, id);
      if (!task) throw noSuchEntity(`Deletion task ${id} cannot be found.`);
      return { Status: typeof task.Status === 'string' ? task.Status : 'SUCCEEDED' };
    },
  },
};

/** Deletion tasks of service-linked roles (all finish at once here: no service holds on to its role). */
const DELETION_TASK = 'deletion-task' as const;

async function deletionTask(r: RecordReader, accountId: string, id: string): Promise<Record<string, unknown> | undefined> {
  const rec = await r.get(accountId, DELETION_TASK, '', id);
  return rec?.data;
}

/** `task/aws-service-role/<service>/<role>/<uuid>` → its parts. */
function parseDeletionTask(id: string): { service: string; roleName: string } | undefined {
  const m = /^task\/aws-service-role\/([a-z0-9.-]+)\/([\w+=,.@-]+)\/[0-9a-f-]{36}$/.exec(id);
  return m ? { service: m[1] ?? '', roleName: m[2] ?? '' } : undefined;
}

interface ServiceLinkedRoleDef {
  /** The role name AWS gives it (before any custom suffix). */
  name: string;
  /** Whether the service accepts a CustomSuffix. */
  suffix: boolean;
  /** Names of the AWS managed policies (under /aws-service-role/) attached to it. */
  policies: string[];
}

const slr = (name: string, policies: string[] = [], suffix = false): ServiceLinkedRoleDef => ({ name, suffix, policies });

/**
 * Role names of service-linked roles as AWS creates them, for the services most used. The names can't be
 * derived from the service principal by one rule (`es` → AmazonElasticsearchService, `spot` → EC2Spot), so
 * they are data; other services get the derived name `serviceLinkedRoleName` builds.
 */
const SERVICE_LINKED_ROLES: Readonly<Record<string, ServiceLinkedRoleDef>> = {
  'access-analyzer.amazonaws.com': slr('AWSServiceRoleForAccessAnalyzer', ['AccessAnalyzerServiceRolePolicy']),
  'acm.amazonaws.com': slr('AWSServiceRoleForCertificateManager', ['CertificateManagerServiceRolePolicy']),
  'airflow.amazonaws.com': slr('AWSServiceRoleForAmazonMWAA', ['AmazonMWAAServiceRolePolicy']),
  'autoscaling.amazonaws.com': slr('AWSServiceRoleForAutoScaling', ['AutoScalingServiceRolePolicy'], true),
  'autoscaling-plans.amazonaws.com': slr('AWSServiceRoleForAutoScalingPlans_EC2AutoScaling', ['AWSAutoScalingPlansEC2AutoScalingPolicy']),
  'backup.amazonaws.com': slr('AWSServiceRoleForBackup', ['AWSBackupServiceLinkedRolePolicyForBackup']),
  'batch.amazonaws.com': slr('AWSServiceRoleForBatch', ['BatchServiceRolePolicy']),
  'cassandra.application-autoscaling.amazonaws.com': slr('AWSServiceRoleForApplicationAutoScaling_CassandraTable', ['AWSApplicationAutoscalingCassandraTablePolicy']),
  'cloudtrail.amazonaws.com': slr('AWSServiceRoleForCloudTrail', ['CloudTrailServiceRolePolicy']),
  'config.amazonaws.com': slr('AWSServiceRoleForConfig', ['AWSConfigServiceRolePolicy']),
  'connect.amazonaws.com': slr('AWSServiceRoleForAmazonConnect', ['AmazonConnectServiceLinkedRolePolicy'], true),
  'datasync.amazonaws.com': slr('AWSServiceRoleForDataSync', ['AWSDataSyncServiceRolePolicy']),
  'delivery.logs.amazonaws.com': slr('AWSServiceRoleForLogDelivery', ['AWSServiceRoleForLogDeliveryPolicy']),
  'dynamodb.application-autoscaling.amazonaws.com': slr('AWSServiceRoleForApplicationAutoScaling_DynamoDBTable', ['AWSApplicationAutoscalingDynamoDBTablePolicy']),
  'ec2.application-autoscaling.amazonaws.com': slr('AWSServiceRoleForApplicationAutoScaling_EC2SpotFleetRequest', ['AWSApplicationAutoscalingEC2SpotFleetRequestPolicy']),
  'ecs.amazonaws.com': slr('AWSServiceRoleForECS', ['AmazonECSServiceRolePolicy']),
  'ecs.application-autoscaling.amazonaws.com': slr('AWSServiceRoleForApplicationAutoScaling_ECSService', ['AWSApplicationAutoscalingECSServicePolicy']),
  'eks.amazonaws.com': slr('AWSServiceRoleForAmazonEKS', ['AmazonEKSServiceRolePolicy']),
  'eks-connector.amazonaws.com': slr('AWSServiceRoleForAmazonEKSConnector', ['AmazonEKSConnectorServiceRolePolicy']),
  'eks-fargate.amazonaws.com': slr('AWSServiceRoleForAmazonEKSForFargate', ['AmazonEKSForFargateServiceRolePolicy']),
  'eks-nodegroup.amazonaws.com': slr('AWSServiceRoleForAmazonEKSNodegroup', ['AWSServiceRoleForAmazonEKSNodegroup']),
  'elasticache.amazonaws.com': slr('AWSServiceRoleForElastiCache', ['ElastiCacheServiceRolePolicy']),
  'elasticbeanstalk.amazonaws.com': slr('AWSServiceRoleForElasticBeanstalk', ['AWSElasticBeanstalkServiceRolePolicy']),
  'elasticfilesystem.amazonaws.com': slr('AWSServiceRoleForAmazonElasticFileSystem', ['AmazonElasticFileSystemServiceRolePolicy']),
  'elasticloadbalancing.amazonaws.com': slr('AWSServiceRoleForElasticLoadBalancing', ['AWSElasticLoadBalancingServiceRolePolicy']),
  'elasticmapreduce.amazonaws.com': slr('AWSServiceRoleForEMRCleanup', ['AmazonEMRCleanupPolicy']),
  'emr-containers.amazonaws.com': slr('AWSServiceRoleForAmazonEMRContainers', ['AmazonEMRContainersServiceRolePolicy']),
  'es.amazonaws.com': slr('AWSServiceRoleForAmazonElasticsearchService', ['AmazonElasticsearchServiceRolePolicy']),
  'events.amazonaws.com': slr('AWSServiceRoleForCloudWatchEvents', ['CloudWatchEventsServiceRolePolicy']),
  'fis.amazonaws.com': slr('AWSServiceRoleForFIS', ['AmazonFISServiceRolePolicy']),
  'fsx.amazonaws.com': slr('AWSServiceRoleForAmazonFSx', ['AmazonFSxServiceRolePolicy']),
  'globalaccelerator.amazonaws.com': slr('AWSServiceRoleForGlobalAccelerator', ['AWSGlobalAcceleratorSLRPolicy']),
  'grafana.amazonaws.com': slr('AWSServiceRoleForAmazonGrafana', ['AmazonGrafanaServiceLinkedRolePolicy']),
  'guardduty.amazonaws.com': slr('AWSServiceRoleForAmazonGuardDuty', ['AmazonGuardDutyServiceRolePolicy']),
  'imagebuilder.amazonaws.com': slr('AWSServiceRoleForImageBuilder', ['AWSServiceRoleForImageBuilder']),
  'inspector2.amazonaws.com': slr('AWSServiceRoleForAmazonInspector2', ['AmazonInspector2ServiceRolePolicy']),
  'kafka.amazonaws.com': slr('AWSServiceRoleForKafka', ['KafkaServiceRolePolicy']),
  'lakeformation.amazonaws.com': slr('AWSServiceRoleForLakeFormationDataAccess', ['LakeFormationDataAccessServiceRolePolicy']),
  'lambda.application-autoscaling.amazonaws.com': slr('AWSServiceRoleForApplicationAutoScaling_LambdaConcurrency', ['AWSApplicationAutoscalingLambdaConcurrencyPolicy']),
  'lex.amazonaws.com': slr('AWSServiceRoleForLexBots'),
  'lexv2.amazonaws.com': slr('AWSServiceRoleForLexV2Bots', ['AmazonLexV2BotPolicy'], true),
  'macie.amazonaws.com': slr('AWSServiceRoleForAmazonMacie', ['AmazonMacieServiceRolePolicy']),
  'memorydb.amazonaws.com': slr('AWSServiceRoleForMemoryDB', ['MemoryDBServiceRolePolicy']),
  'mq.amazonaws.com': slr('AWSServiceRoleForAmazonMQ', ['AmazonMQServiceRolePolicy']),
  'opensearchservice.amazonaws.com': slr('AWSServiceRoleForAmazonOpenSearchService', ['AmazonOpenSearchServiceRolePolicy']),
  'ops.apigateway.amazonaws.com': slr('AWSServiceRoleForAPIGateway', ['APIGatewayServiceRolePolicy']),
  'organizations.amazonaws.com': slr('AWSServiceRoleForOrganizations', ['AWSOrganizationsServiceTrustPolicy']),
  'ram.amazonaws.com': slr('AWSServiceRoleForResourceAccessManager', ['AWSResourceAccessManagerServiceRolePolicy']),
  'rds.amazonaws.com': slr('AWSServiceRoleForRDS', ['AmazonRDSServiceRolePolicy']),
  'rds.application-autoscaling.amazonaws.com': slr('AWSServiceRoleForApplicationAutoScaling_RDSCluster', ['AWSApplicationAutoscalingRDSClusterPolicy']),
  'redshift.amazonaws.com': slr('AWSServiceRoleForRedshift', ['AmazonRedshiftServiceLinkedRolePolicy']),
  'replication.dynamodb.amazonaws.com': slr('AWSServiceRoleForDynamoDBReplication', ['DynamoDBReplicationServiceRolePolicy']),
  'replication.ecr.amazonaws.com': slr('AWSServiceRoleForECRReplication', ['ECRReplicationServiceRolePolicy']),
  'resource-explorer-2.amazonaws.com': slr('AWSServiceRoleForResourceExplorer', ['AWSResourceExplorerServiceRolePolicy']),
  'sagemaker.application-autoscaling.amazonaws.com': slr('AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint', ['AWSApplicationAutoscalingSageMakerEndpointPolicy']),
  'securityhub.amazonaws.com': slr('AWSServiceRoleForSecurityHub', ['AWSSecurityHubServiceRolePolicy']),
  'servicequotas.amazonaws.com': slr('AWSServiceRoleForServiceQuotas', ['ServiceQuotasServiceRolePolicy']),
  'ses.amazonaws.com': slr('AWSServiceRoleForAmazonSES', ['AmazonSESServiceRolePolicy']),
  'shield.amazonaws.com': slr('AWSServiceRoleForAWSShield', ['AWSShieldServiceRolePolicy']),
  'spot.amazonaws.com': slr('AWSServiceRoleForEC2Spot', ['AWSEC2SpotServiceRolePolicy']),
  'spotfleet.amazonaws.com': slr('AWSServiceRoleForEC2SpotFleet', ['AWSEC2SpotFleetServiceRolePolicy']),
  'ssm.amazonaws.com': slr('AWSServiceRoleForAmazonSSM', ['AmazonSSMServiceRolePolicy']),
  'ssm-incidents.amazonaws.com': slr('AWSServiceRoleForIncidentManager', ['AWSIncidentManagerServiceRolePolicy']),
  'sso.amazonaws.com': slr('AWSServiceRoleForSSO', ['AWSSSOServiceRolePolicy']),
  'support.amazonaws.com': slr('AWSServiceRoleForSupport', ['AWSSupportServiceRolePolicy']),
  'transitgateway.amazonaws.com': slr('AWSServiceRoleForVPCTransitGateway', ['AWSVPCTransitGatewayServiceRolePolicy']),
  'trustedadvisor.amazonaws.com': slr('AWSServiceRoleForTrustedAdvisor', ['AWSTrustedAdvisorServiceRolePolicy']),
  'wafv2.amazonaws.com': slr('AWSServiceRoleForWAFV2Logging', ['WAFV2LoggingServiceRolePolicy']),
};

/**
 * The name of a service's service-linked role: AWS's own for the services above; for others, the labels of
 * the service principal in PascalCase, service first (`foo-bar.amazonaws.com` → AWSServiceRoleForFooBar,
 * `x.svc.amazonaws.com` → AWSServiceRoleForSvcX). A custom suffix follows an underscore.
 */
export function serviceLinkedRoleName(service: string, suffix?: string): string {
  const base = SERVICE_LINKED_ROLES[service]?.name ?? `AWSServiceRoleFor${derivedName(service)}`;
  return suffix !== undefined ? `${base}_${suffix}` : base;
}

function derivedName(service: string): string {
  const labels = service.replace(/\.amazonaws\.com(\.cn)?$/, '').split('.').reverse();
  return labels.map((l) => l.split(/[-_]/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')).join('');
}
