/**
 * `npm run bench [-- --quick] [--json] [--only engine|http]`: the policy engine's decisions per second on four
 * cases, with iam-simulate and cedar-wasm measured in the same run, Gatehouse's compile times; the HTTP server's
 * requests per second against a bare node:http ceiling, its start-up time and memory; and the targets.
 * Engine cases live in engine/, peer adapters in peers/, the HTTP benchmark in http/.
 */
import os from 'node:os';
import { cedarExpression, cedarIsAuthorized, cedarPreparsed } from './peers/cedar.js';
import { gatehouse } from './peers/gatehouse.js';
import { iamSimulate, iamSimulateUnsafe } from './peers/iam-simulate.js';
import type { EngineAdapter } from './peers/adapter.js';
import type { BenchCase } from './engine/bench-case.js';
import { compileTime, type CompileResult } from './engine/compile-time.js';
import { managedPoliciesCase } from './engine/managed-policies.js';
import { powerUserCase } from './engine/power-user.js';
import { realisticPrincipalCase } from './engine/realistic-principal.js';
import { GatehouseWrong, runCase, type CaseRun, type Disagreement } from './engine/run-case.js';
import { SCALING_SIZES, scalingCases } from './engine/scaling.js';
import { printHttpReport } from './http/report.js';
import { runHttp, type HttpRun } from './http/run-http.js';
import { parseArgs } from './lib/args.js';
import { sinkValue } from './lib/measure.js';
import { formatRate, formatRatio, formatTable } from './lib/table.js';

/** Gatehouse first: it is the reference the peers are checked against and the numerator of every ratio. */
const ENGINES: readonly EngineAdapter[] = [gatehouse, iamSimulate, iamSimulateUnsafe, cedarPreparsed, cedarIsAuthorized];

interface Target {
  target: string;
  value: string;
  met: boolean | null;
}

const peerOf = (engine: string): string => engine.split(' ')[0] ?? engine;

/** Gatehouse's ratio against the fastest variant of each peer on a case. */
function worstRatios(run: CaseRun | undefined): Map<string, number | undefined> {
  const out = new Map<string, number | undefined>();
  for (const e of run?.engines.slice(1) ?? []) {
    const peer = peerOf(e.engine);
    const prev = out.get(peer);
    if (e.status !== 'ok' || e.ratio === undefined) {
      if (!out.has(peer)) out.set(peer, undefined);
      continue;
    }
    out.set(peer, prev === undefined ? e.ratio : Math.min(prev, e.ratio));
  }
  return out;
}

function targets(runs: CaseRun[]): Target[] {
  const byId = new Map(runs.map((r) => [r.id, r]));
  const out: Target[] = [];
  const p = byId.get('power-user');
  if (p) {
    const rate = p.engines[0]?.decisionsPerSecond ?? 0;
    out.push({ target: 'case 1: ≥ 1,000,000 decisions/s (one core)', value: formatRate(rate), met: rate >= 1_000_000 });
  }
  for (const [id, label, peers, min] of [
    ['power-user', 'case 1', ['iam-simulate', 'cedar-wasm'], 30],
    ['realistic-principal', 'case 2', ['iam-simulate', 'cedar-wasm'], 30],
    ['managed-policies', 'case 3', ['iam-simulate'], 100],
  ] as const) {
    const run = byId.get(id);
    if (!run) continue;
    const ratios = worstRatios(run);
    for (const peer of peers) {
      const r = ratios.get(peer);
      out.push({ target: `${label}: ≥ ${min}× ${peer} (its fastest variant)`, value: r === undefined ? 'n/a' : formatRatio(r), met: r === undefined ? null : r >= min });
    }
  }
  const growth = (suffix: string, label: string) => {
    const scaling = runs.filter((r) => r.id.startsWith('scaling-') && r.id.endsWith(suffix) && (suffix !== '' || /^scaling-\d+$/.test(r.id))).sort((a, b) => a.statements - b.statements);
    const first = scaling[0];
    const last = scaling[scaling.length - 1];
    if (!first || !last || first === last) return;
    const t = (r: CaseRun) => 1 / (r.engines[0]?.decisionsPerSecond ?? 1);
    const g = t(last) / t(first);
    const size = last.statements / first.statements;
    const steps = scaling.slice(1).map((r, i) => formatRatio(t(r) / t(scaling[i] as CaseRun))).join(', ');
    out.push({ target: `case 4: sub-linear growth${label} (time per decision, ×${size} statements)`, value: `×${g.toFixed(2)} (per 10× step: ${steps})`, met: g < size });
  };
  growth('', '');
  growth('-wide', ', one request per statement');
  return out;
}

