/** Command-line options of `npm run bench -- …`. */
export interface BenchOptions {
  /** Smoke run: ~0.1 s per measurement. */
  quick: boolean;
  /** End the output with one JSON line holding every figure. */
  json: boolean;
  durationMs: number;
  warmupMs: number;
  /** Peers whose setup (translation + one decision per request) takes longer than this skip the larger scaling sizes. */
  budgetMs: number;
  /** Case ids (or prefixes) to run, or `engine` / `http` for a whole part; everything when empty. */
  only: string[];
  /** HTTP benchmark: seconds timed per measurement, warm-up before each, load generator connections. */
  httpDurationSeconds: number;
  httpWarmupSeconds: number;
  connections: number;
}

export const USAGE = `usage: npm run bench -- [--quick] [--json] [--duration <s>] [--budget <s>] [--http-duration <s>] [--connections <n>] [--only <part|case>[,…]]
  --quick              smoke run: about 0.1 s per engine measurement, 1 s per HTTP one
  --json               end with one JSON line holding every figure
  --duration <s>       seconds timed per engine measurement (default 1, quick 0.1)
  --budget <s>         a peer whose setup on a scaling size takes longer skips the larger sizes (default 20, quick 5)
  --http-duration <s>  seconds timed per HTTP measurement, after a warm-up of a fifth of it (default 5, quick 1)
  --connections <n>    load generator connections for the HTTP measurements (default 16)
  --only <ids>         parts or cases to run: engine, http; or engine cases power-user, realistic-principal,
                       managed-policies, scaling (or scaling-<n>)`;

export function parseArgs(argv: readonly string[]): BenchOptions | { error: string } {
  const opts: BenchOptions = { quick: false, json: false, durationMs: 1000, warmupMs: 1000, budgetMs: 20_000, only: [], httpDurationSeconds: 5, httpWarmupSeconds: 1, connections: 16 };
  let duration: number | undefined;
  let httpDuration: number | undefined;
  let budget: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): number => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v <= 0) throw new Error(`\`${a}\` needs a positive number of seconds`);
      return v;
    };
    try {
      if (a === '--quick') opts.quick = true;
      else if (a === '--json') opts.json = true;
      else if (a === '--duration') duration = value();
      else if (a === '--budget') budget = value();
      else if (a === '--http-duration') httpDuration = value();
      else if (a === '--connections') opts.connections = Math.max(1, Math.round(value()));
      else if (a === '--only') opts.only = (argv[++i] ?? '').split(',').filter(Boolean);
      else if (a === '--help' || a === '-h') return { error: USAGE };
      else return { error: `unknown option \`${a}\`\n${USAGE}` };
    } catch (e) {
      return { error: (e as Error).message };
    }
  }
  const known = /^(engine|http|power-user|realistic-principal|managed-policies|scaling(-\d+)?)$/;
  const unknown = opts.only.find((o) => !known.test(o));
  if (unknown !== undefined) return { error: `unknown part or case \`${unknown}\` in --only\n${USAGE}` };
  if (opts.quick) {
    opts.durationMs = 100;
    opts.warmupMs = 50;
    opts.budgetMs = 5_000;
    opts.httpDurationSeconds = 1;
    opts.httpWarmupSeconds = 0.3;
  }
  if (httpDuration !== undefined) {
    opts.httpDurationSeconds = httpDuration;
    opts.httpWarmupSeconds = Math.max(0.3, httpDuration / 5);
  }
  if (duration !== undefined) {
    opts.durationMs = duration * 1000;
    opts.warmupMs = Math.max(50, opts.durationMs * 0.3);
  }
  if (budget !== undefined) opts.budgetMs = budget * 1000;
  return opts;
}
