/** Users: CreateUser, GetUser, ListUsers, UpdateUser, DeleteUser, and user tags. */
import type { ContextValue } from '../../../policy/index.js';
import type { StructureValue } from '../../../protocol/model/index.js';
import type { RecordKind, RecordWriter } from '../../../store/contract.js';
import { isStoreError } from '../../../store/errors.js';
import { alreadyExists, deleteConflict, limitExceeded } from '../../errors.js';
import type { Input } from '../../input.js';
import { rootArn, userArn } from '../arns.js';
import { boundaryOut, checkTags, date, iamResourceTagContext, requestTagContext, resolveBoundary, tagsOut } from '../common.js';
import { getData, key, lockUser, requireUser, type UserData } from '../entities.js';
import type { IamEnv, OperationTable } from '../operation.js';
import { pageMembers, pageOf } from '../pagination.js';
import { CASELESS_KEYS, tagOperations } from './tag-operations.js';

export const USERS_PER_ACCOUNT = 5000;

export function userOut(u: UserData, withTags: boolean): StructureValue {
  return {
    Path: u.Path,
    UserName: u.UserName,
    UserId: u.UserId,
    Arn: u.Arn,
    CreateDate: date(u.CreateDate),
    // Set once the user has signed in with a password (AWS leaves it out before that).
    ...(typeof u.PasswordLastUsed === 'string' ? { PasswordLastUsed: date(u.PasswordLastUsed) } : {}),
    ...boundaryOut(u.PermissionsBoundary),
    ...(withTags ? tagsOut(u.Tags) : {}),
  };
}

/**
 * The ARN AWS authorizes a call on a user against (with the user's path when the user exists), and the user's
 * tags as aws:ResourceTag/iam:ResourceTag.
 */
export async function userTarget(env: IamEnv, userName: string): Promise<{ resource: string; display: string; context: Record<string, ContextValue> }> {
  const { accountId } = env.ctx.caller;
  const u = await getData<UserData>(env.deps.store, accountId, 'user', '', key(userName));
  return { resource: u?.Arn ?? userArn(accountId, '/', userName), display: `user ${u?.UserName ?? userName}`, context: iamResourceTagContext(u?.Tags) };
}

const userAuthz = (input: Input, env: IamEnv) => userTarget(env, input.str('UserName'));

const userTags = tagOperations({
  member: 'UserName',
  authz: userAuthz,
  tags: async (env, name) => (await requireUser(env.deps.store, env.ctx.caller.accountId, name)).Tags,
  updateTags: (env, name, change) =>
    env.deps.store.transaction(async (tx) => {
      const { accountId } = env.ctx.caller;
      const u = await lockUser(tx, accountId, name);
      const rec = await tx.get(accountId, 'user', '', key(u.UserName));
      if (rec) await tx.update({ ...rec, data: { ...u, Tags: change(u.Tags) } });
    }),
  keys: CASELESS_KEYS,
  sortList: false,
});

