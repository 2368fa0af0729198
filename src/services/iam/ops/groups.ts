/** Groups and membership: CreateGroup, GetGroup, ListGroups, UpdateGroup, DeleteGroup, AddUserToGroup,
 *  RemoveUserFromGroup, ListGroupsForUser. */
import type { StructureValue } from '../../../protocol/model/index.js';
import type { RecordWriter } from '../../../store/contract.js';
import { isStoreError } from '../../../store/errors.js';
import { alreadyExists, deleteConflict, limitExceeded, noSuchEntity } from '../../errors.js';
import type { Input } from '../../input.js';
import { groupArn } from '../arns.js';
import { date } from '../common.js';
import { dataOf, getData, key, lockUser, requireGroup, requireUser, type GroupData, type MembershipData, type UserData } from '../entities.js';
import type { IamEnv, OperationTable } from '../operation.js';
import { pageArray, pageMembers, pageOf } from '../pagination.js';
import { userOut, userTarget } from './users.js';

export const GROUPS_PER_ACCOUNT = 300;
export const GROUPS_PER_USER = 10;

export function groupOut(g: GroupData): StructureValue {
  return { Path: g.Path, GroupName: g.GroupName, GroupId: g.GroupId, Arn: g.Arn, CreateDate: date(g.CreateDate) };
}

export async function groupTarget(env: IamEnv, groupName: string): Promise<{ resource: string; display: string }> {
  const { accountId } = env.ctx.caller;
  const g = await getData<GroupData>(env.deps.store, accountId, 'group', '', key(groupName));
  return { resource: g?.Arn ?? groupArn(accountId, '/', groupName), display: `group ${g?.GroupName ?? groupName}` };
}

const groupAuthz = (input: Input, env: IamEnv): Promise<{ resource: string; display: string }> => groupTarget(env, input.str('GroupName'));

async function lockGroup(tx: RecordWriter, accountId: string, name: string): Promise<GroupData> {
  const rec = await tx.lock(accountId, 'group', '', key(name));
  if (!rec) throw noSuchEntity(`The group with name ${name} cannot be found.`);
  return dataOf<GroupData>(rec);
}