interface EngineReport {
  cases: unknown[];
  compile: CompileResult[];
  disagreements: Disagreement[];
  targets: Target[];
  methods: Record<string, string>;
}

/** Prints the engine part and returns its figures for the JSON line. */
function printReport(runs: CaseRun[], compiles: CompileResult[], disagreements: Disagreement[], caseById: Map<string, BenchCase>): EngineReport {
  const rows: string[][] = [];
  for (const r of runs) {
    r.engines.forEach((e, i) => {
      const agree = e.agreed === undefined ? '' : `${e.agreed}/${r.requests}`;
      const rate = e.status === 'ok' ? formatRate(e.decisionsPerSecond) : e.status;
      const ratio = i === 0 ? '' : e.status === 'ok' ? formatRatio(e.ratio) : '';
      rows.push([i === 0 ? r.title : '', e.engine, rate, ratio, agree, e.status === 'ok' ? '' : (e.reason ?? '')]);
    });
  }
  console.log('\nDecisions per second (one core, one caller)');
  console.log(formatTable(['case', 'engine', 'decisions/s', 'gatehouse/engine', 'same decision', 'note'], rows, [false, false, true, true, true, false]));

  console.log('\nHow each peer is called:');
  for (const e of ENGINES) console.log(`  ${e.method}`);
  console.log('\nHow Cedar expresses each case:');
  for (const r of runs) {
    const c = caseById.get(r.id);
    if (c && c.gatehouseOnly === undefined) console.log(`  ${r.id}: ${cedarExpression(c)}`);
  }

  if (compiles.length > 0) {
    console.log('\nGatehouse compile time (parsePolicy + compilePolicy per policy; compilePolicySet for the principal)');
    console.log(
      formatTable(
        ['case', 'policies', 'statements', 'µs/policy', 'µs/statement', 'set µs'],
        compiles.map((c) => [c.id, String(c.policies), c.statements.toLocaleString('en-US'), c.microsPerPolicy.toFixed(1), c.microsPerStatement.toFixed(2), c.setMicros.toFixed(1)]),
        [false, true, true, true, true, true],
      ),
    );
  }

  console.log(`\nDisagreements with Gatehouse: ${disagreements.length === 0 ? 'none' : disagreements.length}`);
  for (const d of disagreements) console.log(`  ${d.caseId} / ${d.engine}: ${d.request}: gatehouse ${d.gatehouse}, ${d.engine} ${d.peer}`);

  return {
    cases: runs.map((r) => ({ ...r, cedarExpression: caseById.get(r.id)?.gatehouseOnly === undefined ? cedarExpression(caseById.get(r.id) as BenchCase) : undefined })),
    compile: compiles,
    disagreements,
    targets: targets(runs),
    methods: Object.fromEntries(ENGINES.map((e) => [e.name, e.method])),
  };
}

function printTargets(t: Target[]): void {
  if (t.length === 0) return;
  console.log('\nTargets');
  console.log(formatTable(['target', 'measured', 'met'], t.map((x) => [x.target, x.value, x.met === null ? 'n/a' : x.met ? 'yes' : 'NO']), [false, true, false]));
}

