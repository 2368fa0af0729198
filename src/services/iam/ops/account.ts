/**
 * Account-level operations: the account alias (CreateAccountAlias, DeleteAccountAlias, ListAccountAliases),
 * GetAccountSummary, GetAccountAuthorizationDetails and SetSecurityTokenServicePreferences.
 */
import type { StructureValue } from '../../../protocol/model/index.js';
import type { RecordReader, StoredRecord } from '../../../store/contract.js';
import { isStoreError } from '../../../store/errors.js';
import { alreadyExists, noSuchEntity } from '../../errors.js';
import { date, encodeDocument, tagsOut } from '../common.js';
import {
  dataOf,
  type AccountData,
  type AttachmentData,
  type GroupData,
  type InlinePolicyData,
  type ManagedPolicyData,
  type MembershipData,
  type PolicyVersionData,
  type RoleData,
  type UserData,
} from '../entities.js';
import type { IamDeps, OperationTable } from '../operation.js';
import { pageArray, pageMembers } from '../pagination.js';
import { ACCESS_KEYS_PER_USER, ROOT_KEY_PARENT } from './access-keys.js';
import { ATTACHED_POLICIES_QUOTA } from './attachments.js';
import { GROUPS_PER_ACCOUNT, GROUPS_PER_USER } from './groups.js';
import { POLICIES_PER_ACCOUNT, VERSIONS_PER_POLICY } from './policies.js';
import { USERS_PER_ACCOUNT } from './users.js';

/**
 * The account record's data also holds `GlobalEndpointTokenVersion`: `v1Token` (the default, when absent) or
 * `v2Token`, which STS tokens the global endpoint issues.
 */
const TOKEN_VERSION = 'GlobalEndpointTokenVersion';

/** Quotas GetAccountSummary reports that no other family defines (AWS defaults). */
const QUOTAS = {
  RolesQuota: 1000,
  InstanceProfilesQuota: 1000,
  ServerCertificatesQuota: 20,
  SigningCertificatesPerUserQuota: 2,
  UserPolicySizeQuota: 2048,
  GroupPolicySizeQuota: 5120,
  RolePolicySizeQuota: 10240,
  PolicySizeQuota: 6144,
  AssumeRolePolicySizeQuota: 2048,
  PolicyVersionsInUseQuota: 10000,
} as const;

const ALL = 100_000;
const RESOURCE_ALL = '*';

async function accountRecord(r: RecordReader, accountId: string): Promise<StoredRecord> {
  const rec = await r.get(accountId, 'account', '', accountId);
  // INVARIANT: every authenticated caller belongs to an account that has its record.
  if (!rec) throw new Error(`account ${accountId} has no record`);
  return rec;
}

/** The record without its global id (an absent id clears it on update). */
function withoutId(rec: StoredRecord): StoredRecord {
  const { id: _id, ...rest } = rec;
  return rest;
}

