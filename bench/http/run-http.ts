/**
 * The HTTP benchmark: over loopback, with autocannon in its own process, against servers in their own
 * processes, in one run —
 * - signed, authorized `iam:GetUser` requests/s on `gatehouse serve`, against a bare `node:http` server that
 *   answers the same bytes (the ceiling), and one that verifies each signature before answering them (what any
 *   signed API must do at least);
 * - signed `CreateUser` requests/s on SQLite with durable commits (each request a distinct user, signed once
 *   before the run);
 * - start-up time and resident memory of `gatehouse serve` with 100,000 users in the store.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fillerName, prepareDataDir, type DataDir } from './fixtures.js';
import type { GeneratorSpec } from './load-generator.js';
import { runGenerator, startCeiling, startGatehouse, startVerifyOnly, type ServerProcess } from './processes.js';
import { querySigner, type WireRequest } from './sign.js';

export interface HttpOptions {
  quick: boolean;
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
}

export interface Throughput {
  server: string;
  operation: string;
  /** Successful (2xx) responses per second. */
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Responses in the timed run, by status code; socket errors and timeouts. */
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
  /** requestsPerSecond ÷ the ceiling's (GetUser and the verify-only reference). */
  ratioToCeiling?: number;
  /** Server CPU time (user + system) per response, warm-up included, in µs: steadier than requests/s on a busy machine. */
  serverCpuMicrosPerRequest: number;
  /** The ceiling's CPU per request ÷ this server's (GetUser and the verify-only reference): the ratio requests/s would have if CPU bound. */
  cpuRatioToCeiling?: number;
  /** Resident memory of the server process after the run, in bytes. */
  rssAfterBytes: number;
}

export interface Startup {
  store: string;
  accounts: number;
  users: number;
  /** From spawning `gatehouse serve` to its first `/health` answer. */
  startupMs: number;
  rssAfterStartBytes: number;
  /** After one GetUser and one ListUsers (MaxItems 100). */
  rssAfterCallsBytes: number;
  getUserStatus: number;
  listUsersStatus: number;
  listedUsers: number;
}

export interface HttpTarget {
  target: string;
  value: string;
  met: boolean | null;
}

export interface HttpRun {
  connections: number;
  pipelining: 1;
  durationSeconds: number;
  warmupSeconds: number;
  createUserPool: number;
  throughput: Throughput[];
  startup: Startup[];
  targets: HttpTarget[];
  peers: string;
}

export const HTTP_PEERS_NOTE =
  'none: moto and LocalStack (the IAM emulators to compare with) are Python/Docker services that cannot be installed here; the ceiling is a bare node:http server measured in the same run';

/** An account holds at most 5,000 users, its admin included. */
const CREATES_PER_ACCOUNT = 4_990;
const STARTUP_ACCOUNTS = 20;

const progress = (msg: string): void => {
  process.stderr.write(`… ${msg}\n`);
};

/** Runs the load generator against a server and reads the server's CPU time around it. */
async function load(server: ServerProcess, label: string, operation: string, spec: Omit<GeneratorSpec, 'url'>): Promise<Throughput> {
  const cpu0 = server.cpuSeconds();
  const r = await runGenerator({ ...spec, url: server.url });
  const cpu = server.cpuSeconds() - cpu0;
  const ok = Object.entries(r.statuses).reduce((n, [code, count]) => (code.startsWith('2') ? n + count : n), 0);
  return {
    server: label,
    operation,
    requestsPerSecond: ok / r.seconds,
    p50Ms: r.p50Ms,
    p99Ms: r.p99Ms,
    statuses: r.statuses,
    errors: r.errors,
    timeouts: r.timeouts,
    rssAfterBytes: server.rss(),
    serverCpuMicrosPerRequest: (cpu * 1e6) / Math.max(1, r.requests + r.warmupRequests),
  };
}

async function send(url: string, w: WireRequest): Promise<{ status: number; body: string }> {
  const res = await fetch(url + w.path, { method: w.method, headers: w.headers, body: w.body });
  return { status: res.status, body: await res.text() };
}

/** Start-up figures of a server just started: memory, then one GetUser and one ListUsers, then memory again. */
async function startupFigures(server: ServerProcess, data: DataDir, store: string): Promise<Startup> {
  const rssAfterStartBytes = server.rss();
  const admin = data.accounts[0]?.admin;
  if (admin === undefined) throw new Error('the data directory has no account');
  const sign = querySigner(admin, new URL(server.url).host);
  const get = await send(server.url, await sign({ Action: 'GetUser', UserName: data.usersPerAccount > 1 ? fillerName(Math.floor(data.usersPerAccount / 2)) : admin.userName }));
  const list = await send(server.url, await sign({ Action: 'ListUsers', MaxItems: '100' }));
  return {
    store,
    accounts: data.accounts.length,
    users: data.users,
    startupMs: server.startupMs,
    rssAfterStartBytes,
    rssAfterCallsBytes: server.rss(),
    getUserStatus: get.status,
    listUsersStatus: list.status,
    listedUsers: (list.body.match(/<UserName>/g) ?? []).length,
  };
}

