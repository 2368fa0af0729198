/**
 * Instance profiles: CreateInstanceProfile, GetInstanceProfile, ListInstanceProfiles, DeleteInstanceProfile,
 * AddRoleToInstanceProfile, RemoveRoleFromInstanceProfile, ListInstanceProfilesForRole, and their tags.
 *
 * A profile's role is a record of kind `instance-profile-role` under the profile's key, keyed by the role's
 * key, so the profiles of a role are one `listByKey` away.
 */
import type { ContextValue } from '../../../policy/index.js';
import type { StructureValue } from '../../../protocol/model/index.js';
import type { JsonObject, RecordReader, RecordWriter } from '../../../store/contract.js';
import { isStoreError } from '../../../store/errors.js';
import { alreadyExists, deleteConflict, limitExceeded, noSuchEntity } from '../../errors.js';
import type { Input } from '../../input.js';
import { instanceProfileArn } from '../arns.js';
import { checkTags, date, requestTagContext, resourceTagContext } from '../common.js';
import { dataOf, getData, key, requireRole, type Tag } from '../entities.js';
import type { IamEnv, OperationTable } from '../operation.js';
import { pageArray, pageMembers, pageOf } from '../pagination.js';
import { assertModifiable, lockRole, roleOut, roleTarget, type RoleRecord } from './roles.js';
import { CASELESS_KEYS, tagOperations } from './tag-operations.js';

export const INSTANCE_PROFILES_PER_ACCOUNT = 1000;
export const ROLES_PER_INSTANCE_PROFILE = 1;

export interface InstanceProfileData extends JsonObject {
  InstanceProfileName: string;
  InstanceProfileId: string;
  Path: string;
  Arn: string;
  CreateDate: string;
  Tags: Tag[];
}

/** A role in a profile: parent the profile's key, key the role's key. */
export interface ProfileRoleData extends JsonObject {
  InstanceProfileName: string;
  RoleName: string;
}

const notFound = (name: string): Error => noSuchEntity(`Instance Profile ${name} cannot be found.`);

/** The roles of a profile, in the shape IAM nests them (that of CreateRole's answer). */
async function rolesOf(r: RecordReader, accountId: string, profileKey: string): Promise<StructureValue[]> {
  const out: StructureValue[] = [];
  for (const m of await r.list({ accountId, kind: 'instance-profile-role', parent: profileKey, limit: 1000 })) {
    const role = await getData<RoleRecord>(r, accountId, 'role', '', m.key);
    if (role) out.push(roleOut(role, 'embedded'));
  }
  return out;
}

/**
 * A profile as IAM answers: GetInstanceProfile always carries Tags (empty when there are none); CreateInstanceProfile
 * only when it was given some; the lists never.
 */
async function profileOut(r: RecordReader, accountId: string, p: InstanceProfileData, tags: 'always' | 'some' | 'never'): Promise<StructureValue> {
  return {
    Path: p.Path,
    InstanceProfileName: p.InstanceProfileName,
    InstanceProfileId: p.InstanceProfileId,
    Arn: p.Arn,
    CreateDate: date(p.CreateDate),
    Roles: await rolesOf(r, accountId, key(p.InstanceProfileName)),
    ...(tags === 'always' || (tags === 'some' && p.Tags.length > 0) ? { Tags: p.Tags.map((t) => ({ Key: t.Key, Value: t.Value })) } : {}),
  };
}

async function requireProfile(r: RecordReader, accountId: string, name: string): Promise<InstanceProfileData> {
  const p = await getData<InstanceProfileData>(r, accountId, 'instance-profile', '', key(name));
  if (!p) throw notFound(name);
  return p;
}

async function lockProfile(tx: RecordWriter, accountId: string, name: string): Promise<{ profile: InstanceProfileData; update: (data: InstanceProfileData) => Promise<void> }> {
  const rec = await tx.lock(accountId, 'instance-profile', '', key(name));
  if (!rec) throw notFound(name);
  return { profile: dataOf<InstanceProfileData>(rec), update: (data) => tx.update({ ...rec, data }) };
}

/** The ARN AWS authorizes a call on a profile against (with its path when it exists), and its tags. */
async function profileAuthz(input: Input, env: IamEnv): Promise<{ resource: string; context: Record<string, ContextValue> }> {
  const { accountId } = env.ctx.caller;
  const name = input.str('InstanceProfileName');
  const p = await getData<InstanceProfileData>(env.deps.store, accountId, 'instance-profile', '', key(name));
  return { resource: p?.Arn ?? instanceProfileArn(accountId, '/', name), context: resourceTagContext(p?.Tags) };
}

const profileTags = tagOperations({
  member: 'InstanceProfileName',
  authz: profileAuthz,
  tags: async (env, name) => (await requireProfile(env.deps.store, env.ctx.caller.accountId, name)).Tags,
  updateTags: (env, name, change) =>
    env.deps.store.transaction(async (tx) => {
      const { profile, update } = await lockProfile(tx, env.ctx.caller.accountId, name);
      await update({ ...profile, Tags: change(profile.Tags) });
    }),
  keys: CASELESS_KEYS,
  sortList: false,
});

