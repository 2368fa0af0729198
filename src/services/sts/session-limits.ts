/**
 * What each kind of temporary credentials may call, whatever its policies allow: the one registry of the
 * limits AWS puts on session credentials, consulted by the request pipeline before authorization.
 *
 * - GetSessionToken credentials (an IAM user's or the root user's): IAM only when the session was created
 *   with MFA; on STS only AssumeRole, GetCallerIdentity and GetScopedCredentials (AWS's documented way to
 *   scope down a user's permissions is GetSessionToken, then GetScopedCredentials).
 * - GetFederationToken credentials: no IAM at all; on STS only GetCallerIdentity and GetScopedCredentials.
 * - Role sessions: everything but GetSessionToken and GetFederationToken, which need long-term keys.
 * - Scoped credentials (GetScopedCredentials) keep the kind, and so the limits, of the session they narrow.
 * - Long-term keys: everything but GetScopedCredentials, which narrows a session and so needs one.
 *
 * AWS refuses IAM calls of such sessions as if the token were unknown (InvalidClientTokenId), and the two
 * long-term-only STS calls with "Cannot call X with session credentials".
 */
import type { Caller } from '../context.js';
import { AwsError } from '../errors.js';

type SessionKind = 'user' | 'root' | 'federated-user' | 'assumed-role';

interface Limits {
  /** IAM: always, only with an MFA-authenticated session, or never. */
  iam: 'always' | 'mfa' | 'never';
  /** STS operations the session may call; `all` = every one except those needing long-term keys. */
  sts: ReadonlySet<string> | 'all';
}

/** Calls that don't use the caller's credentials at all: any session may make them. */
const UNSIGNED = ['AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML'];

const GET_SESSION_TOKEN: Limits = { iam: 'mfa', sts: new Set(['AssumeRole', 'GetCallerIdentity', 'GetScopedCredentials', ...UNSIGNED]) };

const LIMITS: Record<SessionKind, Limits> = {
  user: GET_SESSION_TOKEN,
  root: GET_SESSION_TOKEN,
  'federated-user': { iam: 'never', sts: new Set(['GetCallerIdentity', 'GetScopedCredentials', ...UNSIGNED]) },
  'assumed-role': { iam: 'always', sts: 'all' },
};

/** STS calls that only long-term credentials may make. */
const LONG_TERM_ONLY: ReadonlySet<string> = new Set(['GetSessionToken', 'GetFederationToken']);

/** STS calls that only temporary credentials may make. */
const SESSION_ONLY: ReadonlySet<string> = new Set(['GetScopedCredentials']);

const invalidToken = (): AwsError => new AwsError('InvalidClientTokenId', 'The security token included in the request is invalid');
const sessionCredentials = (operation: string): AwsError => new AwsError('AccessDenied', `Cannot call ${operation} with session credentials`);
// Unconfirmed wording: AWS documents that long-term credentials can't call GetScopedCredentials, and that it
// answers a calling session it can't resolve with InvalidSubjectCredentials; not the message.
const longTermCredentials = (operation: string): AwsError =>
  new AwsError('InvalidSubjectCredentials', `${operation} can only be called with temporary security credentials.`);

/**
 * The error AWS answers when the caller's kind of credentials may not make this call at all, else undefined.
 * @example sessionRefusal(caller, 'iam', 'ListUsers') // InvalidClientTokenId for a GetSessionToken session without MFA
 */
export function sessionRefusal(caller: Caller, service: 'iam' | 'sts', operation: string): AwsError | undefined {
  const session = caller.session;
  if (service === 'sts' && SESSION_ONLY.has(operation) && (!caller.temporary || !session)) return longTermCredentials(operation);
  // Console sessions may use IAM as the AWS console does (their MFA state still reaches the policies).
  if (!caller.temporary || !session || session.console) return undefined;
  const limits = LIMITS[session.kind];
  if (service === 'iam') {
    if (limits.iam === 'always') return undefined;
    if (limits.iam === 'mfa' && session.mfaAuthenticatedAt !== undefined) return undefined;
    return invalidToken();
  }
  if (LONG_TERM_ONLY.has(operation)) return sessionCredentials(operation);
  if (limits.sts === 'all' || limits.sts.has(operation)) return undefined;
  // Unconfirmed wording: AWS documents that these sessions can't call other STS operations, not its answer;
  // Gatehouse gives the same answer as for the long-term-only calls.
  return sessionCredentials(operation);
}
