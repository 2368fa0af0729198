/**
 * Managed policies: customer managed policies and their versions (CreatePolicy, GetPolicy, DeletePolicy,
 * CreatePolicyVersion, GetPolicyVersion, ListPolicyVersions, DeletePolicyVersion, SetDefaultPolicyVersion, policy
 * tags), the AWS managed policies as the API shows them (read-only), ListPolicies, ListEntitiesForPolicy and
 * ListPoliciesGrantingServiceAccess.
 *
 * Storage: a policy is kind `policy` keyed by its lower-case name (names are unique in an account regardless of
 * case and path); its versions are kind `policy-version` under that key, keyed by VersionId. Attachments are
 * kind `attached-policy` keyed by the policy ARN, so `listByKey` finds every principal a policy is attached to.
 */
import { matchTokens, parsePolicy, tokenizeGlob, validatePolicy } from '../../../policy/index.js';
import type { StructureValue } from '../../../protocol/model/index.js';
import type { RecordReader, RecordWriter, StoredRecord } from '../../../store/contract.js';
import { isStoreError } from '../../../store/errors.js';
import type { CallContext } from '../../context.js';
import { accessDenied, alreadyExists, AwsError, deleteConflict, invalidInput, limitExceeded, noSuchEntity } from '../../errors.js';
import type { Input } from '../../input.js';
import { parsePolicyArn, policyArn } from '../arns.js';
import { checkTags, date, encodeDocument, requestTagContext, resourceTagContext, tagsOut } from '../common.js';
import {
  dataOf,
  getData,
  key,
  type AttachmentData,
  type GroupData,
  type InlinePolicyData,
  type ManagedPolicyData,
  type PolicyVersionData,
  type PrincipalType,
  type RoleData,
  type Tag,
  type UserData,
} from '../entities.js';
import type { AwsManagedPolicy } from '../managed-policies.js';
import type { IamDeps, IamEnv, OperationTable } from '../operation.js';
import { pageArray, pageMembers } from '../pagination.js';
import { CASELESS_KEYS, tagOperations } from './tag-operations.js';

export const POLICIES_PER_ACCOUNT = 1500;
export const VERSIONS_PER_POLICY = 5;

/** Everything in one account, for scans; far above every per-account quota. */
const ALL = 1_000_000;

/** A stored customer managed policy: the shared shape plus the optional description given at creation. */
type StoredPolicy = ManagedPolicyData & { Description?: string };

type Resolved = { aws: true; policy: AwsManagedPolicy } | { aws: false; policy: StoredPolicy };

const notFound = (arn: string): AwsError => noSuchEntity(`Policy ${arn} was not found.`);
// Unconfirmed wording: moto's, for a version that doesn't exist.
const versionNotFound = (arn: string, versionId: string): AwsError => noSuchEntity(`Policy ${arn} version ${versionId} does not exist or is not attachable.`);

/**
 * AWS managed policies belong to AWS, not to the caller's account: changing one is refused whatever the caller's
 * own policies allow.
 */
// Unconfirmed wording: AWS's AccessDenied form for a resource in another account that grants nothing.
function protectedPolicy(ctx: CallContext, operation: string, arn: string): AwsError {
  return accessDenied(`User: ${ctx.caller.arn} is not authorized to perform: iam:${operation} on resource: policy ${arn} because no resource-based policy allows the iam:${operation} action`);
}

function parseArn(arn: string): { account: string; path: string; name: string } {
  const parsed = parsePolicyArn(arn);
  if (!parsed) throw invalidInput(`ARN ${arn} is not valid.`);
  return parsed;
}

/** The policy an ARN names, or NoSuchEntity. A customer managed policy must match the ARN exactly (path too). */
async function resolve(r: RecordReader, deps: IamDeps, accountId: string, arn: string): Promise<Resolved> {
  const parsed = parseArn(arn);
  if (parsed.account === 'aws') {
    const policy = deps.managedPolicies.get(arn);
    if (!policy) throw notFound(arn);
    return { aws: true, policy };
  }
  if (parsed.account !== accountId) throw notFound(arn);
  const policy = await getData<StoredPolicy>(r, accountId, 'policy', '', key(parsed.name));
  if (!policy || policy.Arn !== arn) throw notFound(arn);
  return { aws: false, policy };
}

