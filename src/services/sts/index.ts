/** The STS service's operation table. */
import type { OperationTable } from '../iam/operation.js';
import { assumeRole } from './ops/assume-role.js';
import { decodeAuthorizationMessageOp, getAccessKeyInfo } from './ops/info.js';
import { getFederationToken, getSessionToken } from './ops/session-token.js';
import { getScopedCredentials } from './ops/scoped-credentials.js';
import { assumeRoot, getDelegatedAccessToken, getWebIdentityToken } from './ops/unsupported.js';
import { federationOperations } from './federation/index.js';

export const stsOperations: OperationTable = {
  ...federationOperations,
  GetCallerIdentity: {
    unauthorized: true,
    authorize: (_input, env) => ({ resource: env.ctx.caller.arn }),
    async handle(_input, { ctx }) {
      return { UserId: ctx.caller.userId, Account: ctx.caller.accountId, Arn: ctx.caller.arn };
    },
  },
  AssumeRole: assumeRole,
  GetSessionToken: getSessionToken,
  GetFederationToken: getFederationToken,
  GetAccessKeyInfo: getAccessKeyInfo,
  DecodeAuthorizationMessage: decodeAuthorizationMessageOp,
  AssumeRoot: assumeRoot,
  GetWebIdentityToken: getWebIdentityToken,
  GetDelegatedAccessToken: getDelegatedAccessToken,
  GetScopedCredentials: getScopedCredentials,
};
