/**
 * The load generator, run as its own process so that it does not share the server's core:
 * `node load-generator.js '<GeneratorSpec as JSON>'`. It prepares its requests (signing them when asked),
 * runs autocannon for a warm-up and then for the timed duration, and prints one JSON line (`GeneratorResult`).
 */
import autocannon from 'autocannon';
import { querySigner, type Credentials, type WireRequest } from './sign.js';

export interface GeneratorSpec {
  url: string;
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
  requests:
    /** The same request replayed (a pre-signed read). */
    | { kind: 'fixed'; request: WireRequest }
    /** `count` CreateUser requests with distinct user names, spread round-robin over the accounts' admin keys
     *  (an account holds at most 5,000 users), each signed once before the run. */
    | { kind: 'create-user'; accounts: Credentials[]; count: number; prefix: string };
}

export interface GeneratorResult {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  /** Latency percentiles of every response in the timed run, in milliseconds. */
  p50Ms: number;
  p99Ms: number;
  /** Responses by status code, and socket errors / timeouts. */
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
  /** Pre-signed requests that were sent again because the pool ran out (CreateUser: they fail as duplicates). */
  reused: number;
  /** Responses during the warm-up (not timed). */
  warmupRequests: number;
  /** How long preparing the requests took (not timed). */
  prepareSeconds: number;
}

async function prepare(spec: GeneratorSpec): Promise<WireRequest[]> {
  const r = spec.requests;
  if (r.kind === 'fixed') return [r.request];
  const host = new URL(spec.url).host;
  const signers = r.accounts.map((c) => querySigner(c, host));
  const at = new Date();
  const out: WireRequest[] = [];
  for (let i = 0; i < r.count; i++) {
    const sign = signers[i % signers.length];
    if (sign === undefined) throw new Error('create-user needs at least one account');
    out.push(await sign({ Action: 'CreateUser', UserName: `${r.prefix}${i}` }, at));
  }
  return out;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function run(spec: GeneratorSpec, pool: WireRequest[], seconds: number, next: { i: number }): Promise<GeneratorResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const fixed = pool.length === 1 ? pool[0] : undefined;
  const requests: autocannon.Request[] = fixed
    ? [{ method: fixed.method, path: fixed.path, headers: fixed.headers, body: fixed.body }]
    : [
        {
          method: 'POST',
          path: '/',
          // Each connection asks for its next request here; the counter is shared, so every request is sent once.
          setupRequest: (req) => {
            const w = pool[next.i++ % pool.length] as WireRequest;
            return { ...req, method: w.method, path: w.path, headers: w.headers, body: w.body };
          },
        },
      ];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url: spec.url, connections: spec.connections, pipelining: 1, duration: seconds, requests }, (err, r) => (err ? reject(err as Error) : resolve(r)));
    instance.on('response', (_client, status, _bytes, ms) => {
      latencies.push(ms);
      statuses[status] = (statuses[status] ?? 0) + 1;
    });
  });
  const sorted = Float64Array.from(latencies).sort();
  const total = latencies.length;
  return {
    requests: total,
    seconds: result.duration,
    requestsPerSecond: total / result.duration,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    reused: 0,
    warmupRequests: 0,
    prepareSeconds: 0,
  };
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '') as GeneratorSpec;
  const t0 = process.hrtime.bigint();
  const pool = await prepare(spec);
  const prepareSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const next = { i: 0 };
  const warmup = spec.warmupSeconds > 0 ? await run(spec, pool, spec.warmupSeconds, next) : undefined;
  const result = await run(spec, pool, spec.durationSeconds, next);
  result.warmupRequests = warmup?.requests ?? 0;
  result.prepareSeconds = prepareSeconds;
  result.reused = pool.length > 1 ? Math.max(0, next.i - pool.length) : 0;
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`load generator: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
