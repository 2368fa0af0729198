/**
 * Encoded authorization failure messages: what an AccessDenied carries so that someone allowed
 * sts:DecodeAuthorizationMessage can learn why a request was denied (which statements matched, which kind
 * of policy lacked an allow, which condition keys were missing), without the denied caller reading it.
 *
 * The message is the decision's explanation as AWS's DecodedMessage JSON, sealed (AES-256-GCM under the
 * master key) for the account the request was made in: another account's caller, or an altered message,
 * can't open it.
 */
import type { ContextValue, Decision, StatementRef } from '../../policy/index.js';
import type { CallContext } from '../context.js';
import type { SecretBox } from '../deps.js';

const PREFIX = 'GHM1';
const context = (accountId: string): string => `gatehouse-authz-message:${accountId}`;

const POLICY_TYPES: Record<string, string> = {
  identity: 'IAM Policy',
  resource: 'Resource Policy',
  boundary: 'Permissions Boundary',
  session: 'Session Policy',
  scp: 'Service Control Policy',
  rcp: 'Resource Control Policy',
};

function statementOut(s: StatementRef): Record<string, unknown> {
  return {
    ...(s.sid !== undefined ? { statementId: s.sid } : {}),
    effect: s.effect === 'Allow' ? 'ALLOW' : 'DENY',
    policyType: POLICY_TYPES[s.source.type] ?? s.source.type,
    ...(s.policyName !== undefined ? { policyName: s.policyName } : {}),
    statementIndex: s.statementIndex,
  };
}

/** The condition keys of the request as the authorizer saw them (the caller's, the request's, the operation's). */
function requestConditions(ctx: CallContext, extra: Record<string, ContextValue> | undefined): Record<string, ContextValue> {
  return {
    'aws:userid': ctx.caller.userId,
    'aws:SourceIp': ctx.sourceIp,
    'aws:CurrentTime': ctx.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'aws:RequestedRegion': ctx.region,
    'aws:SecureTransport': ctx.secureTransport ? 'true' : 'false',
    ...ctx.caller.context,
    ...(extra ?? {}),
  };
}

export interface DeniedRequest {
  ctx: CallContext;
  action: string;
  resource: string;
  decision: Decision;
  extra?: Record<string, ContextValue>;
}

/** AWS's DecodedMessage document for a denied request. */
export function decodedMessage(d: DeniedRequest): Record<string, unknown> {
  const { explanation } = d.decision;
  const failures: Record<string, unknown>[] = [];
  if (explanation.missingAllow) {
    const type = POLICY_TYPES[explanation.missingAllow.type] ?? explanation.missingAllow.type;
    failures.push({ policyType: type, reason: `no ${type} allows the ${d.action} action` });
  }
  for (const k of explanation.missingContextKeys) failures.push({ reason: 'missing context key', key: k });
  const conditions = Object.entries(requestConditions(d.ctx, d.extra)).map(([key, v]) => ({
    key,
    values: { items: (typeof v === 'string' ? [v] : [...v]).map((value) => ({ value })) },
  }));
  return {
    allowed: false,
    explicitDeny: d.decision.decision === 'ExplicitlyDenied',
    matchedStatements: { items: [...explanation.denies, ...explanation.allows].map(statementOut) },
    failures: { items: failures },
    context: {
      principal: { id: d.ctx.caller.userId, arn: d.ctx.caller.arn },
      action: d.action,
      resource: d.resource,
      conditions: { items: conditions },
    },
  };
}

/** The encoded message for a denial, sealed for the caller's account. */
export function encodeAuthorizationMessage(secrets: SecretBox, d: DeniedRequest): string {
  return PREFIX + secrets.seal(JSON.stringify(decodedMessage(d)), context(d.ctx.caller.accountId));
}

/** The AccessDenied message with the encoded failure message appended, as EC2 words it. */
export function withEncodedMessage(message: string, secrets: SecretBox, d: DeniedRequest): string {
  return `${message} Encoded authorization failure message: ${encodeAuthorizationMessage(secrets, d)}`;
}

/** The DecodedMessage JSON of an encoded message sealed for `accountId`, or undefined (other account, altered). */
export function decodeAuthorizationMessage(secrets: SecretBox, accountId: string, encoded: string): string | undefined {
  if (!encoded.startsWith(PREFIX)) return undefined;
  try {
    return secrets.open(encoded.slice(PREFIX.length), context(accountId));
  } catch {
    return undefined;
  }
}
