/**
 * Inline policies of users, groups and roles: Put*Policy, Get*Policy, Delete*Policy, List*Policies. One
 * implementation, three principal types. Documents are stored exactly as given; the authorizer reads them.
 */
import { policySize, validatePolicy } from '../../../policy/index.js';
import { AwsError, limitExceeded, noSuchEntity } from '../../errors.js';
import { groupArn, roleArn, userArn } from '../arns.js';
import { encodeDocument, iamResourceTagContext } from '../common.js';
import { dataOf, key, principalParent, type InlinePolicyData, type PrincipalType, type Tag } from '../entities.js';
import type { OperationDef, OperationTable } from '../operation.js';
import { pageMembers, pageOf } from '../pagination.js';

/** The sum of a principal's inline policies, whitespace not counted. */
export const INLINE_SIZE_QUOTA: Record<PrincipalType, number> = { user: 2048, group: 5120, role: 10_240 };

const ARN_OF: Record<PrincipalType, (account: string, path: string, name: string) => string> = { user: userArn, group: groupArn, role: roleArn };
const NAME_MEMBER: Record<PrincipalType, 'UserName' | 'GroupName' | 'RoleName'> = { user: 'UserName', group: 'GroupName', role: 'RoleName' };

const missingPrincipal = (type: PrincipalType, name: string): AwsError => noSuchEntity(`The ${type} with name ${name} cannot be found.`);
const missingPolicy = (type: PrincipalType, name: string): AwsError => noSuchEntity(`The ${type} policy with name ${name} cannot be found.`);

/** The stored name of a user, group or role (as created), whatever case the request used. */
function storedName(type: PrincipalType, data: Record<string, unknown>, fallback: string): string {
  const v = data[NAME_MEMBER[type]];
  return typeof v === 'string' ? v : fallback;
}

/**
 * The user, group or role the call acts on (with its path when it exists), its tags, and for writes to a user or
 * role the iam:PermissionsBoundary key AWS sets when the principal has a boundary.
 */
function authorize(type: PrincipalType, write: boolean): OperationDef['authorize'] {
  return async (input, env) => {
    const { accountId } = env.ctx.caller;
    const name = input.str(NAME_MEMBER[type]);
    const rec = await env.deps.store.get(accountId, type, '', key(name));
    const arn = rec?.data.Arn;
    const resource = typeof arn === 'string' ? arn : ARN_OF[type](accountId, '/', name);
    const tags = Array.isArray(rec?.data.Tags) ? (rec.data.Tags as Tag[]) : [];
    const boundary = rec?.data.PermissionsBoundary;
    const shownName = typeof rec?.data[NAME_MEMBER[type]] === 'string' ? String(rec?.data[NAME_MEMBER[type]]) : name;
    return {
      resource,
      display: `${type} ${shownName}`,
      context: { ...iamResourceTagContext(tags), ...(write && type !== 'group' && typeof boundary === 'string' ? { 'iam:PermissionsBoundary': boundary } : {}) },
    };
  };
}

function put(type: PrincipalType): OperationDef {
  return {
    authorize: authorize(type, true),
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const name = input.str(NAME_MEMBER[type]);
      const policyName = input.str('PolicyName');
      const document = input.str('PolicyDocument');
      // The sum over the principal's policies is checked below; a single document is only checked for syntax
      // here, so the per-document default (6,144) must not apply.
      const { iamError } = validatePolicy(document, { policyType: 'identity', sizeLimit: Number.MAX_SAFE_INTEGER });
      await deps.store.transaction(async (tx) => {
        const principal = await tx.lock(accountId, type, '', key(name));
        if (!principal) throw missingPrincipal(type, name);
        // IAM checks that the principal exists before it looks at the document.
        if (iamError) throw new AwsError(iamError.code, iamError.message);
        const parent = principalParent(type, name);
        let total = policySize(document);
        for (const r of await tx.list({ accountId, kind: 'inline-policy', parent, limit: 100_000 })) {
          // A policy of the same name is replaced, so its size doesn't count.
          if (r.key !== key(policyName)) total += policySize(dataOf<InlinePolicyData>(r).PolicyDocument);
        }
        const limit = INLINE_SIZE_QUOTA[type];
        if (total > limit) throw limitExceeded(`Maximum policy size of ${limit} bytes exceeded for ${type} ${storedName(type, principal.data, name)}`);
        const data: InlinePolicyData = { PolicyName: policyName, PolicyDocument: document };
        const existing = await tx.get(accountId, 'inline-policy', parent, key(policyName));
        if (existing) await tx.update({ ...existing, data });
        else await tx.insert({ accountId, kind: 'inline-policy', parent, key: key(policyName), createdAt: ctx.now.getTime(), data });
      });
      return undefined;
    },
  };
}

function get(type: PrincipalType): OperationDef {
  return {
    authorize: authorize(type, false),
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const name = input.str(NAME_MEMBER[type]);
      const policyName = input.str('PolicyName');
      const principal = await deps.store.get(accountId, type, '', key(name));
      if (!principal) throw missingPrincipal(type, name);
      const r = await deps.store.get(accountId, 'inline-policy', principalParent(type, name), key(policyName));
      if (!r) throw missingPolicy(type, policyName);
      const p = dataOf<InlinePolicyData>(r);
      return { [NAME_MEMBER[type]]: storedName(type, principal.data, name), PolicyName: p.PolicyName, PolicyDocument: encodeDocument(p.PolicyDocument) };
    },
  };
}

function del(type: PrincipalType): OperationDef {
  return {
    authorize: authorize(type, true),
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const name = input.str(NAME_MEMBER[type]);
      const policyName = input.str('PolicyName');
      await deps.store.transaction(async (tx) => {
        if (!(await tx.lock(accountId, type, '', key(name)))) throw missingPrincipal(type, name);
        if (!(await tx.delete(accountId, 'inline-policy', principalParent(type, name), key(policyName)))) throw missingPolicy(type, policyName);
      });
      return undefined;
    },
  };
}

function list(type: PrincipalType): OperationDef {
  return {
    authorize: authorize(type, false),
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const name = input.str(NAME_MEMBER[type]);
      if (!(await deps.store.get(accountId, type, '', key(name)))) throw missingPrincipal(type, name);
      const page = await pageOf(deps.store, { accountId, kind: 'inline-policy', parent: principalParent(type, name) }, input.page());
      return { PolicyNames: page.items.map((r) => dataOf<InlinePolicyData>(r).PolicyName), ...pageMembers(page) };
    },
  };
}

export const inlinePolicyOperations: OperationTable = {
  PutUserPolicy: put('user'),
  PutGroupPolicy: put('group'),
  PutRolePolicy: put('role'),
  GetUserPolicy: get('user'),
  GetGroupPolicy: get('group'),
  GetRolePolicy: get('role'),
  DeleteUserPolicy: del('user'),
  DeleteGroupPolicy: del('group'),
  DeleteRolePolicy: del('role'),
  ListUserPolicies: list('user'),
  ListGroupPolicies: list('group'),
  ListRolePolicies: list('role'),
};