/** For writes: the customer managed policy an ARN names, locked; AWS managed ones are refused. */
async function lockLocal(tx: RecordWriter, deps: IamDeps, ctx: CallContext, operation: string, arn: string): Promise<{ rec: StoredRecord; policy: StoredPolicy }> {
  const parsed = parseArn(arn);
  if (parsed.account === 'aws') {
    if (deps.managedPolicies.get(arn)) throw protectedPolicy(ctx, operation, arn);
    throw notFound(arn);
  }
  if (parsed.account !== ctx.caller.accountId) throw notFound(arn);
  const rec = await tx.lock(ctx.caller.accountId, 'policy', '', key(parsed.name));
  const policy = rec ? dataOf<StoredPolicy>(rec) : undefined;
  if (!rec || !policy || policy.Arn !== arn) throw notFound(arn);
  return { rec, policy };
}

/** The ARN AWS authorizes a policy call against, with the policy's tags as aws:ResourceTag keys. */
async function policyAuthz(input: Input, env: IamEnv): Promise<{ resource: string; display: string; context: ReturnType<typeof resourceTagContext> }> {
  const arn = input.str('PolicyArn');
  const { accountId } = env.ctx.caller;
  const parsed = parsePolicyArn(arn);
  let tags: Tag[] = [];
  if (parsed && parsed.account === accountId) {
    const p = await getData<StoredPolicy>(env.deps.store, accountId, 'policy', '', key(parsed.name));
    if (p && p.Arn === arn) tags = p.Tags;
  }
  return { resource: arn, display: `policy ${arn}`, context: resourceTagContext(tags) };
}

interface Usage {
  attachments: number;
  boundaries: number;
}

/** How many principals a policy is attached to, and how many users and roles use it as their boundary. */
async function usageOf(r: RecordReader, accountId: string, arn: string): Promise<Usage> {
  const attachments = (await r.listByKey(accountId, 'attached-policy', arn)).length;
  let boundaries = 0;
  for (const kind of ['user', 'role'] as const) {
    for (const rec of await r.list({ accountId, kind, parent: '', limit: ALL })) if (rec.data.PermissionsBoundary === arn) boundaries++;
  }
  return { attachments, boundaries };
}

/** The same for every policy at once (ListPolicies): three scans instead of one lookup per policy. */
async function usageIndex(r: RecordReader, accountId: string): Promise<(arn: string) => Usage> {
  const attachments = new Map<string, number>();
  const boundaries = new Map<string, number>();
  for (const rec of await r.list({ accountId, kind: 'attached-policy', limit: ALL })) attachments.set(rec.key, (attachments.get(rec.key) ?? 0) + 1);
  for (const kind of ['user', 'role'] as const) {
    for (const rec of await r.list({ accountId, kind, parent: '', limit: ALL })) {
      const b = rec.data.PermissionsBoundary;
      if (typeof b === 'string') boundaries.set(b, (boundaries.get(b) ?? 0) + 1);
    }
  }
  return (arn) => ({ attachments: attachments.get(arn) ?? 0, boundaries: boundaries.get(arn) ?? 0 });
}

/** A policy as output. `full`: GetPolicy/CreatePolicy also carry the description and tags; ListPolicies doesn't. */
function localOut(p: StoredPolicy, u: Usage, full: boolean): StructureValue {
  return {
    PolicyName: p.PolicyName,
    PolicyId: p.PolicyId,
    Arn: p.Arn,
    Path: p.Path,
    DefaultVersionId: p.DefaultVersionId,
    AttachmentCount: u.attachments,
    PermissionsBoundaryUsageCount: u.boundaries,
    IsAttachable: true,
    ...(full && typeof p.Description === 'string' ? { Description: p.Description } : {}),
    CreateDate: date(p.CreateDate),
    UpdateDate: date(p.UpdateDate),
    ...(full ? tagsOut(p.Tags) : {}),
  };
}

