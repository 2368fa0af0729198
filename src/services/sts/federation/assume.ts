/**
 * What AssumeRoleWithWebIdentity and AssumeRoleWithSAML share once the identity provider's token or
 * assertion is verified: the role, its trust policy evaluated with the provider as the (Federated) principal,
 * the session's duration and session policies, and the credentials.
 *
 * The trust policy is the request's resource policy and the only policy evaluated: the caller has no AWS
 * identity. Its principal is the provider (`arn:aws:iam::ACCT:oidc-provider/HOST`, `cognito-identity.amazonaws.com`,
 * `arn:aws:iam::ACCT:saml-provider/NAME`), matched by a `Federated` principal element; the provider's claims
 * are condition keys (`HOST:sub`, `saml:aud` …) and stay with the session (`federationKeys`) for later calls.
 */
import { compilePolicySet, compilePolicy, evaluate, parsePolicy, validatePolicy, type ContextValue } from '../../../policy/index.js';
import type { CallContext } from '../../context.js';
import { AwsError, accessDenied } from '../../errors.js';
import { requestTagContext } from '../../iam/common.js';
import { getData, key, type RoleData, type Tag } from '../../iam/entities.js';
import type { IamDeps } from '../../iam/operation.js';
import type { Input } from '../../input.js';
import { assumedRoleUser, issueCredentials, packedPolicySize, type IssuedCredentials } from '../issue.js';

/** The default session length when DurationSeconds is absent (AWS: one hour). */
export const DEFAULT_DURATION_SECONDS = 3600;

/** A role ARN's account and name, or undefined when it names no role. */
export function parseRoleArn(arn: string): { account: string; name: string } | undefined {
  const m = /^arn:aws:iam::(\d{12}):role\/(?:[^/]+\/)*([\w+=,.@-]+)$/.exec(arn);
  return m ? { account: m[1] ?? '', name: m[2] ?? '' } : undefined;
}

/** The session policies of the request, validated as STS validates them. */
export function sessionPolicies(input: Input): { policy?: string; policyArns?: string[] } {
  const policy = input.optStr('Policy');
  if (policy !== undefined) {
    const r = validatePolicy(policy, { policyType: 'session' });
    // Unconfirmed wording: STS's message for a session policy that isn't valid; IAM's when it has one.
    if (!r.document || r.iamError) throw new AwsError('MalformedPolicyDocument', r.iamError?.message ?? 'Syntax errors in policy.');
  }
  const arns = input.structList('PolicyArns').map((d) => String(d.arn ?? ''));
  return { ...(policy !== undefined ? { policy } : {}), ...(arns.length > 0 ? { policyArns: arns } : {}) };
}

export interface FederatedRequest {
  /** `sts:AssumeRoleWithWebIdentity` or `sts:AssumeRoleWithSAML`. */
  action: string;
  roleArn: string;
  /** The provider as the trust policy's principal sees it. */
  principal: string;
  /** Condition keys of the provider's claims (trust policy and session). */
  keys: Record<string, string | string[]>;
  /** Keys only the trust policy sees (e.g. sts:RoleSessionName). */
  trustKeys?: Record<string, ContextValue>;
  sessionName: string;
  durationSeconds: number;
  /** A provider-imposed end of the session (SAML's SessionNotOnOrAfter), ms. */
  notAfter?: number;
  policy?: string;
  policyArns?: string[];
  sourceIdentity?: string;
  /** Session tags from the provider (aws:PrincipalTag/* of the session); they need sts:TagSession. */
  tags?: Tag[];
  transitiveTagKeys?: string[];
  /** MinimumSessionTokenSize: the token is padded to at least this many bytes. */
  minTokenSize?: number;
}

export interface FederatedSession {
  credentials: IssuedCredentials;
  assumedRoleUser: { AssumedRoleId: string; Arn: string };
  packedPolicySize: number;
}

/** The request keys AWS supplies to every trust evaluation. */
function requestKeys(ctx: CallContext): Record<string, ContextValue> {
  return {
    'aws:SourceIp': ctx.sourceIp,
    'aws:CurrentTime': ctx.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'aws:EpochTime': String(Math.floor(ctx.now.getTime() / 1000)),
    'aws:SecureTransport': ctx.secureTransport ? 'true' : 'false',
    'aws:RequestedRegion': ctx.region,
    'aws:UserAgent': ctx.userAgent,
  };
}

/**
 * Checks the trust policy and issues the session. The message for a role that doesn't exist, a trust policy
 * that doesn't allow, and a role of another account alike is AWS's "Not authorized to perform <action>"
 * (it reveals nothing about which).
 */
export async function assumeFederated(ctx: CallContext, deps: IamDeps, r: FederatedRequest): Promise<FederatedSession> {
  const denied = (): AwsError => accessDenied(`Not authorized to perform ${r.action}`);
  const target = parseRoleArn(r.roleArn);
  if (!target) throw denied();
  const role = await getData<RoleData>(deps.store, target.account, 'role', '', key(target.name));
  // The ARN must name the role exactly: its path too, and the name as it was created.
  if (!role || role.Arn !== r.roleArn) throw denied();

  if (r.durationSeconds > role.MaxSessionDuration) {
    throw new AwsError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  }

  const tags = r.tags ?? [];
  const transitive = r.transitiveTagKeys ?? [];
  const parsed = parsePolicy(role.AssumeRolePolicyDocument);
  if (!parsed.ok) throw denied();
  const set = compilePolicySet({ resource: compilePolicy(parsed.document, `${role.RoleName} trust policy`) });
  const context: Record<string, ContextValue> = {
    ...requestKeys(ctx),
    ...r.keys,
    ...(r.sourceIdentity !== undefined ? { 'sts:SourceIdentity': r.sourceIdentity } : {}),
    ...requestTagContext(tags),
    ...(transitive.length > 0 ? { 'sts:TransitiveTagKeys': transitive } : {}),
    ...r.trustKeys,
  };
  // Session tags also need sts:TagSession, allowed by the trust policy for the same principal and context.
  const actions = [r.action, ...(tags.length > 0 ? ['sts:TagSession'] : [])];
  for (const action of actions) {
    const decision = evaluate(set, { principal: r.principal, action, resource: role.Arn, resourceAccount: target.account, context });
    if (decision.decision !== 'Allowed') throw denied();
  }

  const size = packedPolicySize(r.policy, r.policyArns, tags.length > 0 ? tags : undefined);
  const now = ctx.now.getTime();
  const expiresAt = Math.min(now + r.durationSeconds * 1000, r.notAfter ?? Number.POSITIVE_INFINITY);
  const user = assumedRoleUser(role, r.sessionName);
  const { credentials } = issueCredentials(deps, {
    accountId: target.account,
    kind: 'assumed-role',
    arn: user.Arn,
    userId: user.AssumedRoleId,
    issuedAt: now,
    expiresAt,
    role: { name: role.RoleName, id: role.RoleId, arn: role.Arn },
    ...(r.policy !== undefined ? { policy: r.policy } : {}),
    ...(r.policyArns ? { policyArns: r.policyArns } : {}),
    ...(r.sourceIdentity !== undefined ? { sourceIdentity: r.sourceIdentity } : {}),
    ...(tags.length > 0 ? { tags } : {}),
    ...(transitive.length > 0 ? { transitiveTagKeys: transitive } : {}),
    federationKeys: r.keys,
  }, r.minTokenSize ?? 0);
  return { credentials, assumedRoleUser: user, packedPolicySize: size };
}
