/**
 * An IAM operation: what AWS authorizes it against, and what it does. The table of these (src/services/iam)
 * is the registry the request pipeline dispatches on; an operation missing from it answers NotImplemented.
 */
import type { StructureValue } from '../../protocol/model/index.js';
import type { ContextValue } from '../../policy/index.js';
import type { Store } from '../../store/contract.js';
import type { CallContext } from '../context.js';
import type { Clock, Ids, SecretBox } from '../deps.js';
import type { Input } from '../input.js';
import type { ManagedPolicyCatalog } from './managed-policies.js';

export interface IamDeps {
  store: Store;
  clock: Clock;
  ids: Ids;
  secrets: SecretBox;
  managedPolicies: ManagedPolicyCatalog;
  /** Password hashing (argon2id in production): services never see node-specific crypto. */
  passwords: PasswordHasher;
}

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, hash: string): Promise<boolean>;
}

export interface IamEnv {
  ctx: CallContext;
  deps: IamDeps;
}

/** The request an operation is authorized as: `iam:<Operation>` on `resource`, with extra condition keys. */
export interface AuthzTarget {
  /** Defaults to `iam:<Operation>`. */
  action?: string;
  resource: string;
  context?: Record<string, ContextValue>;
  /**
   * How AWS names the resource in an AccessDenied message when it is not the ARN: IAM writes `user NAME`,
   * `role NAME`, `group NAME` and `policy ARN` for calls on an existing entity.
   */
  display?: string;
  /**
   * Allowed at the account level when no policy allows it (IAM's AllowUsersToChangePassword grants
   * iam:ChangePassword on the caller's own user this way); an explicit deny still wins.
   */
  grantedByAccount?: boolean;
  /**
   * The resource's own policy (a role's trust policy), evaluated as the request's resource-based policy.
   * `null`: the resource has no policy that could allow the request (a role that doesn't exist), so the
   * request is denied exactly as a trust policy that names nobody would deny it.
   */
  resourcePolicy?: string | null;
  /** Further actions on the same resource the call needs (AssumeRole with session tags: sts:TagSession). */
  alsoRequires?: readonly string[];
  /** STS words its AssumeRole denials without IAM's "because no … policy allows …" reason. */
  bareDenial?: boolean;
}

export interface OperationDef {
  /** True for the few calls AWS answers without any permission (sts:GetCallerIdentity). */
  unauthorized?: true;
  /**
   * True for the calls AWS takes without credentials (sts:AssumeRoleWithWebIdentity, sts:AssumeRoleWithSAML):
   * an unsigned request for one skips signature verification, and no identity policy is evaluated for it
   * (the operation checks the role's trust policy itself). A signed one must still carry a valid signature.
   */
  unauthenticated?: true;
  /**
   * The resource ARN (and request-specific condition keys) AWS evaluates the call against. Must not fail
   * when the target doesn't exist: authorization comes before "not found".
   */
  authorize(input: Input, env: IamEnv): Promise<AuthzTarget> | AuthzTarget;
  /** Performs the call. Throws AwsError for every outcome AWS reports as an error. */
  handle(input: Input, env: IamEnv): Promise<StructureValue | undefined>;
  /**
   * The request's members the audit event records as `requestParameters`, for calls whose inputs AWS
   * documents as logged to CloudTrail (GetScopedCredentials' ScopedSessionDescription). Never a secret.
   */
  auditParameters?(input: Input): Record<string, string | number>;
}

export type OperationTable = Readonly<Record<string, OperationDef>>;
