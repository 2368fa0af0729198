/**
 * sts:AssumeRoleWithSAML: a SAML 2.0 response from an IdP the role's account registered (PrincipalArn), in
 * exchange for the role's temporary credentials. Called without AWS credentials (the signed assertion is the
 * proof).
 */
import { AwsError } from '../../errors.js';
import { getData, key } from '../../iam/entities.js';
import type { OperationTable } from '../../iam/operation.js';
import { openPrivateKeys, type SamlProviderData } from '../../iam/ops/saml-providers.js';
import { assumeFederated, DEFAULT_DURATION_SECONDS, parseRoleArn, sessionPolicies } from '../federation/assume.js';
import { tokenFigures } from '../issue.js';
import { samlTags } from '../federation/tags.js';
import { ROLE_ATTRIBUTE, SESSION_NAME_ATTRIBUTE, SOURCE_IDENTITY_ATTRIBUTE, verifySamlResponse } from '../federation/saml.js';

const ACTION = 'sts:AssumeRoleWithSAML';
const NAME = /^[\w+=,.@-]{2,64}$/;

/** Whether the Role attribute pairs the role with the provider ("role,provider", either order). */
function rolePaired(values: readonly string[], roleArn: string, providerArn: string): boolean {
  return values.some((v) => {
    const parts = v.split(',').map((p) => p.trim());
    return parts.length === 2 && ((parts[0] === roleArn && parts[1] === providerArn) || (parts[0] === providerArn && parts[1] === roleArn));
  });
}

export const samlOperations: OperationTable = {
  AssumeRoleWithSAML: {
    unauthenticated: true,
    // Never called: `unauthenticated` operations authorize themselves against the role's trust policy.
    authorize: (input) => ({ resource: input.str('RoleArn') }),
    async handle(input, { ctx, deps }) {
      const roleArn = input.str('RoleArn');
      const principalArn = input.str('PrincipalArn');
      const target = parseRoleArn(roleArn);
      if (!target) throw new AwsError('ValidationError', 'Request ARN is invalid');
      const m = /^arn:aws:iam::(\d{12}):saml-provider\/([\w.-]+)$/.exec(principalArn);
      if (!m) throw new AwsError('ValidationError', 'Request ARN is invalid');
      const session = sessionPolicies(input);
      // The provider must be the role's account's: a role trusts only its own account's IdPs.
      const provider = m[1] === target.account ? await getData<SamlProviderData>(deps.store, target.account, 'saml-provider', '', key(m[2] ?? '')) : undefined;
      if (!provider || provider.Arn !== principalArn) throw new AwsError('InvalidIdentityToken', "Specified provider doesn't exist.");

      const assertion = verifySamlResponse(
        input.str('SAMLAssertion'),
        {
          arn: provider.Arn,
          name: provider.Name,
          accountId: target.account,
          entityId: provider.EntityId,
          signingCertificates: provider.SigningCertificates,
          uuid: provider.SAMLProviderUUID,
          encryptionMode: provider.AssertionEncryptionMode,
          decryptionKeys: () => openPrivateKeys(deps.secrets, target.account, provider),
        },
        ctx.now,
      );
      const denied = new AwsError('AccessDenied', `Not authorized to perform ${ACTION}`);
      if (!rolePaired(assertion.attributes.get(ROLE_ATTRIBUTE) ?? [], roleArn, principalArn)) throw denied;
      const sessionNames = assertion.attributes.get(SESSION_NAME_ATTRIBUTE);
      const sessionName = sessionNames?.[0];
      if (sessionName === undefined) throw new AwsError('InvalidIdentityToken', 'RoleSessionName is required in AuthnResponse');
      if (!NAME.test(sessionName)) throw new AwsError('InvalidIdentityToken', 'RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}');
      const sourceIdentity = assertion.attributes.get(SOURCE_IDENTITY_ATTRIBUTE)?.[0];
      if (sourceIdentity !== undefined && (!NAME.test(sourceIdentity) || sourceIdentity.toLowerCase().startsWith('aws:'))) {
        throw new AwsError('InvalidIdentityToken', 'Source Identity must match [a-zA-Z_0-9+=,.@-]{2,64} and not begin with "aws:"');
      }
      const { tags, transitiveTagKeys } = samlTags(assertion.attributes);

      const issued = await assumeFederated(ctx, deps, {
        action: ACTION,
        roleArn,
        principal: provider.Arn,
        keys: assertion.keys,
        sessionName,
        durationSeconds: input.optInt('DurationSeconds') ?? DEFAULT_DURATION_SECONDS,
        minTokenSize: input.optInt('MinimumSessionTokenSize') ?? 0,
        ...(assertion.sessionNotOnOrAfter !== undefined ? { notAfter: assertion.sessionNotOnOrAfter } : {}),
        ...session,
        ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
        tags,
        transitiveTagKeys,
      });
      return {
        Credentials: { ...issued.credentials },
        AssumedRoleUser: { ...issued.assumedRoleUser },
        PackedPolicySize: issued.packedPolicySize,
        ...tokenFigures(issued.credentials),
        Subject: assertion.subject,
        SubjectType: assertion.subjectType,
        Issuer: assertion.issuer,
        Audience: assertion.recipient,
        NameQualifier: assertion.nameQualifier,
        ...(sourceIdentity !== undefined ? { SourceIdentity: sourceIdentity } : {}),
      };
    },
  },
};
