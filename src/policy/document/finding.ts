import type { Located } from './ast.js';

/** Severity as AWS IAM Access Analyzer's ValidatePolicy reports it. */
export type FindingType = 'ERROR' | 'SECURITY_WARNING' | 'WARNING' | 'SUGGESTION';

/**
 * One located result of checking a policy. `issueCode` and `findingType` follow Access Analyzer's policy
 * checks; `message` is one sentence for a person.
 */
export interface Finding {
  findingType: FindingType;
  issueCode: string;
  message: string;
  learnMoreLink?: string;
  locations: Located[];
}
