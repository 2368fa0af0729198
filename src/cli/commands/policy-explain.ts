/**
 * `gatehouse policy explain`: evaluates one request against the policies given on the command line and
 * prints the decision with its trace.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { compilePolicy, compilePolicySet, evaluate, parsePolicy, traceLines, type CompiledPolicy } from '../../policy/index.js';
import type { Output } from '../io.js';

const USAGE = `usage: gatehouse policy explain --principal ARN --action SERVICE:ACTION [--resource ARN]
         [--policy FILE]... [--resource-policy FILE] [--boundary FILE] [--session-policy FILE]...
         [--scp FILE]... [--context KEY=VALUE]... [--resource-account ID] [--json]
  --scp may be repeated; each file is one level (a JSON array of policies, or one policy).
  --context KEY=VALUE may be repeated; repeating a key makes it multi-valued.`;

class UsageError extends Error {}

function load(file: string): CompiledPolicy {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
  }
  const r = parsePolicy(text);
  if (!r.ok) {
    const f = r.findings.find((x) => x.findingType === 'ERROR');
    const at = f?.locations[0] ? `:${f.locations[0].span.start.line}:${f.locations[0].span.start.column}` : '';
    throw new UsageError(`${file}${at}: ${f?.message ?? 'not a policy'}`);
  }
  return compilePolicy(r.document, file);
}

function loadLevel(file: string): CompiledPolicy[] {
  const text = readFileSync(file, 'utf8');
  try {
    const v: unknown = JSON.parse(text);
    if (Array.isArray(v)) return v.map((p, i) => {
      const r = parsePolicy(p);
      if (!r.ok) throw new UsageError(`${file}[${i}]: ${r.findings[0]?.message ?? 'not a policy'}`);
      return compilePolicy(r.document, `${file}[${i}]`);
    });
  } catch (e) {
    if (e instanceof UsageError) throw e;
  }
  return [load(file)];
}

export async function runPolicyExplain(argv: string[], out: Output, now: Date = new Date()): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        principal: { type: 'string' },
        action: { type: 'string' },
        resource: { type: 'string', default: '*' },
        'resource-account': { type: 'string' },
        policy: { type: 'string', multiple: true },
        'resource-policy': { type: 'string' },
        boundary: { type: 'string' },
        'session-policy': { type: 'string', multiple: true },
        scp: { type: 'string', multiple: true },
        context: { type: 'string', multiple: true },
        json: { type: 'boolean' },
      },
    });
  } catch (e) {
    out.stderr(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const v = args.values;
  if (!v.principal || !v.action) {
    out.stderr(USAGE);
    return 2;
  }
  try {
    const context: Record<string, string | string[]> = {
      'aws:CurrentTime': now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
    };
    for (const kv of v.context ?? []) {
      const eq = kv.indexOf('=');
      if (eq <= 0) throw new UsageError(`--context takes KEY=VALUE, got \`${kv}\``);
      const k = kv.slice(0, eq);
      const val = kv.slice(eq + 1);
      const prev = context[k];
      context[k] = prev === undefined || k === 'aws:CurrentTime' || k === 'aws:EpochTime' ? val : [...(Array.isArray(prev) ? prev : [prev]), val];
    }
    const set = compilePolicySet({
      identity: (v.policy ?? []).map(load),
      ...(v['resource-policy'] ? { resource: load(v['resource-policy']) } : {}),
      ...(v.boundary ? { boundary: load(v.boundary) } : {}),
      ...(v['session-policy'] ? { session: v['session-policy'].map(load) } : {}),
      ...(v.scp ? { scp: v.scp.map(loadLevel) } : {}),
    });
    const decision = evaluate(set, {
      principal: v.principal,
      action: v.action,
      resource: v.resource ?? '*',
      context,
      ...(v['resource-account'] ? { resourceAccount: v['resource-account'] } : {}),
    });
    if (v.json) out.stdout(JSON.stringify(decision, null, 2));
    else out.stdout(traceLines(decision).join('\n'));
    return decision.decision === 'Allowed' ? 0 : 1;
  } catch (e) {
    if (e instanceof UsageError) {
      out.stderr(`gatehouse: ${e.message}`);
      return 2;
    }
    throw e;
  }
}
