/**
 * Types of the policy decision test file format (/work/shared/reference/policy-test-format.md),
 * for test tooling. Kept independent of src/ so the conformance tooling builds on its own.
 */

export type PolicyDocumentInput = Record<string, unknown> | string;

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

export interface PolicyTestCase {
  name: string;
  policies: {
    identity?: PolicyDocumentInput[];
    resource?: PolicyDocumentInput;
    boundary?: PolicyDocumentInput;
    session?: PolicyDocumentInput[];
    scopeDown?: PolicyDocumentInput[];
    scp?: PolicyDocumentInput[][];
    rcp?: PolicyDocumentInput[][];
  };
  request: {
    principal: string;
    action: string;
    resource: string;
    resourceAccount?: string;
    context?: Record<string, string | string[]>;
  };
  expected: Decision;
}

export interface PolicyTestFile {
  name: string;
  cases: PolicyTestCase[];
}