export const accountOperations: OperationTable = {
  CreateAccountAlias: {
    authorize: () => ({ resource: RESOURCE_ALL }),
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const alias = input.str('AccountAlias');
      const taken = alreadyExists(`The account alias ${alias} already exists.`);
      await deps.store.transaction(async (tx) => {
        const rec = await tx.lock(accountId, 'account', '', accountId);
        if (!rec) throw new Error(`account ${accountId} has no record`);
        // Aliases are unique across the deployment, the caller's own current alias included; a new one
        // replaces the account's alias (an account holds one).
        if (dataOf<AccountData>(rec).Alias === alias || (await tx.getById('account', alias))) throw taken;
        try {
          await tx.update({ ...rec, id: alias, data: { ...rec.data, Alias: alias } });
        } catch (e) {
          if (isStoreError(e, 'conflict')) throw taken;
          throw e;
        }
      });
      return undefined;
    },
  },

  DeleteAccountAlias: {
    authorize: () => ({ resource: RESOURCE_ALL }),
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const alias = input.str('AccountAlias');
      await deps.store.transaction(async (tx) => {
        const rec = await tx.lock(accountId, 'account', '', accountId);
        if (!rec) throw new Error(`account ${accountId} has no record`);
        // Only the current alias, named exactly, can be deleted: a stale name must not clear a newer alias.
        // Unconfirmed wording:
        if (dataOf<AccountData>(rec).Alias !== alias) throw noSuchEntity(`The account alias ${alias} cannot be found.`);
        await tx.update({ ...withoutId(rec), data: { ...rec.data, Alias: null } });
      });
      return undefined;
    },
  },

  ListAccountAliases: {
    authorize: () => ({ resource: RESOURCE_ALL }),
    async handle(input, { ctx, deps }) {
      const account = dataOf<AccountData>(await accountRecord(deps.store, ctx.caller.accountId));
      const page = pageArray(account.Alias ? [account.Alias] : [], (a) => a, input.page());
      return { AccountAliases: page.items, ...pageMembers(page) };
    },
  },

  SetSecurityTokenServicePreferences: {
    authorize: () => ({ resource: RESOURCE_ALL }),
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const version = input.str('GlobalEndpointTokenVersion');
      await deps.store.transaction(async (tx) => {
        const rec = await tx.lock(accountId, 'account', '', accountId);
        if (!rec) throw new Error(`account ${accountId} has no record`);
        await tx.update({ ...rec, data: { ...rec.data, [TOKEN_VERSION]: version } });
      });
      return undefined;
    },
  },

  GetAccountSummary: {
    authorize: () => ({ resource: RESOURCE_ALL }),
    async handle(_input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const s = deps.store;
      const account = await accountRecord(s, accountId);
      const count = (kind: Parameters<RecordReader['count']>[1], parent?: string): Promise<number> => s.count(accountId, kind, parent);
      const mfa = await s.list({ accountId, kind: 'mfa-device', limit: ALL });
      // A device is in use once it is enabled for a user (or the root user); a virtual device can exist unassigned.
      const mfaInUse = mfa.filter((r) => r.parent !== '' || typeof r.data.EnableDate === 'string').length;
      const present = async (kind: Parameters<RecordReader['count']>[1]): Promise<number> => ((await count(kind, ROOT_KEY_PARENT)) > 0 ? 1 : 0);
      const summary: StructureValue = {
        Users: await count('user'),
        UsersQuota: USERS_PER_ACCOUNT,
        Groups: await count('group'),
        GroupsQuota: GROUPS_PER_ACCOUNT,
        Roles: await count('role'),
        RolesQuota: QUOTAS.RolesQuota,
        Policies: await count('policy'),
        PoliciesQuota: POLICIES_PER_ACCOUNT,
        InstanceProfiles: await count('instance-profile'),
        InstanceProfilesQuota: QUOTAS.InstanceProfilesQuota,
        ServerCertificates: await count('server-certificate'),
        ServerCertificatesQuota: QUOTAS.ServerCertificatesQuota,
        MFADevices: mfa.length,
        MFADevicesInUse: mfaInUse,
        AccountMFAEnabled: await present('mfa-device'),
        AccountAccessKeysPresent: await present('access-key'),
        AccountSigningCertificatesPresent: await present('signing-certificate'),
        AccessKeysPerUserQuota: ACCESS_KEYS_PER_USER,
        AttachedPoliciesPerUserQuota: ATTACHED_POLICIES_QUOTA,
        AttachedPoliciesPerGroupQuota: ATTACHED_POLICIES_QUOTA,
        AttachedPoliciesPerRoleQuota: ATTACHED_POLICIES_QUOTA,
        GroupsPerUserQuota: GROUPS_PER_USER,
        SigningCertificatesPerUserQuota: QUOTAS.SigningCertificatesPerUserQuota,
        UserPolicySizeQuota: QUOTAS.UserPolicySizeQuota,
        GroupPolicySizeQuota: QUOTAS.GroupPolicySizeQuota,
        RolePolicySizeQuota: QUOTAS.RolePolicySizeQuota,
        PolicySizeQuota: QUOTAS.PolicySizeQuota,
        // Managed policies attached to users, groups and roles: what PolicyVersionsInUseQuota limits.
        PolicyVersionsInUse: await count('attached-policy'),
        PolicyVersionsInUseQuota: QUOTAS.PolicyVersionsInUseQuota,
        VersionsPerPolicyQuota: VERSIONS_PER_POLICY,
        AssumeRolePolicySizeQuota: QUOTAS.AssumeRolePolicySizeQuota,
        GlobalEndpointTokenVersion: account.data[TOKEN_VERSION] === 'v2Token' ? 2 : 1,
        Providers: (await count('oidc-provider')) + (await count('saml-provider')),
      };
      return { SummaryMap: summary };
    },
  },

  GetAccountAuthorizationDetails: {
    authorize: () => ({ resource: RESOURCE_ALL }),
    async handle(input, { ctx, deps }) {
      const filter = new Set(input.strList('Filter'));
      const want = (t: string): boolean => filter.size === 0 || filter.has(t);
      const entries = await authorizationDetails(deps, ctx.caller.accountId, want);
      const page = pageArray(entries, (e) => e.key, input.page());
      const out: Record<'UserDetailList' | 'GroupDetailList' | 'RoleDetailList' | 'Policies', StructureValue[]> = {
        UserDetailList: [],
        GroupDetailList: [],
        RoleDetailList: [],
        Policies: [],
      };
      for (const e of page.items) out[e.list].push(e.value);
      return { ...out, ...pageMembers(page) };
    },
  },
};