function awsOut(p: AwsManagedPolicy, u: Usage): StructureValue {
  return {
    PolicyName: p.name,
    PolicyId: p.policyId,
    Arn: p.arn,
    Path: p.path,
    DefaultVersionId: p.defaultVersionId,
    AttachmentCount: u.attachments,
    PermissionsBoundaryUsageCount: u.boundaries,
    IsAttachable: true,
    CreateDate: date(p.createDate),
    UpdateDate: date(p.updateDate),
  };
}

const versionNumber = (versionId: string): number => Number(versionId.slice(1));

/** A policy's versions, newest first (as ListPolicyVersions orders them). */
async function versionsOf(r: RecordReader, accountId: string, policyName: string): Promise<PolicyVersionData[]> {
  return (await r.list({ accountId, kind: 'policy-version', parent: key(policyName), limit: ALL }))
    .map((rec) => dataOf<PolicyVersionData>(rec))
    .sort((a, b) => versionNumber(b.VersionId) - versionNumber(a.VersionId));
}

/** The error IAM gives for a managed policy document, if any. */
function documentError(document: string): AwsError | undefined {
  const { iamError } = validatePolicy(document, { policyType: 'identity' });
  return iamError ? new AwsError(iamError.code, iamError.message) : undefined;
}

async function updatePolicy(tx: RecordWriter, rec: StoredRecord, data: StoredPolicy): Promise<void> {
  await tx.update({ ...rec, data });
}

// ---------- ListEntitiesForPolicy ----------

const ENTITY_KIND: Record<PrincipalType, { member: string; name: string; id: string }> = {
  group: { member: 'PolicyGroups', name: 'GroupName', id: 'GroupId' },
  user: { member: 'PolicyUsers', name: 'UserName', id: 'UserId' },
  role: { member: 'PolicyRoles', name: 'RoleName', id: 'RoleId' },
};

interface Entity {
  type: PrincipalType;
  name: string;
  id: string;
  path: string;
}

function entityOf(type: PrincipalType, data: Record<string, unknown>): Entity | undefined {
  const name = data[ENTITY_KIND[type].name];
  const id = data[ENTITY_KIND[type].id];
  const path = data.Path;
  if (typeof name !== 'string' || typeof id !== 'string' || typeof path !== 'string') return undefined;
  return { type, name, id, path };
}

// ---------- ListPoliciesGrantingServiceAccess ----------

const serviceOf = (pattern: string): string => (pattern === '*' ? '*' : (pattern.split(':')[0] ?? ''));
const serviceMatches = (pattern: string, namespace: string): boolean => matchTokens(tokenizeGlob(serviceOf(pattern).toLowerCase()), namespace.toLowerCase());

/**
 * Whether a document allows at least one action of a service: an Allow statement whose Action names the service
 * (wildcards included), or whose NotAction leaves some of its actions out. Conditions and resources are not
 * weighed: IAM reports policies that grant access to the service, not to a particular request.
 */
function grants(document: string, namespace: string): boolean {
  const parsed = parsePolicy(document);
  if (!parsed.ok) return false;
  for (const s of parsed.document.statements) {
    if (s.effect !== 'Allow') continue;
    if (s.action?.some((a) => serviceMatches(a.value, namespace))) return true;
    if (s.notAction && !s.notAction.some((a) => serviceMatches(a.value, namespace) && (a.value === '*' || a.value.slice(a.value.indexOf(':') + 1) === '*'))) return true;
  }
  return false;
}

interface Granting {
  PolicyName: string;
  PolicyType: 'INLINE' | 'MANAGED';
  PolicyArn?: string;
  EntityType?: 'USER' | 'GROUP' | 'ROLE';
  EntityName?: string;
  document: string;
}

function grantingOut(p: Granting): StructureValue {
  return {
    PolicyName: p.PolicyName,
    PolicyType: p.PolicyType,
    ...(p.PolicyArn !== undefined ? { PolicyArn: p.PolicyArn } : {}),
    ...(p.EntityType !== undefined ? { EntityType: p.EntityType } : {}),
    ...(p.EntityName !== undefined ? { EntityName: p.EntityName } : {}),
  };
}