function targets(t: Throughput[]): HttpTarget[] {
  const out: HttpTarget[] = [];
  const get = t.find((x) => x.server === 'gatehouse' && x.operation === 'GetUser');
  if (get) {
    const r = get.ratioToCeiling;
    const cpu = get.cpuRatioToCeiling === undefined ? '' : ` (by server CPU per request: ${(get.cpuRatioToCeiling * 100).toFixed(0)}%)`;
    const floor = t.find((x) => x.server === 'node:http + SigV4 only')?.ratioToCeiling;
    const ref = floor === undefined ? '' : `; verifying signatures alone: ${(floor * 100).toFixed(0)}%`;
    out.push({ target: 'HTTP: signed GetUser ≥ 50% of the bare node:http server', value: r === undefined ? 'n/a' : `${(r * 100).toFixed(0)}%${cpu}${ref}`, met: r === undefined ? null : r >= 0.5 });
  }
  const create = t.find((x) => x.operation === 'CreateUser');
  if (create) out.push({ target: 'HTTP: signed CreateUser ≥ 2,000/s (SQLite, durable commits)', value: `${Math.round(create.requestsPerSecond).toLocaleString('en-US')}/s`, met: create.requestsPerSecond >= 2000 });
  return out;
}

export async function runHttp(opts: HttpOptions): Promise<HttpRun> {
  const base = { connections: opts.connections, warmupSeconds: opts.warmupSeconds, durationSeconds: opts.durationSeconds };
  // Enough distinct CreateUser requests for 8,000/s over warm-up and run; past that they repeat (and fail).
  const pool = Math.max(5_000, Math.ceil(8_000 * (opts.warmupSeconds + opts.durationSeconds)));
  const cleanup: string[] = [];
  const results: Throughput[] = [];
  const startup: Startup[] = [];
  let gatehouse: ServerProcess | undefined;
  let ceiling: ServerProcess | undefined;
  try {
    progress(`HTTP: preparing a store with ${Math.ceil(pool / CREATES_PER_ACCOUNT)} accounts`);
    const data = await prepareDataDir(Math.ceil(pool / CREATES_PER_ACCOUNT));
    cleanup.push(data.dir);
    gatehouse = await startGatehouse(data.dir);
    startup.push(await startupFigures(gatehouse, data, `fresh (${data.accounts.length} accounts)`));
    const first = data.accounts[0]?.admin;
    if (first === undefined) throw new Error('no account was created');
    const getUser = await querySigner(first, new URL(gatehouse.url).host)({ Action: 'GetUser', UserName: first.userName });
    const probe = await send(gatehouse.url, getUser);
    if (probe.status !== 200) throw new Error(`a signed GetUser answered ${probe.status}: ${probe.body}`);
    const bodyFile = join(data.dir, 'ceiling-body.xml');
    writeFileSync(bodyFile, probe.body);

    progress('HTTP: bare node:http server (ceiling)');
    ceiling = await startCeiling(bodyFile);
    const c = await load(ceiling, 'node:http (bare)', 'fixed XML', { ...base, requests: { kind: 'fixed', request: getUser } });
    await ceiling.stop();
    ceiling = undefined;
    results.push(c);

    progress('HTTP: node:http with SigV4 verification only (reference)');
    ceiling = await startVerifyOnly(bodyFile, first);
    const v = await load(ceiling, 'node:http + SigV4 only', 'fixed XML', { ...base, requests: { kind: 'fixed', request: getUser } });
    await ceiling.stop();
    ceiling = undefined;
    v.ratioToCeiling = c.requestsPerSecond > 0 ? v.requestsPerSecond / c.requestsPerSecond : undefined;
    v.cpuRatioToCeiling = v.serverCpuMicrosPerRequest > 0 ? c.serverCpuMicrosPerRequest / v.serverCpuMicrosPerRequest : undefined;
    results.push(v);

    progress('HTTP: gatehouse GetUser');
    const g = await load(gatehouse, 'gatehouse', 'GetUser', { ...base, requests: { kind: 'fixed', request: getUser } });
    g.ratioToCeiling = c.requestsPerSecond > 0 ? g.requestsPerSecond / c.requestsPerSecond : undefined;
    g.cpuRatioToCeiling = g.serverCpuMicrosPerRequest > 0 ? c.serverCpuMicrosPerRequest / g.serverCpuMicrosPerRequest : undefined;
    results.push(g);

    progress(`HTTP: gatehouse CreateUser (${pool.toLocaleString('en-US')} requests signed in the generator first)`);
    const accounts = data.accounts.map((a) => ({ accessKeyId: a.admin.accessKeyId, secretAccessKey: a.admin.secretAccessKey }));
    results.push(await load(gatehouse, 'gatehouse', 'CreateUser', { ...base, requests: { kind: 'create-user', accounts, count: pool, prefix: 'bench-' } }));
    await gatehouse.stop();
    gatehouse = undefined;

    const perAccount = opts.quick ? 500 : 5_000;
    progress(`HTTP: filling a store with ${(perAccount * STARTUP_ACCOUNTS).toLocaleString('en-US')} users`);
    const big = await prepareDataDir(STARTUP_ACCOUNTS, perAccount);
    cleanup.push(big.dir);
    progress('HTTP: start-up and memory');
    gatehouse = await startGatehouse(big.dir);
    startup.push(await startupFigures(gatehouse, big, `filled (${big.accounts.length} accounts)`));
    await gatehouse.stop();
    gatehouse = undefined;
  } finally {
    await ceiling?.stop();
    await gatehouse?.stop();
    for (const d of cleanup) rmSync(d, { recursive: true, force: true });
  }
  return { ...base, pipelining: 1, createUserPool: pool, throughput: results, startup, targets: targets(results), peers: HTTP_PEERS_NOTE };
}
