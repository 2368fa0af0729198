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
  /** Case ids (or prefixes) to run; all when empty. */
  only: string[];
}

export const USAGE = `usage: npm run bench -- [--quick] [--json] [--duration <s>] [--budget <s>] [--only <case>[,<case>…]]
  --quick          smoke run, about 0.1 s per measurement
  --json           end with one JSON line holding every figure
  --duration <s>   seconds timed per measurement (default 1, quick 0.1)
  --budget <s>     a peer whose setup on a scaling size takes longer skips the larger sizes (default 20, quick 5)
  --only <ids>     cases to run: power-user, realistic-principal, managed-policies, scaling (or scaling-<n>)`;

export function parseArgs(argv: readonly string[]): BenchOptions | { error: string } {
  const opts: BenchOptions = { quick: false, json: false, durationMs: 1000, warmupMs: 1000, budgetMs: 20_000, only: [] };
  let duration: number | undefined;
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
      else if (a === '--only') opts.only = (argv[++i] ?? '').split(',').filter(Boolean);
      else if (a === '--help' || a === '-h') return { error: USAGE };
      else return { error: `unknown option \`${a}\`\n${USAGE}` };
    } catch (e) {
      return { error: (e as Error).message };
    }
  }
  if (opts.quick) {
    opts.durationMs = 100;
    opts.warmupMs = 50;
    opts.budgetMs = 5_000;
  }
  if (duration !== undefined) {
    opts.durationMs = duration * 1000;
    opts.warmupMs = Math.max(50, opts.durationMs * 0.3);
  }
  if (budget !== undefined) opts.budgetMs = budget * 1000;
  return opts;
}
