/**
 * Oracle adapter: runs one case of the policy decision test format through @cloud-copilot/iam-simulate,
 * an independent engine, for comparison in tests and benchmarks only.
 *
 * iam-simulate is AGPL-licensed and is a devDependency: product code (src/) must never import it or this file.
 * It is not AWS: where it disagrees with the AWS documentation the corpus keeps the documented answer
 * (see conformance/policy/ORACLE-DISAGREEMENTS.md).
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { Simulation, SimulationOrgPolicies } from '@cloud-copilot/iam-simulate';
import type { PolicyDocumentInput, PolicyTestCase } from './policy-test-file.js';

export type OracleDecision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied' | 'Unsupported';

export interface OracleResult {
  decision: OracleDecision;
  detail?: string;
}

class UnsupportedCase extends Error {}

type JsonObject = Record<string, unknown>;

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseDocument(doc: PolicyDocumentInput, where: string): JsonObject {
  if (typeof doc === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(doc);
    } catch (e) {
      throw new UnsupportedCase(`${where}: policy string is not JSON (${(e as Error).message})`);
    }
    if (!isObject(parsed)) throw new UnsupportedCase(`${where}: policy string does not hold a JSON object`);
    return parsed;
  }
  return doc;
}

function statementsOf(doc: JsonObject): JsonObject[] {
  const s = doc['Statement'];
  if (Array.isArray(s)) return s.filter(isObject);
  if (isObject(s)) return [s];
  return [];
}

/** iam-simulate takes one session policy; several session policies act as one set, so merge their statements. */
function mergeSessionPolicies(docs: JsonObject[]): JsonObject | undefined {
  if (docs.length === 0) return undefined;
  if (docs.length === 1) return docs[0];
  const versions = new Set(docs.map((d) => d['Version']));
  if (versions.size > 1) throw new UnsupportedCase('session policies with different Version elements cannot be merged into one');
  const merged: JsonObject = { Statement: docs.flatMap(statementsOf) };
  const version = docs[0]?.['Version'];
  if (version !== undefined) merged['Version'] = version;
  return merged;
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined ? [] : [v];
}

/** An unconditional Allow of every action on every resource to every principal (the RCPFullAWSAccess statement). */
function isFullRcpAllow(st: JsonObject): boolean {
  return (
    st['Effect'] === 'Allow' &&
    st['Condition'] === undefined &&
    asList(st['Action']).includes('*') &&
    asList(st['Resource']).includes('*') &&
    (st['Principal'] === '*' || (isObject(st['Principal']) && asList(st['Principal']['AWS']).includes('*')))
  );
}

/**
 * iam-simulate attaches RCPFullAWSAccess to every RCP level itself and rejects Allow statements in RCPs
 * (as AWS does for customer RCPs), so a level must contain the full-access allow, which is then removed.
 */
function rcpLevelForOracle(level: JsonObject[], i: number): JsonObject[] {
  if (!level.some((doc) => statementsOf(doc).some(isFullRcpAllow))) {
    throw new UnsupportedCase(
      `policies.rcp[${i}] has no full-access allow; iam-simulate always attaches RCPFullAWSAccess to every level, so it cannot express this`,
    );
  }
  const out: JsonObject[] = [];
  for (const doc of level) {
    const rest = statementsOf(doc).filter((st) => !isFullRcpAllow(st));
    if (rest.length > 0) out.push({ ...doc, Statement: rest });
  }
  return out;
}

function scpLevels(levels: PolicyDocumentInput[][]): SimulationOrgPolicies[] {
  return levels.map((level, i) => ({
    orgIdentifier: `scp-level-${i}`,
    policies: level.map((doc, j) => ({ name: `scp-${i}-${j}`, policy: parseDocument(doc, `policies.scp[${i}][${j}]`) })),
  }));
}

interface PrincipalFacts {
  account?: string;
  context: Record<string, string>;
}

/** The keys AWS always supplies for a principal, derived as the format describes. */
function principalFacts(principal: string): PrincipalFacts {
  const m = /^arn:([^:]+):(iam|sts)::(\d{12}):(.*)$/.exec(principal);
  if (!m) {
    if (/\.amazonaws\.com(\.cn)?$/.test(principal) && !principal.startsWith('cognito-identity')) {
      return { context: { 'aws:PrincipalServiceName': principal, 'aws:PrincipalIsAWSService': 'true' } };
    }
    return { context: {} };
  }
  const [, partition, service, account, rest] = m as unknown as [string, string, string, string, string];
  const ctx: Record<string, string> = { 'aws:PrincipalAccount': account, 'aws:PrincipalIsAWSService': 'false' };
  if (service === 'iam' && rest === 'root') {
    ctx['aws:PrincipalArn'] = principal;
    ctx['aws:PrincipalType'] = 'Account';
  } else if (service === 'iam' && rest.startsWith('user/')) {
    ctx['aws:PrincipalArn'] = principal;
    ctx['aws:PrincipalType'] = 'User';
    ctx['aws:username'] = rest.slice(rest.lastIndexOf('/') + 1);
  } else if (service === 'iam' && rest.startsWith('role/')) {
    ctx['aws:PrincipalArn'] = principal;
    ctx['aws:PrincipalType'] = 'AssumedRole';
  } else if (service === 'sts' && rest.startsWith('assumed-role/')) {
    const role = rest.split('/')[1] ?? '';
    ctx['aws:PrincipalArn'] = `arn:${partition}:iam::${account}:role/${role}`;
    ctx['aws:PrincipalType'] = 'AssumedRole';
  } else if (service === 'sts' && rest.startsWith('federated-user/')) {
    ctx['aws:PrincipalArn'] = principal;
    ctx['aws:PrincipalType'] = 'FederatedUser';
  } else if (service === 'iam' && (rest.startsWith('saml-provider/') || rest.startsWith('oidc-provider/'))) {
    return { account, context: {} };
  }
  return { account, context: ctx };
}

