/**
 * The operation families that complete the IAM table: Access Advisor, the Organizations operations, and the
 * newer operations (account properties, outbound federation, role templates, temporary delegation).
 */
import type { OperationTable } from '../operation.js';
import { accessAdvisorOperations } from './access-advisor.js';
import { newerOperations } from './newer.js';
import { organizationsOperations } from './organizations.js';

export const remainingOperations: OperationTable = {
  ...accessAdvisorOperations,
  ...organizationsOperations,
  ...newerOperations,
};
