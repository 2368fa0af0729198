/**
 * Runs one case on every engine: prepare, check every decision (Gatehouse against the expected decisions —
 * a wrong Gatehouse decision stops the bench; each peer against Gatehouse — a disagreement is printed and
 * recorded), then time it.
 */
import type { EngineAdapter, EngineDecision } from '../peers/adapter.js';
import { measure, type Timing } from '../lib/measure.js';
import { statementCount, type BenchCase } from './bench-case.js';

export interface Disagreement {
  caseId: string;
  engine: string;
  request: string;
  gatehouse: string;
  peer: string;
}

export interface EngineResult {
  engine: string;
  status: 'ok' | 'n/a' | 'skipped';
  decisionsPerSecond?: number;
  /** Gatehouse's rate divided by this engine's. */
  ratio?: number;
  reason?: string;
  /** Requests on which the engine gave Gatehouse's decision, of all requests. */
  agreed?: number;
  /** Time to translate/prepare and decide each request once, in ms (what the time budget limits). */
  setupMs?: number;
}

export interface CaseRun {
  id: string;
  title: string;
  policies: number;
  statements: number;
  requests: number;
  engines: EngineResult[];
}

export class GatehouseWrong extends Error {}

export interface RunOptions {
  timing: Timing;
  /** Engines (by name) not to run on this case, with the reason. */
  skip: ReadonlyMap<string, string>;
  onDisagreement(d: Disagreement): void;
}

export async function runCase(c: BenchCase, engines: readonly EngineAdapter[], opts: RunOptions): Promise<CaseRun> {
  const results: EngineResult[] = [];
  let reference: EngineDecision[] | undefined;
  let gatehouseRate: number | undefined;
  for (const adapter of engines) {
    if (c.gatehouseOnly !== undefined && reference) break;
    const skipped = opts.skip.get(adapter.name);
    if (skipped !== undefined) {
      results.push({ engine: adapter.name, status: 'skipped', reason: skipped });
      continue;
    }
    const t0 = process.hrtime.bigint();
    const prep = await adapter.prepare(c);
    if (!prep.ok) {
      results.push({ engine: adapter.name, status: 'n/a', reason: prep.reason });
      continue;
    }
    const decisions: EngineDecision[] = [];
    for (let i = 0; i < c.requests.length; i++) decisions.push(await prep.engine.decide(i));
    const setupMs = Number(process.hrtime.bigint() - t0) / 1e6;
    let agreed = 0;
    if (!reference) {
      // The first engine is Gatehouse: it must give the expected decision on every request.
      const wrong = c.requests.map((r, i) => ({ r, got: decisions[i] })).filter(({ r, got }) => got !== r.expected);
      if (wrong.length > 0) {
        throw new GatehouseWrong(`Gatehouse decided wrongly on case ${c.id}:\n${wrong.map(({ r, got }) => `  ${r.label} (${r.action} on ${r.resource}): expected ${r.expected}, got ${got}`).join('\n')}`);
      }
      reference = decisions;
      agreed = decisions.length;
    } else {
      c.requests.forEach((r, i) => {
        const mine = decisions[i] ?? 'error: none';
        const theirs = reference?.[i] ?? 'error: none';
        if (mine === theirs) agreed++;
        else opts.onDisagreement({ caseId: c.id, engine: adapter.name, request: `${r.label} (${r.action} on ${r.resource})`, gatehouse: theirs, peer: mine });
      });
    }
    const m = await measure(prep.engine.run, opts.timing);
    gatehouseRate ??= m.decisionsPerSecond;
    results.push({ engine: adapter.name, status: 'ok', decisionsPerSecond: m.decisionsPerSecond, ratio: gatehouseRate / m.decisionsPerSecond, agreed, setupMs });
  }
  return { id: c.id, title: c.title, policies: c.policies.length, statements: statementCount(c), requests: c.requests.length, engines: results };
}
