/**
 * Per-service rules of evaluation, kept in one registry rather than as branches in the decision logic.
 */

/**
 * Resources whose resource-based policy must allow even within the account: a role's trust policy (nobody
 * assumes a role its trust policy doesn't name) and a KMS key policy. Everywhere else a same-account
 * resource policy only adds to the identity policies.
 */
const RESOURCE_POLICY_REQUIRED: readonly { action: RegExp; resource: RegExp }[] = [
  { action: /^sts:/i, resource: /^arn:[^:]+:iam::\d{12}:role\// },
  { action: /^kms:/i, resource: /^arn:[^:]+:kms:[^:]*:\d{12}:key\// },
];

export function resourcePolicyRequired(action: string, resource: string): boolean {
  for (const q of RESOURCE_POLICY_REQUIRED) if (q.action.test(action) && q.resource.test(resource)) return true;
  return false;
}
