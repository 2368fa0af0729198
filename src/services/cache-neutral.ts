/**
 * Writes that change nothing the request pipeline caches: a principal's compiled policies (its user record,
 * inline and attached policies, managed policies' default versions, group memberships, boundary) and resolved
 * credentials (access key records, the user's name, path and tags). After any other successful write the
 * account's caches are rebuilt (src/services/generations.ts). Creating an entity is neutral: nothing cached
 * can refer to an entity that did not exist.
 */
export const CACHE_NEUTRAL_OPERATIONS: ReadonlySet<string> = new Set([
  'CreateUser',
  'CreateGroup',
  'CreateRole',
  'CreatePolicy',
  'CreateInstanceProfile',
  'CreateAccessKey',
  'CreateLoginProfile',
  'UpdateLoginProfile',
  'ChangePassword',
  'CreateVirtualMFADevice',
  'UploadSSHPublicKey',
  'UploadSigningCertificate',
  'UploadServerCertificate',
  'CreateServiceSpecificCredential',
  'CreateOpenIDConnectProvider',
  'CreateSAMLProvider',
  'CreateAccountAlias',
  'DeleteAccountAlias',
  'UpdateAccountPasswordPolicy',
  'SetSecurityTokenServicePreferences',
  // STS: issuing credentials records only RoleLastUsed and MFA code use, which nothing cached depends on.
  'AssumeRole',
  'GetSessionToken',
  'GetFederationToken',
  'AssumeRoleWithWebIdentity',
  'AssumeRoleWithSAML',
]);
