/**
 * The account password policy: UpdateAccountPasswordPolicy, GetAccountPasswordPolicy,
 * DeleteAccountPasswordPolicy. Record: kind `password-policy`, parent '', key 'current'.
 *
 * UpdateAccountPasswordPolicy replaces the whole policy: a member left out takes its default (no partial
 * updates). The protocol layer has already held each number to its range (length 6–128, age 1–1095 days,
 * reuse 1–24). The rules are enforced by src/services/auth/passwords.ts on every password set.
 */
import type { StructureValue } from '../../../protocol/model/index.js';
import { PASSWORD_POLICY_KEY, readPasswordPolicy, type PasswordPolicyData } from '../../auth/passwords.js';
import { noSuchEntity } from '../../errors.js';
import type { OperationTable } from '../operation.js';

/** Account-wide settings are authorized against `*` (IAM's resource for them). */
const RESOURCE_ALL = '*';

/** The minimum length a policy takes when the request leaves it out (AWS's documented default). */
export const DEFAULT_MINIMUM_PASSWORD_LENGTH = 6;

function policyOut(p: PasswordPolicyData): StructureValue {
  return {
    MinimumPasswordLength: p.MinimumPasswordLength,
    RequireSymbols: p.RequireSymbols,
    RequireNumbers: p.RequireNumbers,
    RequireUppercaseCharacters: p.RequireUppercaseCharacters,
    RequireLowercaseCharacters: p.RequireLowercaseCharacters,
    AllowUsersToChangePassword: p.AllowUsersToChangePassword,
    ExpirePasswords: p.MaxPasswordAge !== null && p.MaxPasswordAge > 0,
    // Members the policy doesn't set are left out, as IAM does.
    ...(p.MaxPasswordAge !== null ? { MaxPasswordAge: p.MaxPasswordAge } : {}),
    ...(p.PasswordReusePrevention !== null ? { PasswordReusePrevention: p.PasswordReusePrevention } : {}),
    ...(p.HardExpiry !== null ? { HardExpiry: p.HardExpiry } : {}),
  };
}

export const passwordPolicyOperations: OperationTable = {
  UpdateAccountPasswordPolicy: {
    authorize: () => ({ resource: RESOURCE_ALL }),
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const policy: PasswordPolicyData = {
        MinimumPasswordLength: input.optInt('MinimumPasswordLength') ?? DEFAULT_MINIMUM_PASSWORD_LENGTH,
        RequireSymbols: input.optBool('RequireSymbols') ?? false,
        RequireNumbers: input.optBool('RequireNumbers') ?? false,
        RequireUppercaseCharacters: input.optBool('RequireUppercaseCharacters') ?? false,
        RequireLowercaseCharacters: input.optBool('RequireLowercaseCharacters') ?? false,
        AllowUsersToChangePassword: input.optBool('AllowUsersToChangePassword') ?? false,
        MaxPasswordAge: input.optInt('MaxPasswordAge') ?? null,
        PasswordReusePrevention: input.optInt('PasswordReusePrevention') ?? null,
        HardExpiry: input.optBool('HardExpiry') ?? null,
      };
      await deps.store.transaction(async (tx) => {
        const rec = await tx.lock(accountId, 'password-policy', '', PASSWORD_POLICY_KEY);
        if (rec) await tx.update({ ...rec, data: policy });
        else await tx.insert({ accountId, kind: 'password-policy', parent: '', key: PASSWORD_POLICY_KEY, createdAt: ctx.now.getTime(), data: policy });
      });
      return undefined;
    },
  },

  GetAccountPasswordPolicy: {
    async authorize(_input, env) {
      const { caller } = env.ctx;
      if (caller.kind !== 'user') return { resource: RESOURCE_ALL };
      // AllowUsersToChangePassword also lets every IAM user read the policy (to pick a conforming password).
      const policy = await readPasswordPolicy(env.deps.store, caller.accountId);
      return { resource: RESOURCE_ALL, ...(policy?.AllowUsersToChangePassword ? { grantedByAccount: true } : {}) };
    },
    async handle(_input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const p = await readPasswordPolicy(deps.store, accountId);
      if (!p) throw noSuchEntity(`The Password Policy with domain name ${accountId} cannot be found.`);
      return { PasswordPolicy: policyOut(p) };
    },
  },

  DeleteAccountPasswordPolicy: {
    authorize: () => ({ resource: RESOURCE_ALL }),
    async handle(_input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const deleted = await deps.store.transaction((tx) => tx.delete(accountId, 'password-policy', '', PASSWORD_POLICY_KEY));
      if (!deleted) throw noSuchEntity('The account policy with name PasswordPolicy cannot be found.');
      return undefined;
    },
  },
};
