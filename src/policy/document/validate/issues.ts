/**
 * The checks the validator runs, by Access Analyzer issue code, with AWS's finding type and the findingDetails
 * wording of the IAM policy validation check reference (placeholders filled in by the caller). Codes marked
 * `gatehouse` are ours: Access Analyzer has no such check, and we say so rather than borrow a name.
 */
import type { Located } from '../ast.js';
import type { Finding, FindingType } from '../finding.js';

interface Issue {
  type: FindingType;
  /** Builds findingDetails from the named parts; keys missing from `v` print as empty. */
  details: (v: Record<string, string>) => string;
  gatehouse?: true;
}

const REF = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html';
const SLUG: Record<FindingType, string> = { ERROR: 'error', SECURITY_WARNING: 'security-warning', WARNING: 'general-warning', SUGGESTION: 'suggestion' };

const dym = (v: Record<string, string>): string => (v.suggestion ? ` Did you mean ${v.suggestion}?` : '');

export const ISSUES = {
  // ERROR
  ARN_ACCOUNT_NOT_ALLOWED: { type: 'ERROR', details: (v) => `The service ${v.service} does not support specifying an account ID in the resource ARN.` },
  ARN_REGION_NOT_ALLOWED: { type: 'ERROR', details: (v) => `The service ${v.service} does not support specifying a Region in the resource ARN.` },
  DATA_TYPE_MISMATCH: { type: 'ERROR', details: () => 'The text does not match the expected JSON data type.' },
  DUPLICATE_KEYS_WITH_DIFFERENT_CASE: { type: 'ERROR', details: () => 'The condition key appears more than once with different capitalization in the same condition block. Remove the duplicate condition keys.' },
  INVALID_ACTION: { type: 'ERROR', details: (v) => `The action ${v.action} does not exist.${dym(v)}` },
  INVALID_ARN_ACCOUNT: { type: 'ERROR', details: () => 'The resource ARN account ID is not valid. Provide a 12-digit account ID.' },
  INVALID_ARN_PREFIX: { type: 'ERROR', details: () => 'Add the required prefix (arn) to the resource ARN.' },
  INVALID_ARN_RESOURCE: { type: 'ERROR', details: () => 'Resource ARN does not match the expected ARN format. Update the resource portion of the ARN.' },
  INVALID_ARN_SERVICE_CASE: { type: 'ERROR', details: () => 'Update the service name in the resource ARN to use all lowercase letters.' },
  INVALID_CONDITION_DATA_TYPE: { type: 'ERROR', details: () => 'The condition value data types do not match. Use condition values of the same JSON data type.' },
  INVALID_CONDITION_KEY_FORMAT: { type: 'ERROR', details: () => 'The condition key format is not valid. Use the format service:keyname.' },
  INVALID_CONDITION_MULTIPLE_BOOLEAN: { type: 'ERROR', details: () => 'The condition key does not support multiple Boolean values. Use a single Boolean value.' },
  INVALID_CONDITION_OPERATOR: { type: 'ERROR', details: (v) => `The condition operator ${v.operator} is not valid. Use a valid condition operator.` },
  INVALID_EFFECT: { type: 'ERROR', details: () => 'The effect is not valid. Use Allow or Deny.' },
  INVALID_GLOBAL_CONDITION_KEY: { type: 'ERROR', details: (v) => `The condition key ${v.key} does not exist. Use a valid condition key.` },
  INVALID_PARTITION: { type: 'ERROR', details: (v) => `The resource ARN for the service does not support the partition ${v.partition}. Use the supported values: aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc.` },
  INVALID_POLICY_ELEMENT: { type: 'ERROR', details: (v) => `The policy element ${v.element} is not valid.` },
  INVALID_PRINCIPAL_FORMAT: { type: 'ERROR', details: () => 'The Principal element contents are not valid. Specify a key-value pair in the Principal element.' },
  INVALID_PRINCIPAL_KEY: { type: 'ERROR', details: (v) => `The principal key ${v.key} is not valid.` },
  INVALID_SERVICE: { type: 'ERROR', details: (v) => `The service ${v.service} does not exist. Use a valid service name.` },
  INVALID_SERVICE_CONDITION_KEY: { type: 'ERROR', details: (v) => `The condition key ${v.key} does not exist in the service ${v.service}. Use a valid condition key.` },
  INVALID_SERVICE_IN_ACTION: { type: 'ERROR', details: (v) => `The service ${v.service} specified in the action does not exist.${dym(v)}` },
  INVALID_VARIABLE_FOR_OPERATOR: { type: 'ERROR', details: () => 'Policy variables can only be used with String and ARN operators.' },
  INVALID_VERSION: { type: 'ERROR', details: () => 'The version is not valid. Use one of the following versions: 2012-10-17, 2008-10-17.' },
  JSON_SYNTAX_ERROR: { type: 'ERROR', details: (v) => `Fix the JSON syntax error${v.where ? ` at ${v.where}` : ''}.` },
  MISSING_ACTION: { type: 'ERROR', details: () => 'Add an Action or NotAction element to the policy statement.' },
  MISSING_ARN_ACCOUNT: { type: 'ERROR', details: () => 'Add an account ID to the resource ARN.' },
  MISSING_ARN_FIELD: { type: 'ERROR', details: () => 'Resource ARNs must include at least 6 fields in the following structure: arn:partition:service:region:account:resource' },
  MISSING_ARN_REGION: { type: 'ERROR', details: () => 'Add a Region to the resource ARN.' },
  MISSING_EFFECT: { type: 'ERROR', details: () => 'Add an Effect element to the policy statement with a value of Allow or Deny.' },
  MISSING_PRINCIPAL: { type: 'ERROR', details: () => 'Add a Principal element to the policy statement.' },
  MISSING_QUALIFIER: { type: 'ERROR', details: (v) => `The request context key ${v.key} has multiple values. Use the ForAllValues or ForAnyValue condition key qualifiers in your policy.` },
  MISSING_RESOURCE: { type: 'ERROR', details: () => 'Add a Resource or NotResource element to the policy statement.' },
  MISSING_STATEMENT: { type: 'ERROR', details: () => 'Add a statement to the policy' },
  MISSING_TAG_KEY_IN_CONDITION: { type: 'ERROR', details: () => 'The condition key must include a tag key to control access based on tags. Use the format tag-key and specify a key name for tag-key.' },
  NULL_WITH_IF_EXISTS: { type: 'ERROR', details: () => 'The Null condition operator cannot be used with the IfExists suffix. Update the operator or the suffix.' },
  SCP_SYNTAX_ERROR_ACTION_WILDCARD: { type: 'ERROR', details: () => 'SCP actions can include wildcards (*) only at the end of a string. Update.' },
  SCP_SYNTAX_ERROR_PRINCIPAL: { type: 'ERROR', details: () => 'SCPs do not support specifying principals. Remove the Principal or NotPrincipal element.' },
  UNIQUE_SIDS_REQUIRED: { type: 'ERROR', details: () => 'Duplicate statement IDs are not supported for this policy type. Update the Sid value.' },
  UNSUPPORTED_ACTION_IN_POLICY: { type: 'ERROR', details: (v) => `The action ${v.action} is not supported for this policy type.${v.why ? ` ${v.why}` : ''}` },
  UNSUPPORTED_ELEMENT_COMBINATION: { type: 'ERROR', details: (v) => `The policy elements ${v.a} and ${v.b} can not be used in the same statement. Remove one of these elements.` },
  UNSUPPORTED_GLOBAL_CONDITION_KEY: { type: 'ERROR', details: () => 'The condition key aws:ARN is not supported. Use aws:PrincipalArn or aws:SourceArn instead.' },
  UNSUPPORTED_PRINCIPAL: { type: 'ERROR', details: () => 'The policy type does not support the Principal element. Remove the Principal element.' },
  UNSUPPORTED_SID: { type: 'ERROR', details: () => 'Update the characters in the Sid element to use one of the following character types: [a-z, A-Z, 0-9]' },
  UNSUPPORTED_WILDCARD_IN_PRINCIPAL: { type: 'ERROR', details: () => 'Wildcards (*, ?) are not supported with the principal key. Replace the wildcard with a valid principal value.' },
  MISSING_BRACE_IN_VARIABLE: { type: 'ERROR', details: () => 'The policy variable is missing a closing curly brace. Add } after the variable text.' },
  UNSUPPORTED_SYMBOL_IN_VARIABLE: { type: 'ERROR', details: (v) => `The symbol ${v.symbol} is not supported within the policy variable text. Remove the symbol.` },
  MISSING_QUOTE_IN_VARIABLE: { type: 'ERROR', details: () => 'The policy variable default value must begin and end with a single quote. Add the missing quote.' },
  UNSUPPORTED_SPACE_IN_VARIABLE: { type: 'ERROR', details: () => 'A space is not supported within the policy variable text. Remove the space.' },
  EMPTY_VARIABLE: { type: 'ERROR', details: () => 'Empty policy variable. Remove the variable structure or provide a variable within the structure.' },
  VARIABLE_UNSUPPORTED_IN_ELEMENT: { type: 'ERROR', details: () => 'Policy variables are supported in the Resource and Condition elements. Remove the policy variable from this element.' },
  VARIABLE_UNSUPPORTED_IN_VERSION: { type: 'ERROR', details: () => 'To include variables in your policy, use the policy version 2012-10-17 or later.' },
  PRIVATE_IP_ADDRESS: { type: 'ERROR', details: () => 'aws:SourceIp works only for public IP address ranges. The values for condition key aws:SourceIp include only private IP addresses and will not have the desired effect. Update the value to include only public IP addresses.' },
  PRIVATE_NOT_IP_ADDRESS: { type: 'ERROR', details: () => 'The values for condition key aws:SourceIp include only private IP addresses and has no effect. aws:SourceIp works only for public IP address ranges. Update the value to include only public IP addresses.' },
  POLICY_SIZE_EXCEEDS_SCP_QUOTA: { type: 'ERROR', details: (v) => `The characters in the service control policy (SCP) exceed the character maximum for SCPs (${v.size} of ${v.limit}). We recommend that you use multiple granular policies.` },
  POLICY_SIZE_EXCEEDS_RCP_QUOTA: { type: 'ERROR', details: (v) => `The characters in the resource control policy (RCP) exceed the character maximum for RCPs (${v.size} of ${v.limit}). We recommend that you use multiple granular policies.` },
  TYPE_MISMATCH_IP_RANGE: { type: 'ERROR', details: () => 'The condition operator is used with an invalid IP range value. Specify the IP range in standard CIDR format.' },
  ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL: { type: 'ERROR', details: () => 'Role trust policies do not support NotPrincipal. Update the policy to use a Principal element instead.' },
  ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE: { type: 'ERROR', details: () => 'Role trust policies apply to the role that they are attached to. You cannot specify a resource. Remove the Resource or NotResource element.' },
  MISMATCHED_ACTION_FOR_PRINCIPAL: { type: 'ERROR', details: (v) => `The ${v.action} action is invalid with the following principal(s): ${v.principals}. Use a SAML provider principal with the sts:AssumeRoleWithSAML action or use an OIDC provider principal with the sts:AssumeRoleWithWebIdentity action.` },
  RCP_SYNTAX_ERROR_ALLOW: { type: 'ERROR', details: () => 'RCPs only support the Allow effect in the RCPFullAWSAccess form (Allow `*` on `*` for principal `*`). Update the effect to Deny.' },
  RCP_SYNTAX_ERROR_PRINCIPAL: { type: 'ERROR', details: () => 'RCPs only support `*` in the Principal element and do not support NotPrincipal. Use condition keys such as aws:PrincipalArn to narrow the principals.' },
  RCP_SYNTAX_ERROR_NOTACTION: { type: 'ERROR', details: () => 'RCPs do not support the NotAction element. Update the policy to use Action instead.' },
  RCP_SYNTAX_ERROR_ACTION: { type: 'ERROR', details: (v) => `The action ${v.action} is not supported in RCPs: ${v.why}` },
  // SECURITY_WARNING
  ALLOW_WITH_NOT_PRINCIPAL: { type: 'SECURITY_WARNING', details: () => 'Using Allow with NotPrincipal can be overly permissive. We recommend that you use Principal instead.' },
  FORALLVALUES_WITH_SINGLE_VALUED_KEY: { type: 'SECURITY_WARNING', details: (v) => `Using ForAllValues qualifier with the single-valued condition key ${v.key} can be overly permissive. We recommend that you remove ForAllValues:.` },
  MISSING_PAIRED_CONDITION_KEYS: { type: 'SECURITY_WARNING', details: (v) => `Using the condition key ${v.key} can be overly permissive without also using the following condition keys: ${v.paired}. Condition keys like this one are more secure when paired with a related key. We recommend that you add the related condition keys to the same condition block.` },
  PASS_ROLE_WITH_NOT_RESOURCE: { type: 'SECURITY_WARNING', details: () => 'Using the iam:PassRole action with NotResource can be overly permissive because it can allow iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs instead.' },
  PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE: { type: 'SECURITY_WARNING', details: () => 'Using an action with a wildcard (*) and NotResource can be overly permissive because it can allow iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs instead.' },
  PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE: { type: 'SECURITY_WARNING', details: () => 'Using NotAction with NotResource can be overly permissive because it can allow iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs instead.' },
  PASS_ROLE_WITH_STAR_IN_RESOURCE: { type: 'SECURITY_WARNING', details: () => 'Using the iam:PassRole action with wildcards (*) in the resource can be overly permissive because it allows iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs or add the iam:PassedToService condition key to your statement.' },
  PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE: { type: 'SECURITY_WARNING', details: () => 'Using wildcards (*) in the action and the resource can be overly permissive because it allows iam:PassRole permissions on all resources. We recommend that you specify resource ARNs or add the iam:PassedToService condition key to your statement.' },
  PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION: { type: 'SECURITY_WARNING', details: () => 'Using a resource with wildcards (*) and NotAction can be overly permissive because it allows iam:PassRole permissions on all resources. We recommend that you specify resource ARNs or add the iam:PassedToService condition key to your statement.' },
  // WARNING
  CREATE_SLR_WITH_NOT_RESOURCE: { type: 'WARNING', details: () => 'Using the iam:CreateServiceLinkedRole action with NotResource can allow creation of unintended service-linked roles for multiple resources. We recommend that you specify resource ARNs instead.' },
  CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE: { type: 'WARNING', details: () => 'Using an action with a wildcard(*) and NotResource can allow creation of unintended service-linked roles because it can allow iam:CreateServiceLinkedRole permissions on multiple resources. We recommend that you specify resource ARNs instead.' },
  CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE: { type: 'WARNING', details: () => 'Using NotAction with NotResource can allow creation of unintended service-linked roles because it allows iam:CreateServiceLinkedRole permissions on multiple resources. We recommend that you specify resource ARNs instead.' },
  CREATE_SLR_WITH_STAR_IN_RESOURCE: { type: 'WARNING', details: () => 'Using the iam:CreateServiceLinkedRole action with wildcards (*) in the resource can allow creation of unintended service-linked roles. We recommend that you specify resource ARNs instead.' },
  CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE: { type: 'WARNING', details: () => 'Using wildcards (*) in the action and the resource can allow creation of unintended service-linked roles because it allows iam:CreateServiceLinkedRole permissions on all resources. We recommend that you specify resource ARNs instead.' },
  CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION: { type: 'WARNING', details: () => 'Using a resource with wildcards (*) and NotAction can allow creation of unintended service-linked roles because it allows iam:CreateServiceLinkedRole permissions on all resources. We recommend that you specify resource ARNs instead.' },
  DEPRECATED_GLOBAL_CONDITION_KEY: { type: 'WARNING', details: () => 'We recommend that you update aws:ARN to use the newer condition keys aws:PrincipalArn or aws:SourceArn.' },
  INVALID_DATE_VALUE: { type: 'WARNING', details: () => 'The date might not resolve as expected. We recommend that you use the YYYY-MM-DD format.' },
  INVALID_ROLE_REFERENCE: { type: 'WARNING', details: () => 'The Principal element includes the IAM role ID. We recommend that you use a role ARN instead.' },
  INVALID_USER_REFERENCE: { type: 'WARNING', details: () => 'The Principal element includes the IAM user ID. We recommend that you use a user ARN instead.' },
  MISSING_VERSION: { type: 'WARNING', details: () => 'We recommend that you specify the Version element to help you with debugging permission issues.' },
  UNIQUE_SIDS_RECOMMENDED: { type: 'WARNING', details: () => 'We recommend that you use statement IDs that are unique to your policy. Update the Sid value.' },
  WILDCARD_WITHOUT_LIKE_OPERATOR: { type: 'WARNING', details: () => 'Your condition value includes a * or ? character. If you meant to use a wildcard (*, ?), update the condition operator to include Like.' },
  POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA: { type: 'WARNING', details: (v) => `The characters in the identity policy, excluding whitespace, exceed the character maximum for inline and managed policies (${v.size} of ${v.limit}). We recommend that you use multiple granular policies.` },
  TYPE_MISMATCH: { type: 'WARNING', details: (v) => `Use the operator type ${v.expected} instead of operator ${v.operator} for the condition key ${v.key}.` },
  TYPE_MISMATCH_BOOLEAN: { type: 'WARNING', details: () => 'Add a valid Boolean value (true or false) for the condition operator.' },
  TYPE_MISMATCH_DATE: { type: 'WARNING', details: () => 'The date condition operator is used with an invalid value. Specify a valid date using YYYY-MM-DD or other ISO 8601 date/time format.' },
  TYPE_MISMATCH_NUMBER: { type: 'WARNING', details: () => 'Add a valid numeric value for the condition operator.' },
  TYPE_MISMATCH_STRING: { type: 'WARNING', details: () => 'Add a valid base64-encoded string value for the condition operator.' },
  // SUGGESTION
  EMPTY_ARRAY_ACTION: { type: 'SUGGESTION', details: () => 'This statement includes no actions and does not affect the policy. Specify actions.' },
  EMPTY_ARRAY_CONDITION: { type: 'SUGGESTION', details: () => 'There are no values for the condition key and it does not affect the policy. Specify conditions.' },
  EMPTY_ARRAY_CONDITION_FORALLVALUES: { type: 'SUGGESTION', details: () => 'The ForAllValues prefix with an empty condition key matches only if the key is missing from the request context. To determine if the request context is empty, we recommend that you use the Null condition operator with the value of true instead.' },
  EMPTY_ARRAY_CONDITION_FORANYVALUE: { type: 'SUGGESTION', details: () => 'The ForAnyValue prefix with an empty condition key never matches the request context and it does not affect the policy. Specify conditions.' },
  EMPTY_ARRAY_CONDITION_IFEXISTS: { type: 'SUGGESTION', details: () => 'The IfExists suffix with an empty condition key matches only if the key is missing from the request context. To determine if the request context is empty, we recommend that you use the Null condition operator with the value of true instead.' },
  EMPTY_ARRAY_PRINCIPAL: { type: 'SUGGESTION', details: () => 'This statement includes no principals and does not affect the policy. Specify principals.' },
  EMPTY_ARRAY_RESOURCE: { type: 'SUGGESTION', details: () => 'This statement includes no resources and does not affect the policy. Specify resources.' },
  EMPTY_OBJECT_CONDITION: { type: 'SUGGESTION', details: () => 'This condition block is empty and it does not affect the policy. Specify conditions.' },
  EMPTY_OBJECT_PRINCIPAL: { type: 'SUGGESTION', details: () => 'This statement includes no principals and does not affect the policy. Specify principals.' },
  EMPTY_SID_VALUE: { type: 'SUGGESTION', details: () => 'Add a value to the empty string in the Sid element.' },
  IMPROVE_IP_RANGE: { type: 'SUGGESTION', details: (v) => `The non-zero bits in the IP address after the masked bits are ignored. Replace address ${v.value} with ${v.better}.` },
  NULL_WITH_QUALIFIER: { type: 'SUGGESTION', details: () => 'Avoid using the Null condition operator with the ForAllValues or ForAnyValue qualifiers because they always return a true or false respectively.' },
  PRIVATE_IP_ADDRESS_SUBSET: { type: 'SUGGESTION', details: () => 'The values for condition key aws:SourceIp include a mix of private and public IP addresses. The private addresses will not have the desired effect. aws:SourceIp works only for public IP address ranges. To define permissions for private IP ranges, use aws:VpcSourceIp.' },
  PRIVATE_NOT_IP_ADDRESS_SUBSET: { type: 'SUGGESTION', details: () => 'The values for condition key aws:SourceIp include a mix of private and public IP addresses. The private addresses have no effect. aws:SourceIp works only for public IP address ranges. To define permissions for private IP ranges, use aws:VpcSourceIp.' },
  REDUNDANT_ACTION: { type: 'SUGGESTION', details: (v) => `The action(s) are redundant because they provide similar permissions. Update the policy to remove the redundant action such as: ${v.action}.` },
  REDUNDANT_CONDITION_VALUE_NUM: { type: 'SUGGESTION', details: (v) => `Multiple values in ${v.operator} are redundant. Replace with the ${v.which} single value for ${v.key}.` },
  REDUNDANT_RESOURCE: { type: 'SUGGESTION', details: () => 'The resource ARN(s) are redundant because they reference the same resource. Review the use of wildcards (*)' },
  REDUNDANT_STATEMENT: { type: 'SUGGESTION', details: () => 'The statements are redundant because they provide identical permissions. Update the policy to remove the redundant statement.' },
  WILDCARD_IN_SERVICE_NAME: { type: 'SUGGESTION', details: () => 'Avoid using wildcards (*, ?) in the service name because it might grant unintended access to other AWS services with similar names.' },
  // Gatehouse's own checks: no Access Analyzer equivalent.
  POLICY_SIZE_EXCEEDS_QUOTA: { type: 'ERROR', gatehouse: true, details: (v) => `The policy has ${v.size} characters excluding whitespace, more than the ${v.limit} allowed for a ${v.what}.` },
  INVALID_CHARACTER: { type: 'ERROR', gatehouse: true, details: (v) => `The character ${v.char} is outside the set IAM accepts in a policy (tab, LF, CR, U+0020–U+00FF).` },
  DUPLICATE_KEY: { type: 'WARNING', gatehouse: true, details: (v) => `The key ${v.key} appears more than once in the same object; only the last is used.` },
  INVALID_ARN_REGION: { type: 'ERROR', details: () => 'The Region is not valid for this resource. Update the resource ARN to include a supported Region.' },
  ACTION_RESOURCE_MISMATCH: { type: 'WARNING', gatehouse: true, details: (v) => `No resource in this statement matches a resource type of ${v.action} (${v.types}), so the statement never applies to it.` },
} satisfies Record<string, Issue>;

export type IssueCode = keyof typeof ISSUES;

/** Access Analyzer's documentation anchor for a code; our own codes have none. */
export function learnMoreLink(code: IssueCode): string | undefined {
  const issue: Issue = ISSUES[code];
  if (issue.gatehouse) return undefined;
  return `${REF}#access-analyzer-reference-policy-checks-${SLUG[issue.type]}-${code.toLowerCase().replace(/_/g, '-')}`;
}

/**
 * One finding of `code` at `locations`.
 * @example issue('MISSING_VERSION', [], {}).findingType // 'WARNING'
 */
export function issue(code: IssueCode, locations: Located[], v: Record<string, string> = {}): Finding {
  const def: Issue = ISSUES[code];
  const link = learnMoreLink(code);
  return { findingType: def.type, issueCode: code, message: def.details(v), locations, ...(link ? { learnMoreLink: link } : {}) };
}
