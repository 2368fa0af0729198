/**
 * Gatehouse's engine as the server uses it: documents parsed and compiled once, the principal's policies
 * compiled into one indexed set, then `evaluate` per request.
 */
import { compilePolicy, compilePolicySet, evaluate, parsePolicy, type AuthzRequest, type CompiledPolicy, type CompiledPolicySet } from '../../src/policy/index.js';
import { fullContext, resourceAccountOf, type BenchCase } from '../engine/bench-case.js';
import { cycler, type EngineAdapter, type Preparation } from './adapter.js';

/** Parses and compiles each policy; throws on a document the parser refuses (a bug in the case). */
export function compileCase(c: BenchCase): CompiledPolicySet {
  const compiled: CompiledPolicy[] = c.policies.map((p) => {
    const parsed = parsePolicy(JSON.stringify(p.document));
    if (!parsed.ok) throw new Error(`Gatehouse refused policy \`${p.name}\` of case ${c.id}: ${parsed.findings.map((f) => f.message).join('; ')}`);
    return compilePolicy(parsed.document, p.name);
  });
  return compilePolicySet({ identity: compiled });
}

export function requestsOf(c: BenchCase): AuthzRequest[] {
  return c.requests.map((r) => ({
    principal: c.principal,
    action: r.action,
    resource: r.resource,
    resourceAccount: resourceAccountOf(c, r),
    context: fullContext(c, r),
  }));
}

export const gatehouse: EngineAdapter = {
  name: 'gatehouse',
  method: 'gatehouse: parsePolicy + compilePolicy once, compilePolicySet once per principal, then evaluate(set, request) (synchronous).',
  prepare(c: BenchCase): Preparation {
    const set = compileCase(c);
    const requests = requestsOf(c);
    const next = cycler(requests.length);
    return {
      ok: true,
      engine: {
        decide: (i) => {
          const r = requests[i];
          if (!r) throw new Error(`no request ${i}`);
          return evaluate(set, r).decision;
        },
        run: (n) => {
          let s = 0;
          for (let k = 0; k < n; k++) s += evaluate(set, requests[next()] as AuthzRequest).decision.length;
          return s;
        },
      },
    };
  },
};
