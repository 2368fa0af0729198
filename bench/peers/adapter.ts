/**
 * What every engine under test provides: a decision for each request of a case (checked against Gatehouse
 * before timing) and a batch runner that cycles through the case's requests.
 */
import type { BenchCase } from '../engine/bench-case.js';
import type { BatchRunner } from '../lib/measure.js';

/** A decision as the engines report it; anything else (an engine error) is a string of its own. */
export type EngineDecision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied' | `error: ${string}`;

export interface PreparedEngine {
  decide(index: number): EngineDecision | Promise<EngineDecision>;
  run: BatchRunner;
}

export type Preparation = { ok: true; engine: PreparedEngine } | { ok: false; reason: string };

export interface EngineAdapter {
  /** Row label, e.g. `cedar-wasm (preparsed)`. */
  name: string;
  /** How this engine is called, printed once under the table. */
  method: string;
  /** Translates the case into the engine's terms; `ok: false` with a reason when it can't express it. */
  prepare(c: BenchCase): Preparation | Promise<Preparation>;
}

/** Round-robin over `count` requests, carrying the position from one batch to the next. */
export function cycler(count: number): () => number {
  let i = -1;
  return () => {
    i = i + 1 === count ? 0 : i + 1;
    return i;
  };
}