function accountOfArn(arn: string): string | undefined {
  const parts = arn.split(':');
  const acct = parts[4];
  return acct && /^\d{12}$/.test(acct) ? acct : undefined;
}

export function toSimulation(tc: PolicyTestCase, now: Date = new Date()): Simulation {
  const p = tc.policies ?? {};
  // iam-simulate has one session policy; layers that must each allow have no counterpart there.
  if (p.scopeDown !== undefined) throw new UnsupportedCase('scope-down policy layers (GetScopedCredentials) are not modelled by iam-simulate');
  const identity = (p.identity ?? []).map((d, i) => ({ name: `identity-${i}`, policy: parseDocument(d, `policies.identity[${i}]`) }));
  const resource = p.resource === undefined ? undefined : parseDocument(p.resource, 'policies.resource');
  const boundary = p.boundary === undefined ? undefined : parseDocument(p.boundary, 'policies.boundary');
  const session = mergeSessionPolicies((p.session ?? []).map((d, i) => parseDocument(d, `policies.session[${i}]`)));
  const scp = scpLevels(p.scp ?? []);
  const rcpParsed = (p.rcp ?? []).map((level, i) => level.map((doc, j) => parseDocument(doc, `policies.rcp[${i}][${j}]`)));
  const rcpSim: SimulationOrgPolicies[] = rcpParsed.map((level, i) => ({
    orgIdentifier: `rcp-level-${i}`,
    policies: rcpLevelForOracle(level, i).map((policy, j) => ({ name: `rcp-${i}-${j}`, policy })),
  }));

  const facts = principalFacts(tc.request.principal);
  const given = tc.request.context ?? {};
  const givenKeys = new Set(Object.keys(given).map((k) => k.toLowerCase()));
  const context: Record<string, string | string[]> = {};
  const derived: Record<string, string> = {
    ...facts.context,
    'aws:CurrentTime': now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
  };
  for (const [k, v] of Object.entries(derived)) if (!givenKeys.has(k.toLowerCase())) context[k] = v;
  for (const [k, v] of Object.entries(given)) context[k] = v;

  const accountId = tc.request.resourceAccount ?? accountOfArn(tc.request.resource) ?? facts.account ?? '000000000000';

  const sim: Simulation = {
    request: {
      principal: tc.request.principal,
      action: tc.request.action,
      resource: { resource: tc.request.resource, accountId },
      contextVariables: context,
    },
    identityPolicies: identity,
    serviceControlPolicies: scp,
    resourceControlPolicies: rcpSim,
  };
  if (resource !== undefined) sim.resourcePolicy = resource;
  if (boundary !== undefined) sim.permissionBoundaryPolicies = [{ name: 'boundary', policy: boundary }];
  if (session !== undefined) sim.sessionPolicy = session;
  return sim;
}

export async function oracleDecide(tc: PolicyTestCase): Promise<OracleResult> {
  let sim: Simulation;
  try {
    sim = toSimulation(tc);
  } catch (e) {
    if (e instanceof UnsupportedCase) return { decision: 'Unsupported', detail: e.message };
    throw e;
  }
  let result;
  try {
    result = await runSimulation(sim, { simulationMode: 'Strict' });
  } catch (e) {
    return { decision: 'Unsupported', detail: `iam-simulate threw: ${(e as Error).message}` };
  }
  if (result.resultType === 'error') {
    return { decision: 'Unsupported', detail: `iam-simulate rejected the input: ${JSON.stringify(result.errors)}` };
  }
  const notes: string[] = [];
  if (result.resultType === 'single') {
    const ignored = result.result.ignoredContextKeys ?? [];
    if (ignored.length > 0) notes.push(`ignored context keys: ${ignored.join(', ')}`);
    const blocked = result.result.analysis.blockedBy;
    if (blocked && blocked.length > 0) notes.push(`blocked by: ${blocked.join(', ')}`);
  } else {
    notes.push(`wildcard resource: ${result.results.length} simulations`);
  }
  const out: OracleResult = { decision: result.overallResult };
  if (notes.length > 0) out.detail = notes.join('; ');
  return out;
}