/** The identity policies of a principal (a user's include its groups'), each with its document. */
async function policiesOfPrincipal(r: RecordReader, deps: IamDeps, accountId: string, type: PrincipalType, name: string): Promise<Granting[]> {
  const out: Granting[] = [];
  const seen = new Set<string>();
  const collect = async (t: PrincipalType, entityName: string): Promise<void> => {
    const parent = `${t}:${key(entityName)}`;
    for (const rec of await r.list({ accountId, kind: 'inline-policy', parent, limit: ALL })) {
      const p = dataOf<InlinePolicyData>(rec);
      out.push({ PolicyName: p.PolicyName, PolicyType: 'INLINE', EntityType: t === 'user' ? 'USER' : t === 'group' ? 'GROUP' : 'ROLE', EntityName: entityName, document: p.PolicyDocument });
    }
    for (const rec of await r.list({ accountId, kind: 'attached-policy', parent, limit: ALL })) {
      const a = dataOf<AttachmentData>(rec);
      // A managed policy reaching the user both directly and through a group is one policy.
      if (seen.has(a.PolicyArn)) continue;
      seen.add(a.PolicyArn);
      let document: string | undefined;
      try {
        const resolved = await resolve(r, deps, accountId, a.PolicyArn);
        if (resolved.aws) document = resolved.policy.versions.find((v) => v.versionId === resolved.policy.defaultVersionId)?.document;
        else document = (await getData<PolicyVersionData>(r, accountId, 'policy-version', key(resolved.policy.PolicyName), resolved.policy.DefaultVersionId))?.Document;
      } catch (e) {
        if (!(e instanceof AwsError)) throw e;
      }
      if (document !== undefined) out.push({ PolicyName: a.PolicyName, PolicyType: 'MANAGED', PolicyArn: a.PolicyArn, document });
    }
  };
  await collect(type, name);
  if (type === 'user') {
    for (const m of await r.listByKey(accountId, 'group-member', key(name))) {
      const g = await getData<GroupData>(r, accountId, 'group', '', m.parent);
      if (g) await collect('group', g.GroupName);
    }
  }
  return out;
}

const policyTags = tagOperations({
  member: 'PolicyArn',
  authz: policyAuthz,
  async tags(env, arn) {
    const r = await resolve(env.deps.store, env.deps, env.ctx.caller.accountId, arn);
    if (r.aws) throw awsTags();
    return r.policy.Tags;
  },
  updateTags: (env, arn, change) =>
    env.deps.store.transaction(async (tx) => {
      const { rec, policy } = await lockTaggable(tx, env.deps, env.ctx, arn);
      await updatePolicy(tx, rec, { ...policy, Tags: change(policy.Tags) });
    }),
  keys: CASELESS_KEYS,
  sortList: false,
});

