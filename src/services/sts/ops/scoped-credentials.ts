/**
 * sts:GetScopedCredentials: new credentials for the calling session itself — same ARN, user ID, session
 * tags, source identity and MFA state — with fewer permissions, a shorter life, or both. Each call may add one
 * scope-down policy; the credentials carry the whole chain of them (at most three) in their token, and the
 * authorizer makes every one a layer of session policy that must allow each request. The result never
 * outlives the calling session.
 *
 * Only temporary credentials may call it (the session-kind registry, ../session-limits.ts, refuses long-term
 * keys). AWS doesn't offer it on its global STS endpoint; Gatehouse has one endpoint, which is regional in
 * this respect: the call is available there.
 */
import { accessDenied, AwsError, validationError } from '../../errors.js';
import type { OperationDef } from '../../iam/operation.js';
import { issueCredentials, MAX_SESSION_TOKEN_BYTES, tokenFigures, type SessionRequestClaims } from '../issue.js';
import type { SessionClaims } from '../sessions.js';
import { sessionPolicy } from './session-input.js';

/** AWS allows at most this many scope-down policies per session: a call adding one more is denied. */
export const MAX_SCOPE_DOWN_POLICIES = 3;

/**
 * The calling session's claims as the scoped credentials keep them: everything but its key, expiry and padding.
 * The issue time stays the session's (it is aws:TokenIssueTime): scoped credentials are the same session, so
 * revoking the session's older tokens revokes them too, however recently they were scoped.
 */
function keptClaims(session: SessionClaims): Omit<SessionRequestClaims, 'expiresAt'> {
  // A console session's credentials are API credentials: they get the limits of their session's kind.
  const { v: _v, accessKeyId: _key, secretAccessKey: _secret, expiresAt: _expires, pad: _pad, console: _console, ...kept } = session;
  return kept;
}

export const getScopedCredentials: OperationDef = {
  // AWS logs the description to CloudTrail so that it records what the scoped session is for.
  auditParameters(input) {
    const out: Record<string, string | number> = {};
    for (const [member, key] of [
      ['Policy', 'policy'],
      ['DurationSeconds', 'durationSeconds'],
      ['MinimumSessionTokenSize', 'minimumSessionTokenSize'],
      ['ScopedSessionDescription', 'scopedSessionDescription'],
    ] as const) {
      const v = input.raw[member];
      if (typeof v === 'string' || typeof v === 'number') out[key] = v;
    }
    return out;
  },

  // The members' limits (1..129,600 s, a token of at most 4,096 bytes asked for, a 256-character description)
  // are the model's: models/documented.json.
  authorize(_input, { ctx }) {
    // Unconfirmed: the resource AWS authorizes the call against; the session's own ARN, as for GetSessionToken.
    return { resource: ctx.caller.arn };
  },

  async handle(input, { ctx, deps }) {
    const session = ctx.caller.session;
    // INVARIANT: the session-kind registry refuses this call to callers without a session.
    if (!session) throw new Error('GetScopedCredentials reached without a calling session');
    const requested = input.optInt('DurationSeconds');
    // Unconfirmed wording: AWS documents the rule, not its message.
    if (input.optStr('Policy') === undefined && requested === undefined) throw validationError('A request must provide at least one of Policy or DurationSeconds.');
    const policy = sessionPolicy(input);
    const previous = session.scopeDown ?? [];
    if (policy !== undefined && previous.length >= MAX_SCOPE_DOWN_POLICIES) {
      // Unconfirmed wording: AWS documents that a fourth scope-down policy is denied, not its message.
      throw accessDenied(`Cannot add a scope down policy: the session already has the maximum of ${MAX_SCOPE_DOWN_POLICIES} scope down policies.`);
    }
    const now = ctx.now.getTime();
    let expiresAt = session.expiresAt;
    if (requested !== undefined) {
      expiresAt = now + requested * 1000;
      if (expiresAt > session.expiresAt) {
        // Unconfirmed wording: the exception is documented, its message is not.
        throw new AwsError('InsufficientSessionLifetime', 'The requested DurationSeconds exceeds the remaining lifetime of the calling session.');
      }
    }
    const scopeDown = policy !== undefined ? [...previous, policy] : previous;
    const issued = issueCredentials(
      deps,
      { ...keptClaims(session), expiresAt, ...(scopeDown.length > 0 ? { scopeDown } : {}) },
      input.optInt('MinimumSessionTokenSize') ?? 0,
    );
    const figures = tokenFigures(issued.credentials);
    const size = figures.SessionTokenSize;
    if (size > MAX_SESSION_TOKEN_BYTES) {
      // Unconfirmed wording: AWS documents that the message gives both sizes in bytes.
      throw new AwsError('PackedPolicyTooLarge', `The session token size (${size} bytes) exceeds the maximum allowed size (${MAX_SESSION_TOKEN_BYTES} bytes).`);
    }
    return {
      Credentials: issued.credentials,
      SessionInfo: { ScopedSessionId: session.userId, Arn: session.arn },
      ...figures,
      ScopedPoliciesCount: scopeDown.length,
      ...(session.sourceIdentity !== undefined ? { SourceIdentity: session.sourceIdentity } : {}),
    };
  },
};
