/** A context value as on the wire: a string, or an array of strings for a multi-valued key. */
export type ContextValue = string | readonly string[];

/** Condition keys supplied with a request. Keys are matched case-insensitively. */
export type ContextInput = Readonly<Record<string, ContextValue>>;

/**
 * One request to authorize. The engine never reads a clock: `aws:CurrentTime` and `aws:EpochTime` come from
 * the caller, in `context`.
 */
export interface AuthzRequest {
  /** The calling principal's ARN (user, assumed-role session, federated user, root, role), a service
   *  principal such as `ec2.amazonaws.com`, or `*` for an anonymous caller. */
  principal: string;
  /** `service:Action`, e.g. `iam:CreateUser`. */
  action: string;
  /** The resource ARN, or `*`. */
  resource: string;
  /** Account that owns the resource; defaults to the account in the resource ARN, else the principal's. */
  resourceAccount?: string;
  context?: ContextInput;
}

export type DecisionKind = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

/** Which kind of policy a statement came from. `level` is the SCP/RCP level (0 = root). */
export type PolicySource =
  | { type: 'identity'; index: number }
  | { type: 'resource' }
  | { type: 'boundary' }
  /**
   * `layer`: one of the scope-down policies GetScopedCredentials added (0 = the first call's), each its own
   * layer of session policy; absent for the session policies the session was created with.
   */
  | { type: 'session'; index: number; layer?: number }
  | { type: 'scp'; level: number; index: number }
  | { type: 'rcp'; level: number; index: number };

export interface StatementRef {
  source: PolicySource;
  /** Position of the statement in its policy's Statement list. */
  statementIndex: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  /** The policy's name or ARN, when the caller gave one. */
  policyName?: string;
}

export type EvaluatedPolicyType = 'identity' | 'resource' | 'boundary' | 'session' | 'scp' | 'rcp';

export interface Explanation {
  /** Statements whose Deny matched (non-empty exactly when the decision is ExplicitlyDenied). */
  denies: StatementRef[];
  /** Statements whose Allow matched, in every policy type that was evaluated. */
  allows: StatementRef[];
  /**
   * For an implicit deny: the policy type that lacked an allow, with the SCP/RCP level, or for a session
   * policy the scope-down layer (see PolicySource).
   */
  missingAllow?: { type: EvaluatedPolicyType; level?: number; layer?: number };
  /** Condition keys a statement needed and the request did not carry (sorted, as written in the policy). */
  missingContextKeys: string[];
  /** Whether the request crossed accounts (principal and resource account differ). */
  crossAccount: boolean;
}

export interface Decision {
  decision: DecisionKind;
  explanation: Explanation;
}