export const instanceProfileOperations: OperationTable = {
  CreateInstanceProfile: {
    authorize: (input, env) => ({
      resource: instanceProfileArn(env.ctx.caller.accountId, input.optStr('Path') ?? '/', input.str('InstanceProfileName')),
      context: requestTagContext(input.tags()),
    }),
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const name = input.str('InstanceProfileName');
      const path = input.optStr('Path') ?? '/';
      const tags = input.tags();
      checkTags(tags);
      const profile: InstanceProfileData = {
        InstanceProfileName: name,
        InstanceProfileId: deps.ids.uniqueId('AIPA'),
        Path: path,
        Arn: instanceProfileArn(accountId, path, name),
        CreateDate: ctx.now.toISOString(),
        Tags: tags,
      };
      await deps.store.transaction(async (tx) => {
        await tx.lock(accountId, 'account', '', accountId);
        const exists = () => alreadyExists(`Instance Profile ${name} already exists.`);
        if (await tx.get(accountId, 'instance-profile', '', key(name))) throw exists();
        if ((await tx.count(accountId, 'instance-profile', '')) >= INSTANCE_PROFILES_PER_ACCOUNT) {
          throw limitExceeded(`Cannot exceed quota for InstanceProfilesPerAccount: ${INSTANCE_PROFILES_PER_ACCOUNT}`);
        }
        try {
          await tx.insert({ accountId, kind: 'instance-profile', parent: '', key: key(name), id: profile.InstanceProfileId, path, createdAt: ctx.now.getTime(), data: profile });
        } catch (e) {
          if (isStoreError(e, 'conflict')) throw exists();
          throw e;
        }
      });
      return { InstanceProfile: await profileOut(deps.store, accountId, profile, 'some') };
    },
  },

  GetInstanceProfile: {
    authorize: profileAuthz,
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const p = await requireProfile(deps.store, accountId, input.str('InstanceProfileName'));
      return { InstanceProfile: await profileOut(deps.store, accountId, p, 'always') };
    },
  },

  ListInstanceProfiles: {
    authorize: (input, env) => ({ resource: instanceProfileArn(env.ctx.caller.accountId, input.optStr('PathPrefix') ?? '/', '') }),
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const prefix = input.optStr('PathPrefix');
      const page = await pageOf(deps.store, { accountId, kind: 'instance-profile', parent: '', ...(prefix ? { pathPrefix: prefix } : {}) }, input.page());
      const profiles: StructureValue[] = [];
      for (const r of page.items) profiles.push(await profileOut(deps.store, accountId, dataOf<InstanceProfileData>(r), 'never'));
      return { InstanceProfiles: profiles, ...pageMembers(page) };
    },
  },

  DeleteInstanceProfile: {
    authorize: profileAuthz,
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const name = input.str('InstanceProfileName');
      await deps.store.transaction(async (tx) => {
        await lockProfile(tx, accountId, name);
        if ((await tx.count(accountId, 'instance-profile-role', key(name))) > 0) throw deleteConflict('Cannot delete entity, must remove roles from instance profile first.');
        await tx.delete(accountId, 'instance-profile', '', key(name));
      });
      return undefined;
    },
  },

  AddRoleToInstanceProfile: {
    authorize: profileAuthz,
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      await deps.store.transaction(async (tx) => {
        const { profile } = await lockProfile(tx, accountId, input.str('InstanceProfileName'));
        const { role } = await lockRole(tx, accountId, input.str('RoleName'));
        assertModifiable(role);
        // One role per profile; adding the role a profile already holds fails the same way.
        if ((await tx.count(accountId, 'instance-profile-role', key(profile.InstanceProfileName))) >= ROLES_PER_INSTANCE_PROFILE) {
          throw limitExceeded(`Cannot exceed quota for InstanceSessionsPerInstanceProfile: ${ROLES_PER_INSTANCE_PROFILE}`);
        }
        const data: ProfileRoleData = { InstanceProfileName: profile.InstanceProfileName, RoleName: role.RoleName };
        await tx.insert({ accountId, kind: 'instance-profile-role', parent: key(profile.InstanceProfileName), key: key(role.RoleName), createdAt: ctx.now.getTime(), data });
      });
      return undefined;
    },
  },

  RemoveRoleFromInstanceProfile: {
    authorize: profileAuthz,
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      await deps.store.transaction(async (tx) => {
        const { profile } = await lockProfile(tx, accountId, input.str('InstanceProfileName'));
        const { role } = await lockRole(tx, accountId, input.str('RoleName'));
        assertModifiable(role);
        if (!(await tx.delete(accountId, 'instance-profile-role', key(profile.InstanceProfileName), key(role.RoleName)))) {
          throw noSuchEntity(`Role ${role.RoleName} in Instance Profile ${profile.InstanceProfileName} cannot be found.`);
        }
      });
      return undefined;
    },
  },

  ListInstanceProfilesForRole: {
    authorize: (input, env) => roleTarget(env, input.str('RoleName')),
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const role = await requireRole(deps.store, accountId, input.str('RoleName'));
      const profiles: InstanceProfileData[] = [];
      for (const m of await deps.store.listByKey(accountId, 'instance-profile-role', key(role.RoleName))) {
        const p = await getData<InstanceProfileData>(deps.store, accountId, 'instance-profile', '', m.parent);
        if (p) profiles.push(p);
      }
      const page = pageArray(profiles, (p) => key(p.InstanceProfileName), input.page());
      const out: StructureValue[] = [];
      for (const p of page.items) out.push(await profileOut(deps.store, accountId, p, 'never'));
      return { InstanceProfiles: out, ...pageMembers(page) };
    },
  },

  TagInstanceProfile: profileTags.tag,
  UntagInstanceProfile: profileTags.untag,
  ListInstanceProfileTags: profileTags.list,
};