interface DetailEntry {
  /** Sort and paging key: the list's rank, then the entity's key, so one Marker pages across all four lists. */
  key: string;
  list: 'UserDetailList' | 'GroupDetailList' | 'RoleDetailList' | 'Policies';
  value: StructureValue;
}

const boundaryOut = (arn: unknown): StructureValue =>
  typeof arn === 'string' ? { PermissionsBoundary: { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: arn } } : {};

/** The whole account as GetAccountAuthorizationDetails reports it, in paging order. */
async function authorizationDetails(deps: IamDeps, accountId: string, want: (t: string) => boolean): Promise<DetailEntry[]> {
  const s = deps.store;
  const list = (kind: Parameters<RecordReader['list']>[0]['kind'], parent?: string): Promise<StoredRecord[]> =>
    s.list({ accountId, kind, limit: ALL, ...(parent !== undefined ? { parent } : {}) });
  const inline = async (parent: string): Promise<StructureValue[]> =>
    (await list('inline-policy', parent)).map((r) => {
      const p = dataOf<InlinePolicyData>(r);
      return { PolicyName: p.PolicyName, PolicyDocument: encodeDocument(p.PolicyDocument) };
    });
  const attached = async (parent: string): Promise<StructureValue[]> =>
    (await list('attached-policy', parent)).map((r) => {
      const a = dataOf<AttachmentData>(r);
      return { PolicyName: a.PolicyName, PolicyArn: a.PolicyArn };
    });
  const out: DetailEntry[] = [];
  const users = await list('user', '');
  const roles = await list('role', '');

  if (want('User')) {
    for (const r of users) {
      const u = dataOf<UserData>(r);
      const groups = (await s.listByKey(accountId, 'group-member', r.key)).map((m) => dataOf<MembershipData>(m).GroupName);
      out.push({
        key: `0:${r.key}`,
        list: 'UserDetailList',
        value: {
          Path: u.Path,
          UserName: u.UserName,
          UserId: u.UserId,
          Arn: u.Arn,
          CreateDate: date(u.CreateDate),
          UserPolicyList: await inline(`user:${r.key}`),
          GroupList: groups,
          AttachedManagedPolicies: await attached(`user:${r.key}`),
          ...boundaryOut(u.PermissionsBoundary),
          ...tagsOut(u.Tags),
        },
      });
    }
  }

  if (want('Group')) {
    for (const r of await list('group', '')) {
      const g = dataOf<GroupData>(r);
      out.push({
        key: `1:${r.key}`,
        list: 'GroupDetailList',
        value: {
          Path: g.Path,
          GroupName: g.GroupName,
          GroupId: g.GroupId,
          Arn: g.Arn,
          CreateDate: date(g.CreateDate),
          GroupPolicyList: await inline(`group:${r.key}`),
          AttachedManagedPolicies: await attached(`group:${r.key}`),
        },
      });
    }
  }

  if (want('Role')) {
    for (const r of roles) {
      const role = dataOf<RoleData>(r);
      out.push({
        key: `2:${r.key}`,
        list: 'RoleDetailList',
        value: {
          Path: role.Path,
          RoleName: role.RoleName,
          RoleId: role.RoleId,
          Arn: role.Arn,
          CreateDate: date(role.CreateDate),
          AssumeRolePolicyDocument: encodeDocument(role.AssumeRolePolicyDocument),
          InstanceProfileList: await instanceProfilesOf(s, accountId, r.key),
          RolePolicyList: await inline(`role:${r.key}`),
          AttachedManagedPolicies: await attached(`role:${r.key}`),
          ...boundaryOut(role.PermissionsBoundary),
          ...tagsOut(role.Tags),
          RoleLastUsed: roleLastUsed(role),
        },
      });
    }
  }

  if (want('LocalManagedPolicy') || want('AWSManagedPolicy')) {
    const attachments = new Map<string, number>();
    for (const a of await list('attached-policy')) attachments.set(a.key, (attachments.get(a.key) ?? 0) + 1);
    const boundaries = new Map<string, number>();
    for (const r of [...users, ...roles]) {
      const b = r.data.PermissionsBoundary;
      if (typeof b === 'string') boundaries.set(b, (boundaries.get(b) ?? 0) + 1);
    }
    const policies: { sortKey: string; value: StructureValue }[] = [];
    const usage = (arn: string): StructureValue => ({ AttachmentCount: attachments.get(arn) ?? 0, PermissionsBoundaryUsageCount: boundaries.get(arn) ?? 0, IsAttachable: true });
    if (want('LocalManagedPolicy')) {
      for (const r of await list('policy', '')) {
        const p = dataOf<ManagedPolicyData>(r);
        const versions = (await list('policy-version', r.key)).map((v) => dataOf<PolicyVersionData>(v));
        policies.push({
          sortKey: `${p.PolicyName.toLowerCase()}\u0001${p.Arn}`,
          value: {
            PolicyName: p.PolicyName,
            PolicyId: p.PolicyId,
            Arn: p.Arn,
            Path: p.Path,
            DefaultVersionId: p.DefaultVersionId,
            ...usage(p.Arn),
            ...(typeof p.Description === 'string' ? { Description: p.Description } : {}),
            CreateDate: date(p.CreateDate),
            UpdateDate: date(p.UpdateDate),
            PolicyVersionList: versionsOut(
              versions.map((v) => ({ id: v.VersionId, document: v.Document, created: v.CreateDate })),
              p.DefaultVersionId,
            ),
          },
        });
      }
    }
    if (want('AWSManagedPolicy')) {
      // AWS lists only the AWS managed policies the account uses, not the whole catalog.
      const used = new Set([...attachments.keys(), ...boundaries.keys()]);
      for (const arn of used) {
        const p = deps.managedPolicies.get(arn);
        if (!p) continue;
        policies.push({
          sortKey: `${p.name.toLowerCase()}\u0001${p.arn}`,
          value: {
            PolicyName: p.name,
            PolicyId: p.policyId,
            Arn: p.arn,
            Path: p.path,
            DefaultVersionId: p.defaultVersionId,
            ...usage(p.arn),
            CreateDate: date(p.createDate),
            UpdateDate: date(p.updateDate),
            PolicyVersionList: versionsOut(
              p.versions.map((v) => ({ id: v.versionId, document: v.document, created: v.createDate })),
              p.defaultVersionId,
            ),
          },
        });
      }
    }
    policies.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
    for (const p of policies) out.push({ key: `3:${p.sortKey}`, list: 'Policies', value: p.value });
  }
  return out;
}

