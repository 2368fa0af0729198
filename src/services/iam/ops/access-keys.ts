/** Access keys: CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey, GetAccessKeyLastUsed. */
import type { ContextValue } from '../../../policy/index.js';
import type { StructureValue } from '../../../protocol/model/index.js';
import { limitExceeded, noSuchEntity } from '../../errors.js';
import type { Input } from '../../input.js';
import { rootArn } from '../arns.js';
import { date } from '../common.js';
import { dataOf, key, lockUser, type AccessKeyData } from '../entities.js';
import type { IamEnv, OperationTable } from '../operation.js';
import { pageMembers, pageOf } from '../pagination.js';
import { userTarget } from './users.js';

export const ACCESS_KEYS_PER_USER = 2;
/** The parent key of the root user's access keys: `#` can't appear in a user name. */
export const ROOT_KEY_PARENT = '#root';

/** The user a key operation is about: the named one, else the caller (the root user when root calls). */
function owner(input: Input, env: IamEnv): { userName?: string; parent: string } {
  const name = input.optStr('UserName') ?? env.ctx.caller.userName;
  return name === undefined ? { parent: ROOT_KEY_PARENT } : { userName: name, parent: key(name) };
}

async function ownerAuthz(input: Input, env: IamEnv): Promise<{ resource: string; display?: string; context?: Record<string, ContextValue> }> {
  const o = owner(input, env);
  if (o.userName === undefined) return { resource: rootArn(env.ctx.caller.accountId) };
  return userTarget(env, o.userName);
}

function keyNotFound(id: string): Error {
  return noSuchEntity(`The Access Key with id ${id} cannot be found.`);
}

function metadata(k: AccessKeyData, accountId: string): StructureValue {
  return { UserName: k.UserName ?? accountId, AccessKeyId: k.AccessKeyId, Status: k.Status, CreateDate: date(k.CreateDate) };
}

export const accessKeyOperations: OperationTable = {
  CreateAccessKey: {
    authorize: ownerAuthz,
    async handle(input, env) {
      const { ctx, deps } = env;
      const { accountId } = ctx.caller;
      const o = owner(input, env);
      const id = deps.ids.accessKeyId('AKIA');
      const secret = deps.ids.secretAccessKey();
      const data: AccessKeyData = {
        AccessKeyId: id,
        UserName: o.userName ?? null,
        Status: 'Active',
        CreateDate: ctx.now.toISOString(),
        SecretSealed: deps.secrets.seal(secret, id),
      };
      await deps.store.transaction(async (tx) => {
        if (o.userName !== undefined) {
          const u = await lockUser(tx, accountId, o.userName);
          data.UserName = u.UserName;
        } else await tx.lock(accountId, 'account', '', accountId);
        if ((await tx.count(accountId, 'access-key', o.parent)) >= ACCESS_KEYS_PER_USER) {
          throw limitExceeded(`Cannot exceed quota for AccessKeysPerUser: ${ACCESS_KEYS_PER_USER}`);
        }
        await tx.insert({ accountId, kind: 'access-key', parent: o.parent, key: id, id, createdAt: ctx.now.getTime(), data });
      });
      return { AccessKey: { ...metadata(data, accountId), SecretAccessKey: secret } };
    },
  },

  ListAccessKeys: {
    authorize: ownerAuthz,
    async handle(input, env) {
      const { accountId } = env.ctx.caller;
      const o = owner(input, env);
      if (o.userName !== undefined) await lockFreeUserCheck(env, o.userName);
      const page = await pageOf(env.deps.store, { accountId, kind: 'access-key', parent: o.parent }, input.page());
      return { AccessKeyMetadata: page.items.map((r) => metadata(dataOf<AccessKeyData>(r), accountId)), ...pageMembers(page) };
    },
  },

  UpdateAccessKey: {
    authorize: ownerAuthz,
    async handle(input, env) {
      const { accountId } = env.ctx.caller;
      const o = owner(input, env);
      const id = input.str('AccessKeyId');
      await env.deps.store.transaction(async (tx) => {
        const rec = await tx.get(accountId, 'access-key', o.parent, id);
        if (!rec) throw keyNotFound(id);
        await tx.update({ ...rec, data: { ...rec.data, Status: input.str('Status') } });
      });
      return undefined;
    },
  },

  DeleteAccessKey: {
    authorize: ownerAuthz,
    async handle(input, env) {
      const { accountId } = env.ctx.caller;
      const o = owner(input, env);
      const id = input.str('AccessKeyId');
      const deleted = await env.deps.store.transaction((tx) => tx.delete(accountId, 'access-key', o.parent, id));
      if (!deleted) throw keyNotFound(id);
      return undefined;
    },
  },

  GetAccessKeyLastUsed: {
    async authorize(input, env) {
      const rec = await env.deps.store.getById('access-key', input.str('AccessKeyId'));
      const k = rec && rec.accountId === env.ctx.caller.accountId ? dataOf<AccessKeyData>(rec) : undefined;
      if (k?.UserName) return userTarget(env, k.UserName);
      return { resource: rootArn(env.ctx.caller.accountId) };
    },
    async handle(input, env) {
      const id = input.str('AccessKeyId');
      const rec = await env.deps.store.getById('access-key', id);
      if (!rec || rec.accountId !== env.ctx.caller.accountId) throw keyNotFound(id);
      const k = dataOf<AccessKeyData>(rec);
      const used = k.LastUsed as { Date: string; Region: string; Service: string } | undefined;
      return {
        UserName: k.UserName ?? rec.accountId,
        AccessKeyLastUsed: used ? { LastUsedDate: date(used.Date), ServiceName: used.Service, Region: used.Region } : { ServiceName: 'N/A', Region: 'N/A' },
      };
    },
  },
};

/** ListAccessKeys for a user that doesn't exist answers NoSuchEntity. */
async function lockFreeUserCheck(env: IamEnv, userName: string): Promise<void> {
  const u = await env.deps.store.get(env.ctx.caller.accountId, 'user', '', key(userName));
  if (!u) throw noSuchEntity(`The user with name ${userName} cannot be found.`);
}
