/**
 * Temporary credentials. A session token is self-contained and tamper-proof: the session's claims (who,
 * until when, with which session policies, tags and MFA state, and the secret access key itself) sealed
 * with AES-256-GCM under the server's master key. Any server node holding the key verifies a token without a
 * database read; the access key ID (ASIA…) must match the one sealed inside.
 */
import type { SecretBox } from '../deps.js';
import type { Tag } from '../iam/entities.js';

/** What a session is: the principal, its limits, and the facts condition keys are drawn from. */
export interface SessionClaims {
  /**
   * 2 for tokens that carry scope-down policies: a server that predates them opens only version 1, so it
   * refuses such a token instead of ignoring the layers that narrow it.
   */
  v: 1 | 2;
  accountId: string;
  /**
   * `assumed-role` (AssumeRole*, role sessions), `federated-user` (GetFederationToken), `user` (GetSessionToken
   * by an IAM user), `root` (GetSessionToken by the root user).
   */
  kind: 'assumed-role' | 'federated-user' | 'user' | 'root';
  /** The caller ARN the session acts as: `arn:aws:sts::ACCT:assumed-role/ROLE/SESSION`, a federated-user ARN,
   *  or the user's (root's) own ARN for GetSessionToken. */
  arn: string;
  /** aws:userid: `AROA…:session`, `ACCOUNT:name`, the user's AIDA… ID, or the account ID. */
  userId: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Milliseconds since the epoch. */
  issuedAt: number;
  expiresAt: number;
  /** For role sessions: the role (its ID: a session of a deleted and re-created role must not work). */
  role?: { name: string; id: string; arn: string };
  /** For federated users and GetSessionToken sessions: the IAM user whose permissions the session has. */
  userName?: string;
  /** Set when the session was created with a valid MFA code: when the code was checked (ms). */
  mfaAuthenticatedAt?: number;
  /** Session policies: an inline document and managed policy ARNs. */
  policy?: string;
  policyArns?: string[];
  /** Session tags (aws:PrincipalTag/*), and which of them pass on to chained sessions. */
  tags?: Tag[];
  transitiveTagKeys?: string[];
  sourceIdentity?: string;
  /** True when the session came from role chaining (its duration was capped at one hour). */
  chained?: boolean;
  /**
   * A web-console session (src/server/console): the user's or root user's own permissions, like a
   * GetSessionToken session, but not limited to what GetSessionToken credentials may call.
   */
  console?: true;
  /** Extra condition keys of federated sessions (e.g. `accounts.google.com:sub`, `saml:aud`). */
  federationKeys?: Record<string, string | string[]>;
  /**
   * GetScopedCredentials: the scope-down policies of the calls that led to these credentials, oldest first.
   * Each is a further layer of session policy that must allow every request.
   */
  scopeDown?: string[];
  /** Filler that makes the token as long as GetScopedCredentials' MinimumSessionTokenSize asked. */
  pad?: string;
}

/** The token version claims need: see `v`. */
export const claimsVersion = (claims: Pick<SessionClaims, 'scopeDown'>): 1 | 2 => (claims.scopeDown?.length ? 2 : 1);

/** The sealed-token context: tokens are only ever opened as tokens. */
const CONTEXT = 'gatehouse-sts-session';
const PREFIX = 'GH1';

export function sealSession(box: SecretBox, claims: SessionClaims): string {
  return PREFIX + box.seal(JSON.stringify(claims), CONTEXT);
}

/** The claims of a token, or undefined when it is not a token this server sealed (or was altered). */
export function openSession(box: SecretBox, token: string): SessionClaims | undefined {
  if (!token.startsWith(PREFIX)) return undefined;
  try {
    const claims = JSON.parse(box.open(token.slice(PREFIX.length), CONTEXT)) as SessionClaims;
    return claims.v === claimsVersion(claims) ? claims : undefined;
  } catch {
    return undefined;
  }
}
