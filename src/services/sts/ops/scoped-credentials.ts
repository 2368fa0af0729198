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
import { checkNumber, checkString, validationMessage, type Violation } from '../../../protocol/query/index.js';
import { accessDenied, AwsError, validationError } from '../../errors.js';
import type { OperationDef } from '../../iam/operation.js';
import type { Input } from '../../input.js';
import { issueCredentials, type SessionRequestClaims } from '../issue.js';
import type { SessionClaims } from '../sessions.js';
import { sessionPolicy } from './session-input.js';

/** AWS allows at most this many scope-down policies per session: a call adding one more is denied. */
export const MAX_SCOPE_DOWN_POLICIES = 3;

/**
 * The largest session token Gatehouse issues, in bytes: SessionTokenUtilization is the share of it a token
 * uses, and a larger token is refused with PackedPolicyTooLarge. AWS doesn't publish its limit (its tokens
 * are a compact binary format); Gatehouse's tokens are sealed JSON, so the figure is chosen so that the
 * largest session AWS's other limits let through fits: a 2,048-character session policy, 10 policy ARNs, 50
 * session tags within the packed-size limit, and three 2,048-character scope-down policies.
 */
export const MAX_SESSION_TOKEN_BYTES = 32_768;

/** The members' limits, as AWS documents them (the service model carries none for this call yet). */
const POLICY = { type: 'string', min: 1, max: 2048, pattern: '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+' } as const;
const DURATION = { type: 'integer', min: 1, max: 129_600 } as const;
const MIN_TOKEN_SIZE = { type: 'integer', min: 0, max: 4096 } as const;
const DESCRIPTION = { type: 'string', max: 256 } as const;

/** An integer member (the model types these members as plain numbers, so a fraction gets this far). */
function integer(input: Input, member: string): number | undefined {
  const v = input.optInt(member);
  if (v !== undefined && !Number.isInteger(v)) throw validationError(`Invalid value '${v}' for parameter ${member}: expected an integer`);
  return v;
}

/** Every member's constraints at once, in model order, as the protocol layer reports them for other calls. */
function checkConstraints(input: Input): void {
  const violations: Violation[] = [];
  const policy = input.optStr('Policy');
  if (policy !== undefined) violations.push(...checkString(POLICY, policy, 'policy', false));
  const duration = integer(input, 'DurationSeconds');
  if (duration !== undefined) violations.push(...checkNumber(DURATION, duration, 'durationSeconds', false));
  const size = integer(input, 'MinimumSessionTokenSize');
  if (size !== undefined) violations.push(...checkNumber(MIN_TOKEN_SIZE, size, 'minimumSessionTokenSize', false));
  const description = input.optStr('ScopedSessionDescription');
  if (description !== undefined) violations.push(...checkString(DESCRIPTION, description, 'scopedSessionDescription', false));
  if (violations.length > 0) throw validationError(validationMessage(violations));
}

/** The calling session's claims as the scoped credentials keep them: everything but its key, life and padding. */
function keptClaims(session: SessionClaims): Omit<SessionRequestClaims, 'issuedAt' | 'expiresAt'> {
  // A console session's credentials are API credentials: they get the limits of their session's kind.
  const { v: _v, accessKeyId: _key, secretAccessKey: _secret, issuedAt: _issued, expiresAt: _expires, pad: _pad, console: _console, ...kept } = session;
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

  authorize(input, { ctx }) {
    checkConstraints(input);
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
      { ...keptClaims(session), issuedAt: now, expiresAt, ...(scopeDown.length > 0 ? { scopeDown } : {}) },
      integer(input, 'MinimumSessionTokenSize') ?? 0,
    );
    const size = issued.credentials.SessionToken.length;
    if (size > MAX_SESSION_TOKEN_BYTES) {
      // Unconfirmed wording: AWS documents that the message gives both sizes in bytes.
      throw new AwsError('PackedPolicyTooLarge', `The session token size (${size} bytes) exceeds the maximum allowed size (${MAX_SESSION_TOKEN_BYTES} bytes).`);
    }
    return {
      Credentials: issued.credentials,
      SessionInfo: { ScopedSessionId: session.userId, Arn: session.arn },
      SessionTokenUtilization: Math.ceil((size * 100) / MAX_SESSION_TOKEN_BYTES),
      SessionTokenSize: size,
      ScopedPoliciesCount: scopeDown.length,
      ...(session.sourceIdentity !== undefined ? { SourceIdentity: session.sourceIdentity } : {}),
    };
  },
};
