/** The federation family's operations (web identity and SAML), registered together in the STS table. */
import type { OperationTable } from '../../iam/operation.js';
import { samlOperations } from '../ops/saml.js';
import { webIdentityOperations } from '../ops/web-identity.js';

export const federationOperations: OperationTable = { ...webIdentityOperations, ...samlOperations };
