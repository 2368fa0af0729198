/**
 * Timing: warm up, then run batches of calls for a fixed duration measured with `process.hrtime.bigint()`.
 * A batch is sized so that reading the clock costs nothing next to the calls it times.
 */

/** Runs `n` decisions and returns something derived from them, so the calls can't be optimised away. */
export type BatchRunner = (n: number) => number | Promise<number>;

export interface Timing {
  warmupMs: number;
  durationMs: number;
}

export interface Measurement {
  decisionsPerSecond: number;
  decisions: number;
  seconds: number;
}

let sink = 0;

/** Keeps the results of timed calls alive; printed nowhere but read once at the end. */
export function sinkValue(): number {
  return sink;
}

export async function measure(run: BatchRunner, timing: Timing): Promise<Measurement> {
  const ms = 1_000_000n;
  const target = (BigInt(timing.durationMs) * ms) / 100n;
  let n = 1;
  const warmEnd = process.hrtime.bigint() + BigInt(timing.warmupMs) * ms;
  for (;;) {
    const t0 = process.hrtime.bigint();
    sink += await run(n);
    const t1 = process.hrtime.bigint();
    if (t1 - t0 < target) n *= 2;
    if (t1 >= warmEnd) break;
  }
  let decisions = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(timing.durationMs) * ms;
  let now = start;
  while (now < end) {
    sink += await run(n);
    decisions += n;
    now = process.hrtime.bigint();
  }
  const seconds = Number(now - start) / 1e9;
  return { decisionsPerSecond: decisions / seconds, decisions, seconds };
}

/** Mean time of `fn` in microseconds, repeated for about `durationMs`. */
export function timeMicros(fn: () => unknown, durationMs: number): number {
  fn();
  const end = process.hrtime.bigint() + BigInt(durationMs) * 1_000_000n;
  let runs = 0;
  const start = process.hrtime.bigint();
  let now = start;
  while (now < end || runs === 0) {
    if (fn() === sink) sink++;
    runs++;
    now = process.hrtime.bigint();
  }
  return Number(now - start) / 1e3 / runs;
}
