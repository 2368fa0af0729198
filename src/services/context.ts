/**
 * Who is calling and about what: built by the request pipeline once authentication succeeded, read by every
 * handler.
 */
import type { ContextValue } from '../policy/index.js';
import type { SessionClaims } from './sts/sessions.js';

/** `anonymous`: an unsigned request for an operation that takes none (OperationDef.unauthenticated). */
export type CallerKind = 'root' | 'user' | 'assumed-role' | 'federated-user' | 'anonymous';

export interface Caller {
  kind: CallerKind;
  accountId: string;
  /** The caller's ARN as AWS reports it (user ARN, root ARN, assumed-role session ARN). */
  arn: string;
  /** aws:userid: the unique ID (AIDA…), `AROA…:session`, or the account ID for root. */
  userId: string;
  /** For users: the user name (lower-case key in `userKey`). */
  userName?: string;
  userKey?: string;
  /** The access key the request was signed with. */
  accessKeyId: string;
  /** True for temporary credentials. */
  temporary: boolean;
  /** Condition keys that belong to the caller (aws:PrincipalTag/*, aws:TokenIssueTime …). */
  context: Record<string, ContextValue>;
  /** For temporary credentials: the session (role, session policies, MFA, tags). */
  session?: SessionClaims;
}

export interface CallContext {
  requestId: string;
  now: Date;
  caller: Caller;
  /** The region from the request's credential scope. */
  region: string;
  sourceIp: string;
  userAgent: string;
  secureTransport: boolean;
}
