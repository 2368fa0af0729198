/**
 * Decision test files (`shared/reference/policy-test-format.md`): read a suite, evaluate each case, compare.
 * Pure: the caller passes the time used for `aws:CurrentTime` and `aws:EpochTime` when a case leaves them out.
 */
import { MAX_DEPTH, nestingDepth, parsePolicy } from '../document/parse.js';
import { compilePolicy, type CompiledPolicy } from '../evaluate/compile.js';
import { compilePolicySet, evaluate, type PolicySetInput } from '../evaluate/evaluate.js';
import type { AuthzRequest, ContextInput, Decision, DecisionKind } from '../evaluate/request.js';
import { explainDecision } from '../explain/format.js';

export interface CaseResult {
  name: string;
  passed: boolean;
  expected?: DecisionKind;
  actual?: DecisionKind;
  decision?: Decision;
  /** Why the case failed when it could not be evaluated (bad policy, bad request), or the decision's reason. */
  message: string;
}

export interface SuiteResult {
  name: string;
  cases: CaseResult[];
  /** Set when the file itself is not a suite. */
  error?: string;
}

const DECISIONS = new Set<string>(['Allowed', 'ExplicitlyDenied', 'ImplicitlyDenied']);

class CaseError {
  constructor(readonly message: string) {}
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function policy(v: unknown, field: string, name?: string): CompiledPolicy {
  const r = parsePolicy(v);
  if (!r.ok) {
    const f = r.findings.find((x) => x.findingType === 'ERROR') ?? r.findings[0];
    const at = f?.locations[0] ? ` (line ${f.locations[0].span.start.line}, column ${f.locations[0].span.start.column})` : '';
    throw new CaseError(`\`${field}\` is not a valid policy: ${f?.message ?? 'unreadable'}${at}`);
  }
  return compilePolicy(r.document, name);
}

function policyList(v: unknown, field: string): CompiledPolicy[] {
  if (!Array.isArray(v)) throw new CaseError(`\`${field}\` must be an array of policies.`);
  return v.map((p, i) => policy(p, `${field}[${i}]`));
}

function levels(v: unknown, field: string): CompiledPolicy[][] {
  if (!Array.isArray(v)) throw new CaseError(`\`${field}\` must be an array of levels, each an array of policies.`);
  return v.map((level, i) => policyList(level, `${field}[${i}]`));
}

function readPolicies(v: unknown): PolicySetInput {
  if (v === undefined) return {};
  if (!isObject(v)) throw new CaseError('`policies` must be an object.');
  const out: PolicySetInput = {};
  for (const k of Object.keys(v)) {
    const val = v[k];
    if (val === undefined) continue;
    switch (k) {
      case 'identity':
        out.identity = policyList(val, 'policies.identity');
        break;
      case 'resource':
        out.resource = policy(val, 'policies.resource');
        break;
      case 'boundary':
        out.boundary = policy(val, 'policies.boundary');
        break;
      case 'session':
        out.session = policyList(val, 'policies.session');
        break;
      case 'scopeDown':
        out.scopeDown = policyList(val, 'policies.scopeDown');
        break;
      case 'scp':
        out.scp = levels(val, 'policies.scp');
        break;
      case 'rcp':
        out.rcp = levels(val, 'policies.rcp');
        break;
      default:
        throw new CaseError(`\`policies.${k}\` is not a policy type (identity, resource, boundary, session, scopeDown, scp, rcp).`);
    }
  }
  return out;
}

function readRequest(v: unknown, now: Date): AuthzRequest {
  if (!isObject(v)) throw new CaseError('`request` must be an object.');
  const str = (k: string, required: boolean): string | undefined => {
    const x = v[k];
    if (x === undefined && !required) return undefined;
    if (typeof x !== 'string' || x === '') throw new CaseError(`\`request.${k}\` must be a non-empty string.`);
    return x;
  };
  const principal = str('principal', true) ?? '';
  const action = str('action', true) ?? '';
  const resource = str('resource', true) ?? '';
  if (!action.includes(':')) throw new CaseError('`request.action` must be `service:Action`.');
  const resourceAccount = str('resourceAccount', false);
  const ctxIn = v.context;
  const context: Record<string, string | string[]> = {};
  if (ctxIn !== undefined) {
    if (!isObject(ctxIn)) throw new CaseError('`request.context` must be an object of condition keys.');
    for (const [k, val] of Object.entries(ctxIn)) {
      if (typeof val === 'string') context[k] = val;
      else if (Array.isArray(val) && val.every((x) => typeof x === 'string')) context[k] = val as string[];
      else throw new CaseError(`\`request.context.${k}\` must be a string or an array of strings.`);
    }
  }
  const has = (key: string): boolean => Object.keys(context).some((k) => k.toLowerCase() === key);
  // Keys AWS always supplies; the engine derives the principal's, the runner adds the clock's.
  if (!has('aws:currenttime')) context['aws:CurrentTime'] = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (!has('aws:epochtime')) context['aws:EpochTime'] = String(Math.floor(now.getTime() / 1000));
  return { principal, action, resource, context: context as ContextInput, ...(resourceAccount ? { resourceAccount } : {}) };
}

/** Runs one case object. Never throws. */
export function runCase(c: unknown, index: number, now: Date): CaseResult {
  const name = isObject(c) && typeof c.name === 'string' ? c.name : `case #${index + 1}`;
  try {
    if (!isObject(c)) throw new CaseError('A case must be an object.');
    const expected = c.expected;
    if (typeof expected !== 'string' || !DECISIONS.has(expected)) throw new CaseError('`expected` must be Allowed, ExplicitlyDenied or ImplicitlyDenied.');
    const set = compilePolicySet(readPolicies(c.policies));
    const decision = evaluate(set, readRequest(c.request, now));
    const passed = decision.decision === expected;
    return { name, passed, expected: expected as DecisionKind, actual: decision.decision, decision, message: explainDecision(decision) };
  } catch (e) {
    if (e instanceof CaseError) return { name, passed: false, message: e.message };
    throw e;
  }
}

/**
 * Runs a suite given as JSON text.
 * @example runSuite('{"name":"s","cases":[]}', new Date('2026-01-01T00:00:00Z')).cases.length // 0
 */
export function runSuite(text: string, now: Date, fallbackName = 'suite'): SuiteResult {
  let data: unknown;
  // A suite nests a few levels above its policies; anything deeper can't hold valid policies.
  if (nestingDepth(text) > MAX_DEPTH + 8) return { name: fallbackName, cases: [], error: 'the file is nested too deeply to hold policies' };
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { name: fallbackName, cases: [], error: `not valid JSON: ${(e as Error).message}` };
  }
  if (!isObject(data) || !Array.isArray(data.cases)) return { name: fallbackName, cases: [], error: 'a suite is an object with a `cases` array' };
  const name = typeof data.name === 'string' ? data.name : fallbackName;
  return { name, cases: data.cases.map((c, i) => runCase(c, i, now)) };
}
