/**
 * The identity-provider and credential family as one table: OIDC and SAML providers, SSH public keys,
 * server and signing certificates, service-specific credentials.
 */
import type { OperationTable } from '../operation.js';
import { oidcProviderOperations } from './oidc-providers.js';
import { samlProviderOperations } from './saml-providers.js';
import { serverCertificateOperations } from './server-certificates.js';
import { serviceCredentialOperations } from './service-credentials.js';
import { signingCertificateOperations } from './signing-certificates.js';
import { sshKeyOperations } from './ssh-keys.js';

export const providerFamilyOperations: OperationTable = {
  ...oidcProviderOperations,
  ...samlProviderOperations,
  ...sshKeyOperations,
  ...serverCertificateOperations,
  ...signingCertificateOperations,
  ...serviceCredentialOperations,
};
