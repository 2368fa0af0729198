/**
 * Inputs every credential-issuing STS call shares: session policies (inline and managed ARNs), session
 * tags, MFA codes.
 */
import { validatePolicy } from '../../../policy/index.js';
import type { CallContext } from '../../context.js';
import { AwsError, accessDenied, malformedPolicy, validationError } from '../../errors.js';
import type { Tag } from '../../iam/entities.js';
import type { IamDeps } from '../../iam/operation.js';
import { verifyMfaCode } from '../../iam/ops/mfa.js';
import type { Input } from '../../input.js';

export const SESSION_POLICY_MAX = 2048;
export const SESSION_POLICY_ARNS_MAX = 10;

/** `1 validation error detected: …` in Coral's wording for one member. */
const constraint = (value: string, member: string, rule: string): AwsError =>
  validationError(`1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: ${rule}`);

/**
 * The session policy of a request, validated as STS validates one (a session policy names no principal, and
 * must be a well-formed policy). AssumeRole's model gives the member no length limit, so the 2,048-character
 * limit is checked here.
 */
export function sessionPolicy(input: Input): string | undefined {
  const text = input.optStr('Policy');
  if (text === undefined) return undefined;
  // Unconfirmed wording: AssumeRole's model no longer carries the limit; this is the constraint message
  // the other calls' models produce.
  if (text.length > SESSION_POLICY_MAX) throw constraint(text, 'policy', `Member must have length less than or equal to ${SESSION_POLICY_MAX}`);
  try {
    JSON.parse(text);
  } catch {
    // AWS's wording, as asserted by ansible-collections/amazon.aws's sts_assume_role integration test
    // (since late 2025 AWS answers with its JSON parser's message instead: amazon.aws#2778).
    throw malformedPolicy('The policy is not in the valid JSON format.');
  }
  const r = validatePolicy(text, { policyType: 'session' });
  const error = r.findings.find((f) => f.findingType === 'ERROR');
  // STS doesn't say which rule a session policy broke. AWS's wording, as asserted by apache/hadoop's
  // ITestAssumeRole (run against AWS).
  if (!r.document || error) throw malformedPolicy('Syntax errors in policy.');
  return text;
}

/** The managed policy ARNs passed as session policies (at most 10). */
export function sessionPolicyArns(input: Input): string[] | undefined {
  const arns = input.structList('PolicyArns').map((p) => (typeof p.arn === 'string' ? p.arn : ''));
  if (arns.length === 0) return undefined;
  if (arns.length > SESSION_POLICY_ARNS_MAX) {
    // Unconfirmed wording: the model leaves the list unbounded; the quota is documented.
    throw constraint(`[${arns.map((a) => `PolicyDescriptorType(arn=${a})`).join(', ')}]`, 'policyArns', `Member must have length less than or equal to ${SESSION_POLICY_ARNS_MAX}`);
  }
  for (const a of arns) {
    if (!/^arn:aws:iam::(\d{12}|aws):policy\/.+/.test(a)) throw validationError(`${a} is invalid`);
  }
  return arns;
}

/** Session tags: keys unique regardless of case (the model bounds the count at 50). */
export function sessionTags(input: Input): Tag[] {
  const tags = input.tags();
  const seen = new Set<string>();
  for (const t of tags) {
    const k = t.Key.toLowerCase();
    // AWS's code and wording, as recorded in localstack/localstack's test_sts snapshot (AWS-validated).
    if (seen.has(k)) throw new AwsError('InvalidParameterValue', 'Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    seen.add(k);
  }
  return tags;
}

export const MFA_FAILED = 'MultiFactorAuthentication failed with invalid MFA one time pass code.';

/**
 * Checks SerialNumber + TokenCode when given (outside any transaction: a code is used up once accepted).
 * Returns when MFA was used; undefined when no MFA was passed. The device must belong to the caller when the
 * caller is a user or root.
 */
export async function checkMfa(input: Input, ctx: CallContext, deps: IamDeps): Promise<number | undefined> {
  const serial = input.optStr('SerialNumber');
  const code = input.optStr('TokenCode');
  if (serial === undefined && code === undefined) return undefined;
  if (serial === undefined || code === undefined) throw accessDenied(MFA_FAILED);
  const { caller } = ctx;
  const owner = caller.kind === 'root' ? null : caller.kind === 'user' ? caller.userName : undefined;
  const ok = await verifyMfaCode(deps.store, deps.secrets, caller.accountId, serial, code, ctx.now, owner);
  if (!ok) throw accessDenied(MFA_FAILED);
  return ctx.now.getTime();
}
