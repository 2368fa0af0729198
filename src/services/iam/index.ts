/**
 * The IAM service: the operation table the request pipeline dispatches on. Operations not in the table
 * answer NotImplemented (the README lists them).
 */
import type { OperationTable } from './operation.js';
import { accessKeyOperations } from './ops/access-keys.js';
import { accountOperations } from './ops/account.js';
import { attachmentOperations } from './ops/attachments.js';
import { boundaryOperations } from './ops/boundaries.js';
import { groupOperations } from './ops/groups.js';
import { inlinePolicyOperations } from './ops/inline-policies.js';
import { instanceProfileOperations } from './ops/instance-profiles.js';
import { policyOperations } from './ops/policies.js';
import { roleOperations } from './ops/roles.js';
import { mfaOperations } from './ops/mfa.js';
import { simulatorOperations } from './ops/simulator.js';
import { providerFamilyOperations } from './ops/provider-family.js';
import { passwordFamilyOperations } from './ops/login-profiles.js';
import { userOperations } from './ops/users.js';
import { remainingOperations } from './ops/remaining.js';

export type { IamDeps, IamEnv, OperationDef, OperationTable, AuthzTarget } from './operation.js';
export type { ManagedPolicyCatalog, AwsManagedPolicy } from './managed-policies.js';

export const iamOperations: OperationTable = {
  ...userOperations,
  ...accessKeyOperations,
  ...groupOperations,
  ...attachmentOperations,
  ...policyOperations,
  ...inlinePolicyOperations,
  ...roleOperations,
  ...instanceProfileOperations,
  ...boundaryOperations,
  ...mfaOperations,
  ...accountOperations,
  ...simulatorOperations,
  ...providerFamilyOperations,
  ...passwordFamilyOperations,
  ...remainingOperations,
};
