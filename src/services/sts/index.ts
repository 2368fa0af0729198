/** The STS service's operation table. */
import type { OperationTable } from '../iam/operation.js';
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
};