export const policyOperations: OperationTable = {
  CreatePolicy: {
    authorize(input, env) {
      return {
        resource: policyArn(env.ctx.caller.accountId, input.optStr('Path') ?? '/', input.str('PolicyName')),
        context: requestTagContext(input.tags()),
      };
    },
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const name = input.str('PolicyName');
      const path = input.optStr('Path') ?? '/';
      const document = input.str('PolicyDocument');
      const description = input.optStr('Description');
      const tags = input.tags();
      checkTags(tags);
      const bad = documentError(document);
      if (bad) throw bad;
      const now = ctx.now.toISOString();
      const policy: StoredPolicy = {
        PolicyName: name,
        PolicyId: deps.ids.uniqueId('ANPA'),
        Path: path,
        Arn: policyArn(accountId, path, name),
        DefaultVersionId: 'v1',
        CreateDate: now,
        UpdateDate: now,
        Tags: tags,
        NextVersion: 2,
        ...(description !== undefined ? { Description: description } : {}),
      };
      const v1: PolicyVersionData = { VersionId: 'v1', Document: document, CreateDate: now };
      await deps.store.transaction(async (tx) => {
        await tx.lock(accountId, 'account', '', accountId);
        if (await tx.get(accountId, 'policy', '', key(name))) throw alreadyExists(`A policy called ${name} already exists. Duplicate names are not allowed.`);
        // Unconfirmed wording: the quota name, by analogy with UsersPerAccount and GroupsPerAccount.
        if ((await tx.count(accountId, 'policy')) >= POLICIES_PER_ACCOUNT) throw limitExceeded(`Cannot exceed quota for PoliciesPerAccount: ${POLICIES_PER_ACCOUNT}`);
        try {
          await tx.insert({ accountId, kind: 'policy', parent: '', key: key(name), id: policy.PolicyId, path, createdAt: ctx.now.getTime(), data: policy });
        } catch (e) {
          if (isStoreError(e, 'conflict')) throw alreadyExists(`A policy called ${name} already exists. Duplicate names are not allowed.`);
          throw e;
        }
        // Versions of an earlier policy of this name went with it (DeletePolicy), so v1 is free.
        await tx.insert({ accountId, kind: 'policy-version', parent: key(name), key: 'v1', createdAt: ctx.now.getTime(), data: v1 });
      });
      return { Policy: localOut(policy, { attachments: 0, boundaries: 0 }, true) };
    },
  },

  GetPolicy: {
    authorize: policyAuthz,
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const arn = input.str('PolicyArn');
      const r = await resolve(deps.store, deps, accountId, arn);
      const u = await usageOf(deps.store, accountId, arn);
      return { Policy: r.aws ? awsOut(r.policy, u) : localOut(r.policy, u, true) };
    },
  },

  DeletePolicy: {
    authorize: policyAuthz,
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const arn = input.str('PolicyArn');
      await deps.store.transaction(async (tx) => {
        const { policy } = await lockLocal(tx, deps, ctx, 'DeletePolicy', arn);
        const u = await usageOf(tx, accountId, arn);
        if (u.attachments > 0 || u.boundaries > 0) throw deleteConflict('Cannot delete a policy attached to entities.');
        if ((await tx.count(accountId, 'policy-version', key(policy.PolicyName))) > 1) {
          throw deleteConflict("This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.");
        }
        await tx.deleteChildren(accountId, 'policy-version', key(policy.PolicyName));
        await tx.delete(accountId, 'policy', '', key(policy.PolicyName));
      });
      return undefined;
    },
  },

  ListPolicies: {
    authorize: () => ({ resource: '*' }),
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const scope = input.optStr('Scope') ?? 'All';
      const onlyAttached = input.optBool('OnlyAttached') ?? false;
      const prefix = input.optStr('PathPrefix');
      const usageFilter = input.optStr('PolicyUsageFilter');
      const usage = await usageIndex(deps.store, accountId);
      const entries: { sortKey: string; out: StructureValue; path: string; u: Usage }[] = [];
      if (scope !== 'Local') {
        for (const p of deps.managedPolicies.list()) {
          const u = usage(p.arn);
          entries.push({ sortKey: `${p.name}\u0000${p.arn}`, out: awsOut(p, u), path: p.path, u });
        }
      }
      if (scope !== 'AWS') {
        for (const rec of await deps.store.list({ accountId, kind: 'policy', parent: '', limit: ALL })) {
          const p = dataOf<StoredPolicy>(rec);
          const u = usage(p.Arn);
          entries.push({ sortKey: `${p.PolicyName}\u0000${p.Arn}`, out: localOut(p, u, false), path: p.Path, u });
        }
      }
      // A usage filter keeps the policies used that way; OnlyAttached keeps those used at all (or that way).
      const used = (u: Usage): number => (usageFilter === 'PermissionsPolicy' ? u.attachments : usageFilter === 'PermissionsBoundary' ? u.boundaries : u.attachments + u.boundaries);
      const kept = entries
        .filter((e) => prefix === undefined || e.path.startsWith(prefix))
        .filter((e) => !(onlyAttached || usageFilter !== undefined) || used(e.u) > 0)
        .sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
      const page = pageArray(kept, (e) => e.sortKey, input.page());
      return { Policies: page.items.map((e) => e.out), ...pageMembers(page) };
    },
  },

  CreatePolicyVersion: {
    authorize: policyAuthz,
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const arn = input.str('PolicyArn');
      const document = input.str('PolicyDocument');
      const setAsDefault = input.optBool('SetAsDefault') ?? false;
      const bad = documentError(document);
      const now = ctx.now.toISOString();
      const version = await deps.store.transaction(async (tx) => {
        const { rec, policy } = await lockLocal(tx, deps, ctx, 'CreatePolicyVersion', arn);
        if (bad) throw bad;
        if ((await tx.count(accountId, 'policy-version', key(policy.PolicyName))) >= VERSIONS_PER_POLICY) {
          throw limitExceeded(`A managed policy can have up to ${VERSIONS_PER_POLICY} versions. Before you create a new version, you must delete an existing version.`);
        }
        // INVARIANT: version numbers only grow, so a deleted version's ID is never given out again.
        const v: PolicyVersionData = { VersionId: `v${policy.NextVersion}`, Document: document, CreateDate: now };
        await tx.insert({ accountId, kind: 'policy-version', parent: key(policy.PolicyName), key: v.VersionId, createdAt: ctx.now.getTime(), data: v });
        await updatePolicy(tx, rec, { ...policy, NextVersion: policy.NextVersion + 1, UpdateDate: now, ...(setAsDefault ? { DefaultVersionId: v.VersionId } : {}) });
        return v;
      });
      return { PolicyVersion: { VersionId: version.VersionId, IsDefaultVersion: setAsDefault, CreateDate: date(version.CreateDate) } };
    },
  },

  GetPolicyVersion: {
    authorize: policyAuthz,
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const arn = input.str('PolicyArn');
      const versionId = input.str('VersionId');
      const r = await resolve(deps.store, deps, accountId, arn);
      if (r.aws) {
        const v = r.policy.versions.find((x) => x.versionId === versionId);
        if (!v) throw versionNotFound(arn, versionId);
        return { PolicyVersion: { Document: encodeDocument(v.document), VersionId: v.versionId, IsDefaultVersion: v.versionId === r.policy.defaultVersionId, CreateDate: date(v.createDate) } };
      }
      const v = await getData<PolicyVersionData>(deps.store, accountId, 'policy-version', key(r.policy.PolicyName), versionId);
      if (!v) throw versionNotFound(arn, versionId);
      return { PolicyVersion: { Document: encodeDocument(v.Document), VersionId: v.VersionId, IsDefaultVersion: v.VersionId === r.policy.DefaultVersionId, CreateDate: date(v.CreateDate) } };
    },
  },

  ListPolicyVersions: {
    authorize: policyAuthz,
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const arn = input.str('PolicyArn');
      const r = await resolve(deps.store, deps, accountId, arn);
      const all = r.aws
        ? r.policy.versions
            .map((v) => ({ VersionId: v.versionId, IsDefaultVersion: v.versionId === r.policy.defaultVersionId, CreateDate: date(v.createDate) }))
            .sort((a, b) => versionNumber(b.VersionId) - versionNumber(a.VersionId))
        : (await versionsOf(deps.store, accountId, r.policy.PolicyName)).map((v) => ({ VersionId: v.VersionId, IsDefaultVersion: v.VersionId === r.policy.DefaultVersionId, CreateDate: date(v.CreateDate) }));
      // Newest first; the marker key counts down so that later pages have greater keys.
      const page = pageArray(all, (v) => String(1e9 - versionNumber(v.VersionId)).padStart(10, '0'), input.page());
      return { Versions: page.items, ...pageMembers(page) };
    },
  },

  DeletePolicyVersion: {
    authorize: policyAuthz,
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const arn = input.str('PolicyArn');
      const versionId = input.str('VersionId');
      await deps.store.transaction(async (tx) => {
        const { policy } = await lockLocal(tx, deps, ctx, 'DeletePolicyVersion', arn);
        if (!(await tx.get(accountId, 'policy-version', key(policy.PolicyName), versionId))) throw versionNotFound(arn, versionId);
        if (policy.DefaultVersionId === versionId) throw deleteConflict('Cannot delete the default version of a policy.');
        await tx.delete(accountId, 'policy-version', key(policy.PolicyName), versionId);
      });
      return undefined;
    },
  },

  SetDefaultPolicyVersion: {
    authorize: policyAuthz,
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const arn = input.str('PolicyArn');
      const versionId = input.str('VersionId');
      await deps.store.transaction(async (tx) => {
        const { rec, policy } = await lockLocal(tx, deps, ctx, 'SetDefaultPolicyVersion', arn);
        if (!(await tx.get(accountId, 'policy-version', key(policy.PolicyName), versionId))) throw versionNotFound(arn, versionId);
        await updatePolicy(tx, rec, { ...policy, DefaultVersionId: versionId });
      });
      return undefined;
    },
  },

  ListEntitiesForPolicy: {
    authorize: policyAuthz,
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const arn = input.str('PolicyArn');
      const r = await resolve(deps.store, deps, accountId, arn);
      const filter = input.optStr('EntityFilter');
      const prefix = input.optStr('PathPrefix');
      const usageFilter = input.optStr('PolicyUsageFilter');
      const entities = new Map<string, Entity>();
      // LocalManagedPolicy / AWSManagedPolicy keep the entities only when the policy is of that kind.
      const kindMatches = filter === undefined || (filter === 'LocalManagedPolicy' ? !r.aws : filter === 'AWSManagedPolicy' ? r.aws : true);
      const typeWanted = (t: PrincipalType): boolean => kindMatches && (filter === undefined || filter === 'LocalManagedPolicy' || filter === 'AWSManagedPolicy' || filter.toLowerCase() === t);
      if (usageFilter !== 'PermissionsBoundary') {
        for (const a of await deps.store.listByKey(accountId, 'attached-policy', arn)) {
          const [t, k] = a.parent.split(':') as [PrincipalType, string];
          if (!(t in ENTITY_KIND) || !typeWanted(t)) continue;
          const rec = await deps.store.get(accountId, t, '', k);
          const e = rec ? entityOf(t, rec.data) : undefined;
          if (e) entities.set(`${t}:${k}`, e);
        }
      }
      if (usageFilter !== 'PermissionsPolicy') {
        for (const t of ['user', 'role'] as const) {
          if (!typeWanted(t)) continue;
          for (const rec of await deps.store.list({ accountId, kind: t, parent: '', limit: ALL })) {
            if (rec.data.PermissionsBoundary !== arn) continue;
            const e = entityOf(t, rec.data);
            if (e) entities.set(`${t}:${rec.key}`, e);
          }
        }
      }
      const all = [...entities.entries()]
        .filter(([, e]) => prefix === undefined || e.path.startsWith(prefix))
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const page = pageArray(all, ([k]) => k, input.page());
      const out: Record<string, StructureValue[]> = { PolicyGroups: [], PolicyUsers: [], PolicyRoles: [] };
      for (const [, e] of page.items) {
        const kind = ENTITY_KIND[e.type];
        out[kind.member]?.push({ [kind.name]: e.name, [kind.id]: e.id });
      }
      return { ...out, ...pageMembers(page) };
    },
  },

  TagPolicy: policyTags.tag,
  UntagPolicy: policyTags.untag,
  ListPolicyTags: policyTags.list,

  ListPoliciesGrantingServiceAccess: {
    authorize: (input) => ({ resource: input.str('Arn') }),
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const arn = input.str('Arn');
      const m = /^arn:aws:iam::(\d{12}):(user|group|role)(\/(?:.*\/)?)([^/]+)$/.exec(arn);
      if (!m) throw invalidInput(`ARN ${arn} is not valid.`);
      const type = m[2] as PrincipalType;
      const name = m[4] ?? '';
      const data = m[1] === accountId ? await getData<UserData | GroupData | RoleData>(deps.store, accountId, type, '', key(name)) : undefined;
      if (!data || data.Arn !== arn) throw noSuchEntity(`The ${type} with name ${name} cannot be found.`);
      const policies = await policiesOfPrincipal(deps.store, deps, accountId, type, name);
      const entries = input.strList('ServiceNamespaces').map((ns) => ({
        ServiceNamespace: ns,
        Policies: policies.filter((p) => grants(p.document, ns)).map(grantingOut),
      }));
      return { PoliciesGrantingServiceAccess: entries, IsTruncated: false };
    },
  },
};

/** Tags can't be set on AWS managed policies. */
const awsTags = (): AwsError => invalidInput('Tags not supported for policies in this domain');

async function lockTaggable(tx: RecordWriter, deps: IamDeps, ctx: CallContext, arn: string): Promise<{ rec: StoredRecord; policy: StoredPolicy }> {
  const parsed = parseArn(arn);
  if (parsed.account === 'aws' && deps.managedPolicies.get(arn)) throw awsTags();
  return lockLocal(tx, deps, ctx, 'TagPolicy', arn);
}
