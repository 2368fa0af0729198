/**
 * The IAM service: the operation table the request pipeline dispatches on. Operations not in the table
 * answer NotImplemented (the README lists them).
 */
import type { OperationTable } from './operation.js';
import { accessKeyOperations } from './ops/access-keys.js';
import { attachmentOperations } from './ops/attachments.js';
import { groupOperations } from './ops/groups.js';
import { passwordFamilyOperations } from './ops/login-profiles.js';
import { userOperations } from './ops/users.js';

export type { IamDeps, IamEnv, OperationDef, OperationTable, AuthzTarget } from './operation.js';
export type { ManagedPolicyCatalog, AwsManagedPolicy } from './managed-policies.js';

export const iamOperations: OperationTable = {
  ...userOperations,
  ...accessKeyOperations,
  ...groupOperations,
  ...attachmentOperations,
  ...passwordFamilyOperations,
};
