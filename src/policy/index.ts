/**
 * The policy engine: pure functions from policies, request and context to a decision and its explanation.
 * No I/O, no clock: callers pass `aws:CurrentTime`/`aws:EpochTime` in the context.
 *
 * @example
 * const doc = parsePolicy('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}');
 * if (doc.ok) {
 *   const set = compilePolicySet({ identity: [compilePolicy(doc.document)] });
 *   evaluate(set, { principal: 'arn:aws:iam::111122223333:user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' });
 *   // → { decision: 'Allowed', explanation: { allows: [...], denies: [], ... } }
 * }
 */
export type * from './document/ast.js';
export type { Finding, FindingType } from './document/finding.js';
export { parsePolicy, type ParseResult } from './document/parse.js';
export { compilePolicy, type CompiledPolicy } from './evaluate/compile.js';
export { compilePolicySet, evaluate, type CompiledPolicySet, type PolicySetInput } from './evaluate/evaluate.js';
export { derivedKeys, principalArnOf } from './evaluate/context.js';
export type * from './evaluate/request.js';
export { parsePrincipal, type RequestPrincipal, type PrincipalKind } from './match/principal.js';
export { matchTokens, tokenizeGlob, compileGlob, type GlobToken } from './match/glob.js';
export { parseTemplate, resolveString, templateVariables, type Template } from './match/variables.js';
export { parseOperator, OPERATORS, splitArn, isArnPattern, parseDate, parseNumber, parseRange, type ParsedOperator, type Family, type OperatorInfo } from './condition/index.js';
export { runSuite, runCase, type SuiteResult, type CaseResult } from './testfile/run.js';
export { explainDecision, traceLines, describeStatement } from './explain/format.js';
export { serializePolicy, type PolicyJson } from './document/serialize.js';
export { validatePolicy, type ValidateOptions, type ValidateResult } from './document/validate/index.js';
export { policySize } from './document/validate/structure.js';
export type { IamError } from './document/validate/iam-error.js';
export type { CatalogView, CatalogAction, CatalogActionResourceType, CatalogResourceType, CatalogConditionKey } from './document/catalog-view.js';