async function main(): Promise<void> {
  const parsed = parseArgs(process.argv.slice(2));
  if ('error' in parsed) {
    console.error(parsed.error);
    process.exitCode = 2;
    return;
  }
  const opts = parsed;
  const wanted = (id: string) => opts.only.length === 0 || opts.only.some((o) => o === 'engine' || id === o || id.startsWith(`${o}-`));
  const withHttp = opts.only.length === 0 || opts.only.includes('http');
  const cases: BenchCase[] = [powerUserCase(), realisticPrincipalCase(), managedPoliciesCase()].filter((c) => wanted(c.id));
  const sizes = SCALING_SIZES.filter((n) => wanted(`scaling-${n}`));
  if (sizes.length > 0) cases.push(...(await scalingCases(sizes)));
  const caseById = new Map(cases.map((c) => [c.id, c]));

  console.log(
    `Gatehouse bench — node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}${opts.quick ? ' (quick)' : ''}; ` +
      [cases.length > 0 ? `engine: ${opts.durationMs} ms timed per measurement after ${opts.warmupMs} ms warm-up` : '', withHttp ? `HTTP: ${opts.httpDurationSeconds} s per measurement after ${opts.httpWarmupSeconds} s warm-up` : ''].filter(Boolean).join('; '),
  );
  const runs: CaseRun[] = [];
  const compiles: CompileResult[] = [];
  const disagreements: Disagreement[] = [];
  const overBudget = new Map<string, string>();
  for (const c of cases) {
    process.stderr.write(`… ${c.title}\n`);
    const run = await runCase(c, ENGINES, {
      timing: { durationMs: opts.durationMs, warmupMs: opts.warmupMs },
      skip: c.id.startsWith('scaling-') ? overBudget : new Map(),
      onDisagreement: (d) => {
        disagreements.push(d);
        console.log(`DISAGREE ${d.caseId} / ${d.engine}: ${d.request}: gatehouse ${d.gatehouse}, ${d.engine} ${d.peer}`);
      },
    });
    runs.push(run);
    if (c.id.startsWith('scaling-')) {
      for (const e of run.engines) {
        if (e.setupMs !== undefined && e.setupMs > opts.budgetMs && !overBudget.has(e.engine)) {
          overBudget.set(e.engine, `over budget: setup took ${(e.setupMs / 1000).toFixed(1)} s at ${run.statements.toLocaleString('en-US')} statements (budget ${opts.budgetMs / 1000} s)`);
        }
      }
    }
    if (c.gatehouseOnly === undefined) compiles.push(compileTime(c, opts.quick ? 30 : 300, opts.quick ? 30 : 700));
  }
  const engine = cases.length > 0 ? printReport(runs, compiles, disagreements, caseById) : undefined;
  if (sinkValue() === -1) console.log('');

  let http: HttpRun | undefined;
  if (withHttp) {
    http = await runHttp({ quick: opts.quick, durationSeconds: opts.httpDurationSeconds, warmupSeconds: opts.httpWarmupSeconds, connections: opts.connections });
    printHttpReport(http);
  }

  const allTargets = [...(engine?.targets ?? []), ...(http?.targets ?? [])];
  printTargets(allTargets);
  if (opts.json) {
    console.log(
      JSON.stringify({
        bench: [engine ? 'engine' : '', http ? 'http' : ''].filter(Boolean).join('+'),
        node: process.version,
        cpu: os.cpus()[0]?.model ?? 'unknown',
        cores: os.cpus().length,
        quick: opts.quick,
        durationMs: opts.durationMs,
        warmupMs: opts.warmupMs,
        ...(engine ?? {}),
        targets: allTargets,
        ...(http ? { http } : {}),
      }),
    );
  }
}

main().catch((e: unknown) => {
  if (e instanceof GatehouseWrong) {
    console.error(`\nBENCH FAILED: ${e.message}`);
  } else console.error(e);
  process.exitCode = 1;
});
