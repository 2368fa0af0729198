/**
 * @cloud-copilot/iam-simulate (AGPL-3.0; an external comparison, never imported by src/).
 * Two rows: `runSimulation`, the validating public API, which is async, timed as one caller sees it (each call
 * awaited before the next); and `runUnsafeSimulation`, its synchronous core without validation. Both take the
 * policy documents on every call, which is their API; runSimulation gets them pre-validated (ValidatedPolicy
 * wrappers) so it doesn't re-validate them per call.
 */
import { runSimulation, runUnsafeSimulation, type RunSimulationResults, type Simulation } from '@cloud-copilot/iam-simulate';
import { fullContext, resourceAccountOf, type BenchCase } from '../engine/bench-case.js';
import { cycler, type EngineAdapter, type EngineDecision, type Preparation } from './adapter.js';

function simulations(c: BenchCase, policy: (p: BenchCase['policies'][number]) => unknown): Simulation[] {
  const identityPolicies = c.policies.map((p) => ({ name: p.name, policy: policy(p) }));
  return c.requests.map((r) => ({
    request: {
      principal: c.principal,
      action: r.action,
      resource: { resource: r.resource, accountId: resourceAccountOf(c, r) },
      contextVariables: fullContext(c, r),
    },
    identityPolicies,
    serviceControlPolicies: [],
    resourceControlPolicies: [],
  }));
}

function decisionOf(r: RunSimulationResults): EngineDecision {
  if (r.resultType === 'error') return `error: ${r.errors.message}`;
  return r.overallResult;
}

export const iamSimulate: EngineAdapter = {
  name: 'iam-simulate runSimulation',
  method: 'iam-simulate runSimulation: async; one caller awaiting each call in turn (no concurrency); policies passed pre-validated (ValidatedPolicy) on each call.',
  async prepare(c: BenchCase): Promise<Preparation> {
    // Validate once with the raw documents; a case whose policies it refuses is reported, not timed.
    const raw = simulations(c, (p) => p.document);
    const first = raw[0];
    if (!first) return { ok: false, reason: 'no requests' };
    const checked = await runSimulation(first, {});
    if (checked.resultType === 'error' && checked.errors.message === 'policy.errors') {
      return { ok: false, reason: `it rejects the policies: ${JSON.stringify(checked.errors).slice(0, 300)}` };
    }
    const sims = simulations(c, (p) => ({ __validated: true, policyDocument: p.document, metadata: { name: p.name }, errors: [] }));
    const next = cycler(sims.length);
    return {
      ok: true,
      engine: {
        decide: async (i) => decisionOf(await runSimulation(sims[i] as Simulation, {})),
        run: async (n) => {
          let s = 0;
          for (let k = 0; k < n; k++) s += decisionOf(await runSimulation(sims[next()] as Simulation, {})).length;
          return s;
        },
      },
    };
  },
};

export const iamSimulateUnsafe: EngineAdapter = {
  name: 'iam-simulate runUnsafeSimulation',
  method: 'iam-simulate runUnsafeSimulation: synchronous, no validation and no context-key normalisation; policies passed as documents on each call.',
  prepare(c: BenchCase): Preparation {
    const sims = simulations(c, (p) => p.document);
    const next = cycler(sims.length);
    return {
      ok: true,
      engine: {
        decide: (i) => runUnsafeSimulation(sims[i] as Simulation, {}),
        run: (n) => {
          let s = 0;
          for (let k = 0; k < n; k++) s += runUnsafeSimulation(sims[next()] as Simulation, {}).length;
          return s;
        },
      },
    };
  },
};
