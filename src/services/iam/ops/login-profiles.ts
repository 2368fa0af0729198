/**
 * Console passwords: CreateLoginProfile, GetLoginProfile, UpdateLoginProfile, DeleteLoginProfile (an
 * administrator's calls on a user), and ChangePassword (a user's call on its own password).
 *
 * Record: kind `login-profile`, parent '', key = the user's key, data {@link LoginProfileData} (the argon2id
 * hash, never the password). Every password set is checked against the account policy and the user's
 * history (src/services/auth/passwords.ts) before anything is written.
 */
import type { StructureValue } from '../../../protocol/model/index.js';
import {
  prepareNewPassword,
  readPasswordPolicy,
  rememberPassword,
  type LoginProfileData,
} from '../../auth/passwords.js';
import { AwsError, accessDenied, alreadyExists, noSuchEntity, validationError } from '../../errors.js';
import type { Input } from '../../input.js';
import { date } from '../common.js';
import { dataOf, getData, key, lockUser, requireUser } from '../entities.js';
import type { AuthzTarget, IamEnv, OperationTable } from '../operation.js';
import { credentialReportOperations } from './credential-report.js';
import { passwordPolicyOperations } from './password-policy.js';
import { userTarget } from './users.js';

const profileNotFound = (userName: string): AwsError => noSuchEntity(`Login Profile for User ${userName} cannot be found.`);

/** The user a call is about: the named one, else the calling IAM user. */
function userNameOf(input: Input, env: IamEnv): string | undefined {
  return input.optStr('UserName') ?? env.ctx.caller.userName;
}

function requireUserName(input: Input, env: IamEnv): string {
  const name = userNameOf(input, env);
  // Only an AssumeRoot session (not supported here) may omit the user name as the root user; other
  // non-user callers get IAM's answer for a missing user name.
  if (name === undefined) throw validationError('Must specify userName when calling with non-User credentials');
  return name;
}

async function profileAuthz(input: Input, env: IamEnv): Promise<AuthzTarget> {
  const name = userNameOf(input, env);
  if (name === undefined) return { resource: env.ctx.caller.arn };
  const t = await userTarget(env, name);
  return { resource: t.resource, display: t.display, context: t.context };
}

function profileOut(p: LoginProfileData): StructureValue {
  return { UserName: p.UserName, CreateDate: date(p.CreateDate), PasswordResetRequired: p.PasswordResetRequired };
}

async function readProfile(env: IamEnv, userName: string): Promise<LoginProfileData | undefined> {
  return getData<LoginProfileData>(env.deps.store, env.ctx.caller.accountId, 'login-profile', '', key(userName));
}

