/**
 * Shared run settings for the property tests: a fixed seed and a fixed number of runs by default, so a run is
 * repeatable and stays within its time budget on a slow machine. PROPERTY_RUNS multiplies the runs (e.g.
 * `PROPERTY_RUNS=20` for a long soak) and PROPERTY_SEED picks another seed; a failure prints both.
 */
import type { Parameters } from 'fast-check';

const scale = Number(process.env.PROPERTY_RUNS ?? '') || 1;
export const SEED = Number(process.env.PROPERTY_SEED ?? '') || 20260615;

/** fast-check parameters for a property that runs `runs` times at the default scale. */
export function settings<T>(runs: number): Parameters<T> {
  return { numRuns: Math.max(1, Math.round(runs * scale)), seed: SEED, verbose: 1 };
}
