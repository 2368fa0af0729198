/**
 * Managed policy attachments of users, groups and roles: Attach*Policy, Detach*Policy,
 * ListAttached*Policies. One implementation, three principal types.
 */
import type { ContextValue } from '../../../policy/index.js';
import type { RecordReader } from '../../../store/contract.js';
import { limitExceeded, noSuchEntity } from '../../errors.js';
import type { Input } from '../../input.js';
import { resolvePolicy } from '../common.js';
import { dataOf, key, principalParent, type AttachmentData, type PrincipalType } from '../entities.js';
import type { IamEnv, OperationDef, OperationTable } from '../operation.js';
import { pageArray, pageMembers } from '../pagination.js';
import { groupTarget } from './groups.js';
import { roleTarget } from './roles.js';
import { userTarget } from './users.js';

export const ATTACHED_POLICIES_QUOTA = 10;

const QUOTA_NAME: Record<PrincipalType, string> = { user: 'PoliciesPerUser', group: 'PoliciesPerGroup', role: 'PoliciesPerRole' };
const NAME_MEMBER: Record<PrincipalType, string> = { user: 'UserName', group: 'GroupName', role: 'RoleName' };
const LABEL: Record<PrincipalType, string> = { user: 'user', group: 'group', role: 'role' };

export async function principalTarget(env: IamEnv, type: PrincipalType, name: string): Promise<{ resource: string; display: string; context?: Record<string, ContextValue> }> {
  if (type === 'user') return userTarget(env, name);
  if (type === 'group') return groupTarget(env, name);
  return roleTarget(env, name);
}

/** Throws NoSuchEntity when the user, group or role doesn't exist. */
export async function requirePrincipal(r: RecordReader, accountId: string, type: PrincipalType, name: string): Promise<void> {
  if (!(await r.get(accountId, type, '', key(name)))) throw noSuchEntity(`The ${LABEL[type]} with name ${name} cannot be found.`);
}

/** Attach and detach are authorized on the principal, with the policy in `iam:PolicyARN`. */
async function policyArnTarget(type: PrincipalType, input: Input, env: IamEnv): Promise<{ resource: string; display: string; context: Record<string, ContextValue> }> {
  const t = await principalTarget(env, type, input.str(NAME_MEMBER[type]));
  return { resource: t.resource, display: t.display, context: { ...t.context, 'iam:PolicyARN': input.str('PolicyArn') } };
}

function attach(type: PrincipalType): OperationDef {
  return {
    authorize: (input: Input, env: IamEnv) => policyArnTarget(type, input, env),
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const name = input.str(NAME_MEMBER[type]);
      const arn = input.str('PolicyArn');
      await deps.store.transaction(async (tx) => {
        if (!(await tx.lock(accountId, type, '', key(name)))) throw noSuchEntity(`The ${LABEL[type]} with name ${name} cannot be found.`);
        const policy = await resolvePolicy(tx, deps, accountId, arn);
        const parent = principalParent(type, name);
        if (await tx.get(accountId, 'attached-policy', parent, arn)) return;
        if ((await tx.count(accountId, 'attached-policy', parent)) >= ATTACHED_POLICIES_QUOTA) {
          throw limitExceeded(`Cannot exceed quota for ${QUOTA_NAME[type]}: ${ATTACHED_POLICIES_QUOTA}`);
        }
        const data: AttachmentData = { PolicyArn: arn, PolicyName: policy.name };
        await tx.insert({ accountId, kind: 'attached-policy', parent, key: arn, createdAt: ctx.now.getTime(), data });
      });
      return undefined;
    },
  };
}

function detach(type: PrincipalType): OperationDef {
  return {
    authorize: (input: Input, env: IamEnv) => policyArnTarget(type, input, env),
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const name = input.str(NAME_MEMBER[type]);
      const arn = input.str('PolicyArn');
      await deps.store.transaction(async (tx) => {
        if (!(await tx.lock(accountId, type, '', key(name)))) throw noSuchEntity(`The ${LABEL[type]} with name ${name} cannot be found.`);
        if (!(await tx.delete(accountId, 'attached-policy', principalParent(type, name), arn))) throw noSuchEntity(`Policy ${arn} was not found.`);
      });
      return undefined;
    },
  };
}

function listAttached(type: PrincipalType): OperationDef {
  return {
    authorize: (input, env) => principalTarget(env, type, input.str(NAME_MEMBER[type])),
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const name = input.str(NAME_MEMBER[type]);
      await requirePrincipal(deps.store, accountId, type, name);
      const prefix = input.optStr('PathPrefix');
      const all = (await deps.store.list({ accountId, kind: 'attached-policy', parent: principalParent(type, name), limit: 1000 }))
        .map((r) => dataOf<AttachmentData>(r))
        .filter((a) => prefix === undefined || /^arn:aws:iam::[^:]*:policy(\/.*)$/.exec(a.PolicyArn)?.[1]?.startsWith(prefix))
        .sort((a, b) => (a.PolicyName.toLowerCase() < b.PolicyName.toLowerCase() ? -1 : 1));
      const page = pageArray(all, (a) => a.PolicyName.toLowerCase() + '\u0000' + a.PolicyArn, input.page());
      return { AttachedPolicies: page.items.map((a) => ({ PolicyName: a.PolicyName, PolicyArn: a.PolicyArn })), ...pageMembers(page) };
    },
  };
}

export const attachmentOperations: OperationTable = {
  AttachUserPolicy: attach('user'),
  AttachGroupPolicy: attach('group'),
  AttachRolePolicy: attach('role'),
  DetachUserPolicy: detach('user'),
  DetachGroupPolicy: detach('group'),
  DetachRolePolicy: detach('role'),
  ListAttachedUserPolicies: listAttached('user'),
  ListAttachedGroupPolicies: listAttached('group'),
  ListAttachedRolePolicies: listAttached('role'),
};
