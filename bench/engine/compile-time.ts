/** Gatehouse's compile cost: parse + compile of each policy document, and building the principal's indexed set. */
import { compilePolicy, compilePolicySet, parsePolicy, type CompiledPolicy } from '../../src/policy/index.js';
import { timeMicros } from '../lib/measure.js';
import { statementCount, type BenchCase } from './bench-case.js';

export interface CompileResult {
  id: string;
  policies: number;
  statements: number;
  /** Mean parse + compile time of one policy of the case, in µs. */
  microsPerPolicy: number;
  microsPerStatement: number;
  /** compilePolicySet over the compiled policies, in µs. */
  setMicros: number;
}

/** `warmupMs` matters: parsing code reaches its steady speed only after a few hundred ms of JIT warm-up. */
export function compileTime(c: BenchCase, durationMs: number, warmupMs: number): CompileResult {
  const texts = c.policies.map((p) => JSON.stringify(p.document));
  const compileAll = (): CompiledPolicy[] =>
    texts.map((t) => {
      const parsed = parsePolicy(t);
      if (!parsed.ok) throw new Error(`Gatehouse refused a policy of ${c.id}`);
      return compilePolicy(parsed.document);
    });
  timeMicros(compileAll, warmupMs);
  const all = timeMicros(compileAll, durationMs);
  const compiled = compileAll();
  const setMicros = timeMicros(() => compilePolicySet({ identity: compiled }), durationMs / 2);
  const statements = statementCount(c);
  return { id: c.id, policies: texts.length, statements, microsPerPolicy: all / texts.length, microsPerStatement: all / statements, setMicros };
}