/** Versions newest first, as ListPolicyVersions orders them (v10 after v9: by number, not by text). */
function versionsOut(versions: { id: string; document: string; created: string }[], defaultId: string): StructureValue[] {
  const n = (id: string): number => Number(id.replace(/^v/, '')) || 0;
  return [...versions]
    .sort((a, b) => n(b.id) - n(a.id))
    .map((v) => ({ Document: encodeDocument(v.document), VersionId: v.id, IsDefaultVersion: v.id === defaultId, CreateDate: date(v.created) }));
}

/** RoleLastUsed: empty until the role has been used (as GetRole reports it). */
function roleLastUsed(role: RoleData): StructureValue {
  const used = role.RoleLastUsed;
  if (typeof used !== 'object' || used === null || Array.isArray(used)) return {};
  return {
    ...(typeof used.LastUsedDate === 'string' ? { LastUsedDate: date(used.LastUsedDate) } : {}),
    ...(typeof used.Region === 'string' ? { Region: used.Region } : {}),
  };
}

/**
 * The instance profiles holding a role: memberships are `instance-profile-role` records under the profile's
 * key, keyed by the role's key (as group memberships are).
 */
async function instanceProfilesOf(s: RecordReader, accountId: string, roleKey: string): Promise<StructureValue[]> {
  const out: StructureValue[] = [];
  for (const m of await s.listByKey(accountId, 'instance-profile-role', roleKey)) {
    const profile = await s.get(accountId, 'instance-profile', '', m.parent);
    if (!profile) continue;
    const p = profile.data;
    const roles: StructureValue[] = [];
    for (const member of await s.list({ accountId, kind: 'instance-profile-role', parent: m.parent, limit: ALL })) {
      const role = await s.get(accountId, 'role', '', member.key);
      if (!role) continue;
      const d = dataOf<RoleData>(role);
      roles.push({ Path: d.Path, RoleName: d.RoleName, RoleId: d.RoleId, Arn: d.Arn, CreateDate: date(d.CreateDate), AssumeRolePolicyDocument: encodeDocument(d.AssumeRolePolicyDocument) });
    }
    out.push({
      Path: String(p.Path),
      InstanceProfileName: String(p.InstanceProfileName),
      InstanceProfileId: String(p.InstanceProfileId),
      Arn: String(p.Arn),
      CreateDate: date(String(p.CreateDate)),
      Roles: roles,
    });
  }
  return out;
}
