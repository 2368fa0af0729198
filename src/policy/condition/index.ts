/**
 * Condition clauses compiled for evaluation, and the rules AWS applies to absent keys, set qualifiers and
 * negated operators.
 */
import type { ConditionClause, PolicyVersion } from '../document/ast.js';
import { literalTemplate, parseTemplate, type VariableLookup } from '../match/variables.js';
import { compileArn } from './arn.js';
import { compileBinary, compileBool } from './bool.js';
import { compileDate } from './date.js';
import { compileIp } from './ip.js';
import { compileNumeric, type Comparison } from './numeric.js';
import { parseOperator, type ParsedOperator } from './operators.js';
import { staticMatcher, type ValueMatcher } from './predicate.js';
import { compileString, type StringMode } from './string.js';

export { parseOperator, OPERATORS, type ParsedOperator, type Family, type OperatorInfo } from './operators.js';
export { splitArn, isArnPattern } from './arn.js';
export { parseDate } from './date.js';
export { parseNumber } from './numeric.js';
export { parseRange } from './ip.js';

/** What a condition sees of the request: a key's values by lower-case key, undefined when absent. */
export interface KeyValues {
  values(lowerKey: string): readonly string[] | undefined;
  lookup: VariableLookup;
}

export interface CompiledCondition {
  operator: ParsedOperator;
  /** The key as written in the policy. */
  key: string;
  lowerKey: string;
  matcher: ValueMatcher;
  /** For Null: which answers (`true`: absent, `false`: present) the policy accepts. */
  nullAccepts?: { absent: boolean; present: boolean };
}

/**
 * Compiles one clause; undefined when the operator is unknown (the validator reports it, and the parser's
 * caller refuses such a document before it gets here).
 */
export function compileCondition(c: ConditionClause, version: PolicyVersion | undefined): CompiledCondition | undefined {
  const operator = parseOperator(c.operator);
  if (!operator) return undefined;
  const raw = c.values.map((v) => v.value);
  const templates = raw.map((v) => (version === '2012-10-17' ? parseTemplate(v) : literalTemplate(v)));
  const base = { operator, key: c.key, lowerKey: c.key.toLowerCase() };
  const { family, variant } = operator.base;
  switch (family) {
    case 'String':
      return { ...base, matcher: compileString(variant as StringMode, templates) };
    case 'Arn':
      return { ...base, matcher: compileArn(templates) };
    case 'Numeric':
      return { ...base, matcher: compileNumeric(variant as Comparison, raw) };
    case 'Date':
      return { ...base, matcher: compileDate(variant as Comparison, raw) };
    case 'Bool':
      return { ...base, matcher: compileBool(raw) };
    case 'Binary':
      return { ...base, matcher: compileBinary(raw) };
    case 'Ip':
      return { ...base, matcher: compileIp(raw) };
    case 'Null': {
      const lower = raw.map((v) => v.toLowerCase());
      return { ...base, matcher: staticMatcher(() => false), nullAccepts: { absent: lower.includes('true'), present: lower.includes('false') } };
    }
  }
}

/** Outcome of one clause; `missingKey` is set when it failed because the request lacked the key. */
export type ConditionOutcome = 0 | 1 | 2;
export const FAILED = 0;
export const PASSED = 1;
export const FAILED_MISSING_KEY = 2;

/**
 * Evaluates one compiled clause. The rules, as the IAM documentation gives them:
 * - absent key (or an empty list): `…IfExists` and `ForAllValues:` pass; `ForAnyValue:` fails; a negated
 *   operator passes; any other operator fails;
 * - present: without a qualifier, a positive operator passes when any request value matches any policy value
 *   and a negated one when none does; `ForAnyValue:` needs one request value that passes the single-value test,
 *   `ForAllValues:` needs every request value to pass it;
 * - a policy variable without a value makes the clause fail.
 */
export function evaluateCondition(c: CompiledCondition, ctx: KeyValues): ConditionOutcome {
  const got = ctx.values(c.lowerKey);
  const present = got !== undefined && got.length > 0;
  if (c.nullAccepts) return (present ? c.nullAccepts.present : c.nullAccepts.absent) ? PASSED : FAILED;
  const { qualifier, ifExists, base } = c.operator;
  if (!present) {
    if (ifExists || qualifier === 'ForAllValues') return PASSED;
    if (qualifier === 'ForAnyValue') return FAILED_MISSING_KEY;
    return base.negated ? PASSED : FAILED_MISSING_KEY;
  }
  const pred = c.matcher.resolve(ctx.lookup);
  if (!pred) return FAILED;
  const neg = base.negated;
  if (qualifier === 'ForAllValues') {
    for (const v of got) if (pred(v) === neg) return FAILED;
    return PASSED;
  }
  if (qualifier === 'ForAnyValue') {
    for (const v of got) if (pred(v) !== neg) return PASSED;
    return FAILED;
  }
  let any = false;
  for (const v of got) {
    if (pred(v)) {
      any = true;
      break;
    }
  }
  return any !== neg ? PASSED : FAILED;
}
