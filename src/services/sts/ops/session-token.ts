/**
 * GetSessionToken and GetFederationToken: temporary credentials for an IAM user (or the root user) with
 * long-term keys. The session-kind registry (../session-limits.ts) refuses both to session credentials.
 */
import { accessDenied } from '../../errors.js';
import { requestTagContext } from '../../iam/common.js';
import type { OperationDef } from '../../iam/operation.js';
import { issueCredentials, packedPolicySize, tokenFigures } from '../issue.js';
import { checkMfa, sessionPolicy, sessionPolicyArns, sessionTags } from './session-input.js';

/** Both calls: 43,200 s by default; the root user's sessions last at most (and by default) one hour. */
export const DEFAULT_SESSION_SECONDS = 43_200;
export const ROOT_SESSION_MAX_SECONDS = 3600;

function duration(requested: number | undefined, root: boolean): number {
  const d = requested ?? DEFAULT_SESSION_SECONDS;
  // AWS documents that a longer duration asked for by the root user "defaults to one hour".
  return root ? Math.min(d, ROOT_SESSION_MAX_SECONDS) : d;
}

export const getSessionToken: OperationDef = {
  // AWS needs no permission for GetSessionToken; a policy can still deny it explicitly.
  authorize: (_input, { ctx }) => ({ resource: ctx.caller.arn, grantedByAccount: true }),
  async handle(input, { ctx, deps }) {
    const { caller } = ctx;
    if (caller.temporary) throw accessDenied('Cannot call GetSessionToken with session credentials');
    const mfaAt = await checkMfa(input, ctx, deps);
    const now = ctx.now.getTime();
    const root = caller.kind === 'root';
    const issued = issueCredentials(deps, {
      accountId: caller.accountId,
      kind: root ? 'root' : 'user',
      arn: caller.arn,
      userId: caller.userId,
      issuedAt: now,
      expiresAt: now + duration(input.optInt('DurationSeconds'), root) * 1000,
      ...(caller.userName !== undefined ? { userName: caller.userName } : {}),
      ...(mfaAt !== undefined ? { mfaAuthenticatedAt: mfaAt } : {}),
    }, input.optInt('MinimumSessionTokenSize') ?? 0);
    return { Credentials: issued.credentials, ...tokenFigures(issued.credentials) };
  },
};

export const federatedUserArn = (account: string, name: string): string => `arn:aws:sts::${account}:federated-user/${name}`;

export const getFederationToken: OperationDef = {
  authorize: (input, { ctx }) => ({
    resource: federatedUserArn(ctx.caller.accountId, input.str('Name')),
    context: requestTagContext(input.tags()),
  }),
  async handle(input, { ctx, deps }) {
    const { caller } = ctx;
    if (caller.temporary) throw accessDenied('Cannot call GetFederationToken with session credentials');
    const name = input.str('Name');
    const policy = sessionPolicy(input);
    const policyArns = sessionPolicyArns(input);
    const tags = sessionTags(input);
    const packed = packedPolicySize(policy, policyArns, tags);
    const now = ctx.now.getTime();
    const arn = federatedUserArn(caller.accountId, name);
    const userId = `${caller.accountId}:${name}`;
    const issued = issueCredentials(deps, {
      accountId: caller.accountId,
      kind: 'federated-user',
      arn,
      userId,
      issuedAt: now,
      expiresAt: now + duration(input.optInt('DurationSeconds'), caller.kind === 'root') * 1000,
      ...(caller.userName !== undefined ? { userName: caller.userName } : {}),
      ...(policy !== undefined ? { policy } : {}),
      ...(policyArns !== undefined ? { policyArns } : {}),
      ...(tags.length > 0 ? { tags } : {}),
    }, input.optInt('MinimumSessionTokenSize') ?? 0);
    return {
      Credentials: issued.credentials,
      FederatedUser: { FederatedUserId: userId, Arn: arn },
      ...(policy !== undefined || policyArns !== undefined || tags.length > 0 ? { PackedPolicySize: packed } : {}),
      ...tokenFigures(issued.credentials),
    };
  },
};