export const groupOperations: OperationTable = {
  CreateGroup: {
    authorize: (input, env) => ({ resource: groupArn(env.ctx.caller.accountId, input.optStr('Path') ?? '/', input.str('GroupName')) }),
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const name = input.str('GroupName');
      const path = input.optStr('Path') ?? '/';
      const group: GroupData = { GroupName: name, GroupId: deps.ids.uniqueId('AGPA'), Path: path, Arn: groupArn(accountId, path, name), CreateDate: ctx.now.toISOString() };
      await deps.store.transaction(async (tx) => {
        await tx.lock(accountId, 'account', '', accountId);
        if ((await tx.count(accountId, 'group')) >= GROUPS_PER_ACCOUNT) throw limitExceeded(`Cannot exceed quota for GroupsPerAccount: ${GROUPS_PER_ACCOUNT}`);
        try {
          await tx.insert({ accountId, kind: 'group', parent: '', key: key(name), id: group.GroupId, path, createdAt: ctx.now.getTime(), data: group });
        } catch (e) {
          if (isStoreError(e, 'conflict')) throw alreadyExists(`Group with name ${name} already exists.`);
          throw e;
        }
      });
      return { Group: groupOut(group) };
    },
  },

  GetGroup: {
    authorize: groupAuthz,
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const g = await requireGroup(deps.store, accountId, input.str('GroupName'));
      const page = await pageOf(deps.store, { accountId, kind: 'group-member', parent: key(g.GroupName) }, input.page());
      const users: StructureValue[] = [];
      for (const m of page.items) {
        const u = await getData<UserData>(deps.store, accountId, 'user', '', m.key);
        if (u) users.push(userOut(u, false));
      }
      return { Group: groupOut(g), Users: users, ...pageMembers(page) };
    },
  },

  ListGroups: {
    authorize: (input, env) => ({ resource: groupArn(env.ctx.caller.accountId, input.optStr('PathPrefix') ?? '/', '') }),
    async handle(input, { ctx, deps }) {
      const prefix = input.optStr('PathPrefix');
      const page = await pageOf(deps.store, { accountId: ctx.caller.accountId, kind: 'group', parent: '', ...(prefix ? { pathPrefix: prefix } : {}) }, input.page());
      return { Groups: page.items.map((r) => groupOut(dataOf<GroupData>(r))), ...pageMembers(page) };
    },
  },

  UpdateGroup: {
    authorize: groupAuthz,
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const name = input.str('GroupName');
      const newName = input.optStr('NewGroupName');
      const newPath = input.optStr('NewPath');
      await deps.store.transaction(async (tx) => {
        const g = await lockGroup(tx, accountId, name);
        const rec = await tx.get(accountId, 'group', '', key(name));
        if (!rec) throw noSuchEntity(`The group with name ${name} cannot be found.`);
        const updated: GroupData = { ...g, GroupName: newName ?? g.GroupName, Path: newPath ?? g.Path };
        updated.Arn = groupArn(accountId, updated.Path, updated.GroupName);
        if (newName !== undefined && key(newName) !== key(name)) {
          if (await tx.get(accountId, 'group', '', key(newName))) throw alreadyExists(`Group with name ${newName} already exists.`);
          const from = key(name);
          const to = key(newName);
          for (const m of await tx.list({ accountId, kind: 'group-member', parent: from, limit: 100_000 })) {
            await tx.delete(accountId, 'group-member', from, m.key);
            await tx.insert({ ...m, parent: to, data: { ...m.data, GroupName: newName } });
          }
          for (const kind of ['attached-policy', 'inline-policy'] as const) {
            for (const r of await tx.list({ accountId, kind, parent: `group:${from}`, limit: 100_000 })) {
              await tx.delete(accountId, kind, `group:${from}`, r.key);
              await tx.insert({ ...r, parent: `group:${to}` });
            }
          }
          await tx.delete(accountId, 'group', '', from);
          await tx.insert({ ...rec, key: to, path: updated.Path, data: updated });
        } else await tx.update({ ...rec, path: updated.Path, data: updated });
      });
      return undefined;
    },
  },

  DeleteGroup: {
    authorize: groupAuthz,
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const name = input.str('GroupName');
      await deps.store.transaction(async (tx) => {
        await lockGroup(tx, accountId, name);
        const k = key(name);
        if ((await tx.count(accountId, 'group-member', k)) > 0) throw deleteConflict('Cannot delete entity, must remove users from group first.');
        if ((await tx.count(accountId, 'attached-policy', `group:${k}`)) > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.');
        if ((await tx.count(accountId, 'inline-policy', `group:${k}`)) > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
        await tx.delete(accountId, 'group', '', k);
      });
      return undefined;
    },
  },

  AddUserToGroup: {
    authorize: groupAuthz,
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      await deps.store.transaction(async (tx) => {
        const g = await lockGroup(tx, accountId, input.str('GroupName'));
        const u = await lockUser(tx, accountId, input.str('UserName'));
        if (await tx.get(accountId, 'group-member', key(g.GroupName), key(u.UserName))) return;
        if ((await tx.listByKey(accountId, 'group-member', key(u.UserName))).length >= GROUPS_PER_USER) {
          throw limitExceeded(`Cannot exceed quota for GroupsPerUser: ${GROUPS_PER_USER}`);
        }
        const data: MembershipData = { GroupName: g.GroupName, UserName: u.UserName };
        await tx.insert({ accountId, kind: 'group-member', parent: key(g.GroupName), key: key(u.UserName), createdAt: ctx.now.getTime(), data });
      });
      return undefined;
    },
  },

  RemoveUserFromGroup: {
    authorize: groupAuthz,
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const userName = input.str('UserName');
      await deps.store.transaction(async (tx) => {
        const g = await lockGroup(tx, accountId, input.str('GroupName'));
        await requireUser(tx, accountId, userName);
        if (!(await tx.delete(accountId, 'group-member', key(g.GroupName), key(userName)))) {
          throw noSuchEntity(`The user with name ${userName} cannot be found.`);
        }
      });
      return undefined;
    },
  },

  ListGroupsForUser: {
    authorize: (input, env) => userTarget(env, input.str('UserName')),
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const u = await requireUser(deps.store, accountId, input.str('UserName'));
      const groups: GroupData[] = [];
      for (const m of await deps.store.listByKey(accountId, 'group-member', key(u.UserName))) {
        const g = await getData<GroupData>(deps.store, accountId, 'group', '', m.parent);
        if (g) groups.push(g);
      }
      const page = pageArray(groups, (g) => key(g.GroupName), input.page());
      return { Groups: page.items.map(groupOut), ...pageMembers(page) };
    },
  },
};