export const userOperations: OperationTable = {
  CreateUser: {
    authorize(input, env) {
      const boundary = input.optStr('PermissionsBoundary');
      return {
        resource: userArn(env.ctx.caller.accountId, input.optStr('Path') ?? '/', input.str('UserName')),
        context: { ...requestTagContext(input.tags()), ...(boundary ? { 'iam:PermissionsBoundary': boundary } : {}) },
      };
    },
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const name = input.str('UserName');
      const path = input.optStr('Path') ?? '/';
      const tags = input.tags();
      checkTags(tags);
      const boundary = input.optStr('PermissionsBoundary');
      const user: UserData = {
        UserName: name,
        UserId: deps.ids.uniqueId('AIDA'),
        Path: path,
        Arn: userArn(accountId, path, name),
        CreateDate: ctx.now.toISOString(),
        Tags: tags,
        ...(boundary ? { PermissionsBoundary: boundary } : {}),
      };
      await deps.store.transaction(async (tx) => {
        await tx.lock(accountId, 'account', '', accountId);
        if (boundary) await resolveBoundary(tx, deps, accountId, boundary);
        if ((await tx.count(accountId, 'user')) >= USERS_PER_ACCOUNT) throw limitExceeded(`Cannot exceed quota for UsersPerAccount: ${USERS_PER_ACCOUNT}`);
        try {
          await tx.insert({ accountId, kind: 'user', parent: '', key: key(name), id: user.UserId, path, createdAt: ctx.now.getTime(), data: user });
        } catch (e) {
          if (isStoreError(e, 'conflict')) throw alreadyExists(`User with name ${name} already exists.`);
          throw e;
        }
      });
      return { User: userOut(user, true) };
    },
  },

  GetUser: {
    async authorize(input, env) {
      const name = input.optStr('UserName');
      if (name === undefined) return { resource: env.ctx.caller.arn };
      return userAuthz(input, env);
    },
    async handle(input, { ctx, deps }) {
      const { caller } = ctx;
      const name = input.optStr('UserName') ?? caller.userName;
      if (name === undefined) {
        // The root user asking about itself.
        const account = await deps.store.get(caller.accountId, 'account', '', caller.accountId);
        return { User: { UserId: caller.accountId, Arn: rootArn(caller.accountId), CreateDate: new Date(account?.createdAt ?? ctx.now.getTime()) } };
      }
      return { User: userOut(await requireUser(deps.store, caller.accountId, name), true) };
    },
  },

  ListUsers: {
    authorize(input, env) {
      return { resource: userArn(env.ctx.caller.accountId, input.optStr('PathPrefix') ?? '/', '') };
    },
    async handle(input, { ctx, deps }) {
      const prefix = input.optStr('PathPrefix');
      const page = await pageOf(deps.store, { accountId: ctx.caller.accountId, kind: 'user', parent: '', ...(prefix ? { pathPrefix: prefix } : {}) }, input.page());
      return { Users: page.items.map((r) => userOut(r.data as UserData, false)), ...pageMembers(page) };
    },
  },

  UpdateUser: {
    authorize: userAuthz,
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const name = input.str('UserName');
      const newName = input.optStr('NewUserName');
      const newPath = input.optStr('NewPath');
      await deps.store.transaction(async (tx) => {
        const u = await lockUser(tx, accountId, name);
        const renamed = newName !== undefined && newName !== u.UserName;
        const updated: UserData = { ...u, UserName: newName ?? u.UserName, Path: newPath ?? u.Path };
        updated.Arn = userArn(accountId, updated.Path, updated.UserName);
        if (renamed && key(newName) !== key(name)) {
          // A rename moves the record: children (keys, memberships, policies) follow under the new key.
          if (await tx.get(accountId, 'user', '', key(newName))) throw alreadyExists(`User with name ${newName} already exists.`);
          await moveUserChildren(tx, accountId, key(name), key(newName), updated.UserName);
          const rec = await tx.get(accountId, 'user', '', key(name));
          await tx.delete(accountId, 'user', '', key(name));
          await tx.insert({ accountId, kind: 'user', parent: '', key: key(newName), id: u.UserId, path: updated.Path, createdAt: rec?.createdAt ?? ctx.now.getTime(), data: updated });
        } else {
          const rec = await tx.get(accountId, 'user', '', key(name));
          if (rec) await tx.update({ ...rec, path: updated.Path, data: updated });
        }
      });
      return undefined;
    },
  },

  DeleteUser: {
    authorize: userAuthz,
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const name = input.str('UserName');
      await deps.store.transaction(async (tx) => {
        await lockUser(tx, accountId, name);
        const k = key(name);
        const parent = `user:${k}`;
        if ((await tx.count(accountId, 'access-key', k)) > 0) throw deleteConflict('Cannot delete entity, must delete access keys first.');
        if (await tx.get(accountId, 'login-profile', '', k)) throw deleteConflict('Cannot delete entity, must delete login profile first.');
        if ((await tx.listByKey(accountId, 'group-member', k)).length > 0) throw deleteConflict('Cannot delete entity, must remove users from group first.');
        if ((await tx.count(accountId, 'attached-policy', parent)) > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.');
        if ((await tx.count(accountId, 'inline-policy', parent)) > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
        if ((await tx.count(accountId, 'mfa-device', k)) > 0) throw deleteConflict('Cannot delete entity, must delete MFA device first.');
        for (const kind of ['ssh-public-key', 'signing-certificate', 'service-specific-credential'] as const) {
          if ((await tx.count(accountId, kind, k)) > 0) throw deleteConflict('Cannot delete entity, must remove referenced objects first.');
        }
        await tx.delete(accountId, 'user', '', k);
      });
      return undefined;
    },
  },

  TagUser: userTags.tag,
  UntagUser: userTags.untag,
  ListUserTags: userTags.list,
};

/** Kinds whose records hang off a user by the user's key, and by `user:<key>`. */
const BY_USER_KEY = ['access-key', 'mfa-device', 'ssh-public-key', 'signing-certificate', 'service-specific-credential', 'password-history'] as const;
const BY_USER_PARENT = ['attached-policy', 'inline-policy'] as const;

/** Re-keys everything that hangs off a user after a rename that changes its lower-case name. */
async function moveUserChildren(tx: RecordWriter, accountId: string, from: string, to: string, newName: string): Promise<void> {
  const move = async (kind: RecordKind, parentFrom: string, parentTo: string): Promise<void> => {
    for (const r of await tx.list({ accountId, kind, parent: parentFrom, limit: 100_000 })) {
      await tx.delete(accountId, kind, parentFrom, r.key);
      await tx.insert({ ...r, parent: parentTo, data: 'UserName' in r.data ? { ...r.data, UserName: newName } : r.data });
    }
  };
  for (const kind of BY_USER_KEY) await move(kind, from, to);
  for (const kind of BY_USER_PARENT) await move(kind, `user:${from}`, `user:${to}`);
  for (const r of await tx.listByKey(accountId, 'group-member', from)) {
    await tx.delete(accountId, 'group-member', r.parent, from);
    await tx.insert({ ...r, key: to, data: { ...r.data, UserName: newName } });
  }
  const profile = await tx.get(accountId, 'login-profile', '', from);
  if (profile) {
    await tx.delete(accountId, 'login-profile', '', from);
    await tx.insert({ ...profile, key: to, data: { ...profile.data, UserName: newName } });
  }
}
