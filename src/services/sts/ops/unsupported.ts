/**
 * The STS calls that need AWS features beyond one standalone account: Organizations (AssumeRoot), AWS's
 * delegated-access trade-in flow (GetDelegatedAccessToken), and outbound identity federation
 * (GetWebIdentityToken).
 */
import { AwsError } from '../../errors.js';
import type { OperationDef } from '../../iam/operation.js';

/**
 * AssumeRoot gives privileged root-user sessions in a member account to the management account (or a
 * delegated administrator) of an organization with centralized root access. Gatehouse accounts belong to no
 * organization, so no caller is one; AWS refuses such callers after authorization.
 */
export const assumeRoot: OperationDef = {
  authorize: (input) => ({ resource: `arn:aws:iam::${input.str('TargetPrincipal')}:root` }),
  async handle(input, { ctx }) {
    // Unconfirmed wording: AWS's answer to a caller outside an organization with centralized root access.
    throw new AwsError(
      'AccessDenied',
      `User: ${ctx.caller.arn} is not authorized to perform: sts:AssumeRoot on resource: arn:aws:iam::${input.str('TargetPrincipal')}:root because the account is not the management account or a delegated administrator of an organization with centralized root access`,
    );
  },
};

/** Outbound web identity federation is off until an account enables it; Gatehouse has no way to enable it. */
export const getWebIdentityToken: OperationDef = {
  authorize: () => ({ resource: '*' }),
  async handle() {
    // Unconfirmed wording: the exception's message.
    throw new AwsError('OutboundWebIdentityFederationDisabledException', 'Outbound web identity federation is disabled for this account.');
  },
};

export const getDelegatedAccessToken: OperationDef = {
  authorize: () => ({ resource: '*' }),
  async handle() {
    // Trade-in tokens come from AWS's delegated-access flow (a partner's request approved in the console, see
    // iam:CreateDelegationRequest), which Gatehouse doesn't run: no token it is given can be valid, and AWS
    // answers an unusable trade-in token with this error.
    // Unconfirmed wording: the exception's message.
    throw new AwsError('ExpiredTradeInTokenException', 'The trade-in token is expired or not valid.');
  },
};
