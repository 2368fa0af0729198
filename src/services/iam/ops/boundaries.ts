/**
 * Permissions boundaries: PutUserPermissionsBoundary, DeleteUserPermissionsBoundary,
 * PutRolePermissionsBoundary, DeleteRolePermissionsBoundary. The user or role record keeps the boundary's ARN
 * in `PermissionsBoundary`; the authorizer reads it from there.
 */
import type { ContextValue } from '../../../policy/index.js';
import type { JsonObject, RecordWriter } from '../../../store/contract.js';
import { resolveBoundary } from '../common.js';
import { lockUser, type UserData } from '../entities.js';
import type { IamEnv, OperationDef, OperationTable } from '../operation.js';
import type { Input } from '../../input.js';
import { assertModifiable, lockRole, roleTarget } from './roles.js';
import { userTarget } from './users.js';

/** The user's ARN and tags, and iam:PermissionsBoundary: the ARN being set, else the one the user has. */
async function userAuthz(input: Input, env: IamEnv): Promise<{ resource: string; context: Record<string, ContextValue> }> {
  const t = await userTarget(env, input.str('UserName'));
  const context: Record<string, ContextValue> = { ...t.context };
  const boundary = input.optStr('PermissionsBoundary') ?? (await currentUserBoundary(env, input.str('UserName')));
  if (boundary !== undefined) context['iam:PermissionsBoundary'] = boundary;
  return { resource: t.resource, context };
}

async function currentUserBoundary(env: IamEnv, userName: string): Promise<string | undefined> {
  const { accountId } = env.ctx.caller;
  const rec = await env.deps.store.get(accountId, 'user', '', userName.toLowerCase());
  const b = rec?.data.PermissionsBoundary;
  return typeof b === 'string' ? b : undefined;
}

async function roleAuthz(input: Input, env: IamEnv): Promise<{ resource: string; context: Record<string, ContextValue> }> {
  const t = await roleTarget(env, input.str('RoleName'), true);
  const boundary = input.optStr('PermissionsBoundary');
  return { resource: t.resource, context: { ...t.context, ...(boundary !== undefined ? { 'iam:PermissionsBoundary': boundary } : {}) } };
}

/** A user without the PermissionsBoundary member (JSON has no `undefined`). */
function withoutBoundary<T extends JsonObject>(data: T): T {
  const copy = { ...data };
  delete copy.PermissionsBoundary;
  return copy;
}

const putUserBoundary: OperationDef = {
  authorize: userAuthz,
  async handle(input, { ctx, deps }) {
    const { accountId } = ctx.caller;
    const arn = input.str('PermissionsBoundary');
    await deps.store.transaction(async (tx) => {
      const user = await lockUser(tx, accountId, input.str('UserName'));
      await resolveBoundary(tx, deps, accountId, arn);
      await updateUser(tx, accountId, { ...user, PermissionsBoundary: arn });
    });
    return undefined;
  },
};

const deleteUserBoundary: OperationDef = {
  authorize: userAuthz,
  async handle(input, { ctx, deps }) {
    const { accountId } = ctx.caller;
    await deps.store.transaction(async (tx) => {
      const user = await lockUser(tx, accountId, input.str('UserName'));
      // Removing a boundary the user doesn't have succeeds, as in IAM.
      if (typeof user.PermissionsBoundary === 'string') await updateUser(tx, accountId, withoutBoundary(user));
    });
    return undefined;
  },
};

async function updateUser(tx: RecordWriter, accountId: string, user: UserData): Promise<void> {
  const rec = await tx.get(accountId, 'user', '', user.UserName.toLowerCase());
  if (rec) await tx.update({ ...rec, data: user });
}

const putRoleBoundary: OperationDef = {
  authorize: roleAuthz,
  async handle(input, { ctx, deps }) {
    const { accountId } = ctx.caller;
    const arn = input.str('PermissionsBoundary');
    await deps.store.transaction(async (tx) => {
      const { role, update } = await lockRole(tx, accountId, input.str('RoleName'));
      assertModifiable(role);
      await resolveBoundary(tx, deps, accountId, arn);
      await update({ ...role, PermissionsBoundary: arn });
    });
    return undefined;
  },
};

const deleteRoleBoundary: OperationDef = {
  authorize: roleAuthz,
  async handle(input, { ctx, deps }) {
    const { accountId } = ctx.caller;
    await deps.store.transaction(async (tx) => {
      const { role, update } = await lockRole(tx, accountId, input.str('RoleName'));
      assertModifiable(role);
      if (typeof role.PermissionsBoundary === 'string') await update(withoutBoundary(role));
    });
    return undefined;
  },
};

export const boundaryOperations: OperationTable = {
  PutUserPermissionsBoundary: putUserBoundary,
  DeleteUserPermissionsBoundary: deleteUserBoundary,
  PutRolePermissionsBoundary: putRoleBoundary,
  DeleteRolePermissionsBoundary: deleteRoleBoundary,
};
