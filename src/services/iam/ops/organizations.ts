/**
 * IAM operations that act on an AWS Organizations organization: centralized root access
 * (ListOrganizationsFeatures, Enable/DisableOrganizationsRootCredentialsManagement,
 * Enable/DisableOrganizationsRootSessions) and the Organizations access report
 * (GenerateOrganizationsAccessReport, GetOrganizationsAccessReport).
 *
 * A Gatehouse account is a standalone account: there is no organization, so it answers each of these as AWS
 * answers an account that belongs to no organization.
 */
import { AwsError, noSuchEntity } from '../../errors.js';
import type { OperationDef, OperationTable } from '../operation.js';

/**
 * What IAM answers an account outside any organization.
 * Unconfirmed wording: the message is the API reference's description of OrganizationNotFoundException.
 */
const noOrganization = (): AwsError => new AwsError('OrganizationNotFoundException', 'The request was rejected because no organization is associated with your account.');

const standalone: OperationDef = {
  authorize: () => ({ resource: '*' }),
  handle() {
    return Promise.reject(noOrganization());
  },
};

export const organizationsOperations: OperationTable = {
  ListOrganizationsFeatures: standalone,
  EnableOrganizationsRootCredentialsManagement: standalone,
  DisableOrganizationsRootCredentialsManagement: standalone,
  EnableOrganizationsRootSessions: standalone,
  DisableOrganizationsRootSessions: standalone,

  GenerateOrganizationsAccessReport: {
    // The Service Authorization Reference's resource for this action: access-report/${EntityPath}.
    authorize(input, env) {
      const policyId = input.optStr('OrganizationsPolicyId');
      const resource = `arn:aws:iam::${env.ctx.caller.accountId}:access-report/${input.str('EntityPath')}`;
      return policyId !== undefined ? { resource, context: { 'iam:OrganizationsPolicyId': policyId } } : { resource };
    },
    // The entity path names an organization's root, OU or account; a standalone account sees none of them.
    handle: () => Promise.reject(noOrganization()),
  },

  GetOrganizationsAccessReport: {
    authorize: () => ({ resource: '*' }),
    // No report can have been generated (see above), so every JobId is unknown.
    // Unconfirmed wording: AWS's message for an unknown JobId.
    handle: (input) => Promise.reject(noSuchEntity(`The job with ID ${input.str('JobId')} cannot be found.`)),
  },
};