export const loginProfileOperations: OperationTable = {
  CreateLoginProfile: {
    authorize: profileAuthz,
    async handle(input, env) {
      const { ctx, deps } = env;
      const { accountId } = ctx.caller;
      const name = requireUserName(input, env);
      const password = input.optStr('Password');
      // Unconfirmed wording: the Password member may be omitted only in an AssumeRoot session.
      if (password === undefined) throw validationError('Password is required when creating a login profile for an IAM user.');
      const user = await requireUser(deps.store, accountId, name);
      if (await readProfile(env, name)) throw alreadyExists(`Login Profile for user ${name} already exists.`);
      const hash = await prepareNewPassword(deps, accountId, key(name), password);
      const now = ctx.now.toISOString();
      const profile: LoginProfileData = {
        UserName: user.UserName,
        CreateDate: now,
        PasswordResetRequired: input.optBool('PasswordResetRequired') ?? false,
        PasswordHash: hash,
        PasswordLastChanged: now,
        PasswordLastUsed: null,
      };
      await deps.store.transaction(async (tx) => {
        const u = await lockUser(tx, accountId, name);
        profile.UserName = u.UserName;
        if (await tx.get(accountId, 'login-profile', '', key(name))) throw alreadyExists(`Login Profile for user ${name} already exists.`);
        await tx.insert({ accountId, kind: 'login-profile', parent: '', key: key(name), createdAt: ctx.now.getTime(), data: profile });
        await rememberPassword(tx, accountId, key(name), hash, ctx.now, ctx.requestId);
      });
      return { LoginProfile: profileOut(profile) };
    },
  },

  GetLoginProfile: {
    authorize: profileAuthz,
    async handle(input, env) {
      const name = requireUserName(input, env);
      await requireUser(env.deps.store, env.ctx.caller.accountId, name);
      const p = await readProfile(env, name);
      if (!p) throw profileNotFound(name);
      return { LoginProfile: profileOut(p) };
    },
  },

  UpdateLoginProfile: {
    authorize: profileAuthz,
    async handle(input, env) {
      const { ctx, deps } = env;
      const { accountId } = ctx.caller;
      const name = input.str('UserName');
      await requireUser(deps.store, accountId, name);
      if (!(await readProfile(env, name))) throw profileNotFound(name);
      const password = input.optStr('Password');
      const hash = password === undefined ? undefined : await prepareNewPassword(deps, accountId, key(name), password);
      const reset = input.optBool('PasswordResetRequired');
      await deps.store.transaction(async (tx) => {
        await lockUser(tx, accountId, name);
        const rec = await tx.get(accountId, 'login-profile', '', key(name));
        if (!rec) throw profileNotFound(name);
        const p = dataOf<LoginProfileData>(rec);
        const updated: LoginProfileData = {
          ...p,
          ...(hash !== undefined ? { PasswordHash: hash, PasswordLastChanged: ctx.now.toISOString() } : {}),
          ...(reset !== undefined ? { PasswordResetRequired: reset } : {}),
        };
        await tx.update({ ...rec, data: updated });
        if (hash !== undefined) await rememberPassword(tx, accountId, key(name), hash, ctx.now, ctx.requestId);
      });
      return undefined;
    },
  },

  DeleteLoginProfile: {
    authorize: profileAuthz,
    async handle(input, env) {
      const { ctx, deps } = env;
      const { accountId } = ctx.caller;
      const name = requireUserName(input, env);
      await deps.store.transaction(async (tx) => {
        await lockUser(tx, accountId, name);
        if (!(await tx.delete(accountId, 'login-profile', '', key(name)))) throw profileNotFound(name);
        // The history belongs to the password: a user deleted and created again starts without one.
        await tx.deleteChildren(accountId, 'password-history', key(name));
      });
      return undefined;
    },
  },

  ChangePassword: {
    async authorize(_input, env) {
      const { caller } = env.ctx;
      if (caller.kind !== 'user' || caller.userName === undefined) return { resource: caller.arn };
      // AllowUsersToChangePassword grants iam:ChangePassword on the caller's own user at the account level.
      const policy = await readPasswordPolicy(env.deps.store, caller.accountId);
      return { resource: caller.arn, display: `user ${caller.userName}`, ...(policy?.AllowUsersToChangePassword ? { grantedByAccount: true } : {}) };
    },
    async handle(input, env) {
      const { ctx, deps } = env;
      const { caller } = ctx;
      const { accountId } = caller;
      // The root user's password is not affected by ChangePassword (AWS CLI documentation: InvalidUserType).
      // Unconfirmed wording.
      if (caller.kind !== 'user' || caller.userName === undefined) throw new AwsError('InvalidUserType', 'Only IAM users can change their own password.');
      const name = caller.userName;
      const profile = await readProfile(env, name);
      if (!profile) throw profileNotFound(name);
      // Unconfirmed wording: the answer IAM gives for a wrong OldPassword.
      if (!(await deps.passwords.verify(input.str('OldPassword'), profile.PasswordHash))) {
        throw accessDenied('Either the new password does not conform to the account password policy or the old password was incorrect.');
      }
      // HardExpiry only stops the console from changing an expired password: through the API a user
      // allowed iam:ChangePassword may still change it (AWS's UpdateAccountPasswordPolicy documentation).
      const hash = await prepareNewPassword(deps, accountId, key(name), input.str('NewPassword'));
      await deps.store.transaction(async (tx) => {
        await lockUser(tx, accountId, name);
        const rec = await tx.get(accountId, 'login-profile', '', key(name));
        if (!rec) throw profileNotFound(name);
        const p = dataOf<LoginProfileData>(rec);
        // The old password must still be the current one (a concurrent change would otherwise be lost).
        if (p.PasswordHash !== profile.PasswordHash) throw accessDenied('Either the new password does not conform to the account password policy or the old password was incorrect.');
        await tx.update({ ...rec, data: { ...p, PasswordHash: hash, PasswordLastChanged: ctx.now.toISOString(), PasswordResetRequired: false } });
        await rememberPassword(tx, accountId, key(name), hash, ctx.now, ctx.requestId);
      });
      return undefined;
    },
  },
};

/** This family's operations (passwords, the password policy, the credential report), for the IAM table. */
export const passwordFamilyOperations: OperationTable = { ...loginProfileOperations, ...passwordPolicyOperations, ...credentialReportOperations };
