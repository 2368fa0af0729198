/**
 * sts:AssumeRoleWithWebIdentity: an OpenID Connect ID token from a provider the role's account trusts, in
 * exchange for the role's temporary credentials. Called without AWS credentials (the token is the proof).
 */
import { AwsError } from '../../errors.js';
import type { OperationTable } from '../../iam/operation.js';
import { assumeFederated, DEFAULT_DURATION_SECONDS, parseRoleArn, sessionPolicies } from '../federation/assume.js';
import { tokenFigures } from '../issue.js';
import { defaultOidcKeySource } from '../federation/oidc-keys.js';
import { verifyWebIdentityToken } from '../federation/oidc.js';
import { webIdentityTags } from '../federation/tags.js';

const ACTION = 'sts:AssumeRoleWithWebIdentity';
/** The claim a provider names the session's source identity in. */
const SOURCE_IDENTITY_CLAIM = 'https://aws.amazon.com/source_identity';

export const webIdentityOperations: OperationTable = {
  AssumeRoleWithWebIdentity: {
    unauthenticated: true,
    // Never called: `unauthenticated` operations authorize themselves against the role's trust policy.
    authorize: (input) => ({ resource: input.str('RoleArn') }),
    async handle(input, { ctx, deps }) {
      const roleArn = input.str('RoleArn');
      const target = parseRoleArn(roleArn);
      if (!target) throw new AwsError('ValidationError', 'Request ARN is invalid');
      const session = sessionPolicies(input);
      const identity = await verifyWebIdentityToken(deps.store, defaultOidcKeySource(), target.account, input.str('WebIdentityToken'), ctx.now);
      const si = identity.claims[SOURCE_IDENTITY_CLAIM];
      let sourceIdentity: string | undefined;
      if (si !== undefined) {
        // Unconfirmed wording for web identity; this is AWS's message for the SAML attribute.
        if (typeof si !== 'string' || !/^[\w+=,.@-]{2,64}$/.test(si) || si.toLowerCase().startsWith('aws:')) {
          throw new AwsError('InvalidIdentityToken', 'Source Identity must match [a-zA-Z_0-9+=,.@-]{2,64} and not begin with "aws:"');
        }
        sourceIdentity = si;
      }
      const { tags, transitiveTagKeys } = webIdentityTags(identity.claims);
      const sessionName = input.str('RoleSessionName');
      const issued = await assumeFederated(ctx, deps, {
        action: ACTION,
        roleArn,
        principal: identity.principal,
        keys: identity.keys,
        trustKeys: { 'sts:RoleSessionName': sessionName },
        sessionName,
        durationSeconds: input.optInt('DurationSeconds') ?? DEFAULT_DURATION_SECONDS,
        minTokenSize: input.optInt('MinimumSessionTokenSize') ?? 0,
        ...session,
        ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
        tags,
        transitiveTagKeys,
      });
      return {
        Credentials: { ...issued.credentials },
        SubjectFromWebIdentityToken: identity.subject,
        AssumedRoleUser: { ...issued.assumedRoleUser },
        PackedPolicySize: issued.packedPolicySize,
        ...tokenFigures(issued.credentials),
        Provider: identity.principal,
        Audience: identity.audience,
        ...(sourceIdentity !== undefined ? { SourceIdentity: sourceIdentity } : {}),
      };
    },
  },
};
