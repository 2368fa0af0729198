/**
 * The policy simulator: GetContextKeysForCustomPolicy, GetContextKeysForPrincipalPolicy, SimulateCustomPolicy
 * and SimulatePrincipalPolicy. Decisions come from the same engine that enforces every call; the principal's
 * policies are read the way enforcement reads them (src/services/authz).
 */
import { loadCatalog } from '../../../catalog/index.js';
import {
  compileGlob,
  compilePolicy,
  compilePolicySet,
  evaluate,
  parsePolicy,
  parseTemplate,
  templateVariables,
  tokenizeGlob,
  type CompiledPolicy,
  type ContextValue,
  type Decision,
  type PolicyDocument,
  type StatementRef,
} from '../../../policy/index.js';
import type { StructureValue } from '../../../protocol/model/index.js';
import { managedPolicyDocument, principalPolicyTexts } from '../../authz/authorizer.js';
import { invalidInput, noSuchEntity, type AwsError } from '../../errors.js';
import type { Input } from '../../input.js';
import { dataOf, key, principalParent, type MembershipData, type PrincipalType } from '../entities.js';
import type { IamDeps, IamEnv, OperationTable } from '../operation.js';
import { pageArray, pageMembers } from '../pagination.js';

/** How AWS labels the statements it reports: every identity policy, whatever its kind, is an `IAM Policy`. */
const IAM_POLICY = 'IAM Policy';
// Unconfirmed wording: the label of statements from ResourcePolicy.
const RESOURCE_POLICY = 'Resource Policy';

type SourceKind = 'aws-managed' | 'user-managed' | 'inline' | 'input';

/** One policy taking part in a simulation, with the identifier AWS reports for its statements. */
interface SimPolicy {
  id: string;
  kind: SourceKind;
  document: PolicyDocument;
  /** For exclusions: the managed policy's ARN, or the inline policy's name and owner. */
  arn?: string;
  inline?: { name: string; ownerType: PrincipalType; ownerName: string };
}

function badPolicy(id: string): AwsError {
  // Unconfirmed wording: IAM's answer to a document that doesn't parse as a policy.
  return invalidInput(`Invalid Input: ${id} is not a valid policy document.`);
}

function parseOrThrow(text: string, id: string): PolicyDocument {
  const r = parsePolicy(text);
  if (!r.ok) throw badPolicy(id);
  return r.document;
}

function inputPolicies(input: Input, member: 'PolicyInputList' | 'PermissionsBoundaryPolicyInputList'): SimPolicy[] {
  return input.strList(member).map((text, i) => {
    const id = `${member}.${i + 1}`;
    return { id, kind: 'input', document: parseOrThrow(text, id) };
  });
}

// ---------------------------------------------------------------------------------------------------------
// The principal named by PolicySourceArn

interface SourceEntity {
  type: PrincipalType;
  name: string;
  arn: string;
  /** The stored entity's data (with its exact name and ARN). */
  data: StructureValue;
}

const ENTITY_ARN = /^arn:aws:iam::(\d{12}):(user|group|role)\/(?:.*\/)?([^/]+)$/;
const LABEL: Record<PrincipalType, string> = { user: 'user', group: 'group', role: 'role' };

/** PolicySourceArn's parts; a malformed or foreign ARN fails before authorization, as AWS answers it. */
function parseSourceArn(arn: string, callerAccount: string): { type: PrincipalType; name: string; account: string } {
  const m = ENTITY_ARN.exec(arn);
  if (!m) throw invalidInput(`Invalid Entity Arn: ${arn} does not clearly define entity type and name.`);
  const account = m[1] ?? '';
  if (account !== callerAccount) throw invalidInput(`Invalid Policy Source Arn: caller's account ${callerAccount} does not have access to policies in account ${account}`);
  return { type: (m[2] ?? 'user') as PrincipalType, name: m[3] ?? '', account };
}

async function sourceEntity(deps: IamDeps, callerAccount: string, arn: string): Promise<SourceEntity> {
  const { type, name, account } = parseSourceArn(arn, callerAccount);
  const rec = await deps.store.get(account, type, '', key(name));
  if (!rec) throw noSuchEntity(`The ${LABEL[type]} with name ${name} cannot be found.`);
  const stored = rec.data;
  const storedName = String(stored[type === 'user' ? 'UserName' : type === 'group' ? 'GroupName' : 'RoleName'] ?? name);
  return { type, name: storedName, arn: typeof stored.Arn === 'string' ? stored.Arn : arn, data: stored as StructureValue };
}

/** The identity policies of a user (its own and its groups'), group or role, as AWS names them in results. */
async function entityPolicies(deps: IamDeps, accountId: string, e: SourceEntity): Promise<SimPolicy[]> {
  const out: SimPolicy[] = [];
  const add = async (type: PrincipalType, name: string): Promise<void> => {
    for (const p of await principalPolicyTexts(deps, accountId, principalParent(type, name))) {
      if (p.kind === 'inline') {
        // AWS names an inline policy `<type>_<entity name>_<policy name>` (observed for roles: `role_R_P`).
        const id = `${type}_${name}_${p.name}`;
        out.push({ id, kind: 'inline', document: parseOrThrow(p.document, id), inline: { name: p.name, ownerType: type, ownerName: name } });
      } else {
        out.push({ id: p.name, kind: p.awsManaged ? 'aws-managed' : 'user-managed', document: parseOrThrow(p.document, p.name), arn: p.arn });
      }
    }
  };
  await add(e.type, e.name);
  if (e.type === 'user') {
    for (const m of await deps.store.listByKey(accountId, 'group-member', key(e.name))) await add('group', dataOf<MembershipData>(m).GroupName);
  }
  return out;
}

/** The user's or role's permissions boundary, when it has one. */
async function entityBoundary(deps: IamDeps, accountId: string, e: SourceEntity): Promise<SimPolicy | undefined> {
  const arn = e.data.PermissionsBoundary;
  if (e.type === 'group' || typeof arn !== 'string') return undefined;
  const text = await managedPolicyDocument(deps, accountId, arn);
  const name = arn.slice(arn.lastIndexOf('/') + 1);
  if (text === undefined) return undefined;
  return { id: name, kind: deps.managedPolicies.get(arn) ? 'aws-managed' : 'user-managed', document: parseOrThrow(text, name), arn };
}

// ---------------------------------------------------------------------------------------------------------
// PolicyExclusionList

interface Exclusions {
  types: Set<string>;
  arns: ((arn: string) => boolean)[];
  inline: { name: string; type: string; owner: (name: string) => boolean }[];
}

/** A pattern with at most one `*` and any number of `?`, matched regardless of case. */
function namePattern(pattern: string, what: string): (s: string) => boolean {
  // Unconfirmed wording:
  if ((pattern.match(/\*/g) ?? []).length > 1) throw invalidInput(`Invalid ${what}: ${pattern} may contain at most one wildcard (*).`);
  const m = compileGlob(tokenizeGlob(pattern.toLowerCase()));
  return (s) => m(s.toLowerCase());
}

const ARN_PATTERN = /^arn:aws:iam::(\d{12}|aws):policy\/(.+)$/;

function exclusions(input: Input): Exclusions {
  const ex: Exclusions = { types: new Set(), arns: [], inline: [] };
  for (const item of input.structList('PolicyExclusionList')) {
    const arn = item.PolicyArn;
    const type = item.PolicyType;
    const inline = item.InlinePolicyIdentifier;
    if (typeof type === 'string') ex.types.add(type);
    else if (typeof arn === 'string') {
      const m = ARN_PATTERN.exec(arn);
      // Unconfirmed wording:
      if (!m) throw invalidInput(`Invalid PolicyArn: ${arn} is not a valid policy ARN.`);
      const prefix = arn.slice(0, arn.length - (m[2] ?? '').length);
      const rest = namePattern(m[2] ?? '', 'PolicyArn');
      ex.arns.push((a) => a.startsWith(prefix) && rest(a.slice(prefix.length)));
    } else if (inline && typeof inline === 'object' && !Array.isArray(inline) && !(inline instanceof Date) && !(inline instanceof Uint8Array)) {
      const v = inline as StructureValue;
      ex.inline.push({ name: String(v.PolicyName ?? '').toLowerCase(), type: String(v.AttachmentType ?? ''), owner: namePattern(String(v.AttachmentName ?? ''), 'AttachmentName') });
    }
  }
  return ex;
}

function excluded(p: SimPolicy, ex: Exclusions): boolean {
  if (p.kind === 'input') return false;
  if (ex.types.has(p.kind)) return true;
  if (p.arn !== undefined && ex.arns.some((m) => m(p.arn ?? ''))) return true;
  const inl = p.inline;
  return inl !== undefined && ex.inline.some((x) => x.name === inl.name.toLowerCase() && x.type === inl.ownerType && x.owner(inl.ownerName));
}

// ---------------------------------------------------------------------------------------------------------
// Context keys

/** Condition keys and policy variables a document refers to, in the order they appear. */
function contextKeysOf(doc: PolicyDocument): { offset: number; key: string }[] {
  const found: { offset: number; key: string }[] = [];
  const variables = doc.version === '2012-10-17';
  const fromValue = (value: string, offset: number): void => {
    if (!variables || !value.includes('${')) return;
    for (const v of templateVariables(parseTemplate(value))) found.push({ offset, key: v });
  };
  for (const s of doc.statements) {
    for (const r of [...(s.resource ?? []), ...(s.notResource ?? [])]) fromValue(r.value, r.span.start.offset);
    for (const c of s.conditions) {
      found.push({ offset: c.located.span.start.offset, key: c.key });
      for (const v of c.values) fromValue(v.value, v.span.start.offset);
    }
  }
  return found.sort((a, b) => a.offset - b.offset);
}

function contextKeyNames(docs: readonly PolicyDocument[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const d of docs) {
    for (const { key: k } of contextKeysOf(d)) {
      if (seen.has(k.toLowerCase())) continue;
      seen.add(k.toLowerCase());
      out.push(k);
    }
  }
  return out;
}

function contextEntries(input: Input): Record<string, ContextValue> {
  const ctx: Record<string, ContextValue> = {};
  for (const e of input.structList('ContextEntries')) {
    const name = e.ContextKeyName;
    if (typeof name !== 'string') continue;
    const values = Array.isArray(e.ContextKeyValues) ? e.ContextKeyValues.map(String) : [];
    const type = typeof e.ContextKeyType === 'string' ? e.ContextKeyType : 'string';
    // List types stay lists even with one value (ForAnyValue/ForAllValues read them as sets).
    ctx[name] = type.endsWith('List') || values.length !== 1 ? values : (values[0] ?? '');
  }
  return ctx;
}

// ---------------------------------------------------------------------------------------------------------
// Simulation

interface Simulation {
  identity: SimPolicy[];
  boundary?: SimPolicy;
  resource?: SimPolicy;
  scp?: SimPolicy[][];
  /** The simulated caller's ARN, or `*` when there is none (custom policies without CallerArn). */
  caller: string;
  /** Owner of resources whose ARN names no account. */
  resourceOwner?: string;
}

type EvalDecision = 'allowed' | 'explicitDeny' | 'implicitDeny';

const DECISION: Record<Decision['decision'], EvalDecision> = { Allowed: 'allowed', ExplicitlyDenied: 'explicitDeny', ImplicitlyDenied: 'implicitDeny' };
const STRICTNESS: Record<EvalDecision, number> = { allowed: 0, implicitDeny: 1, explicitDeny: 2 };

interface ResourceResult {
  resource: string;
  decision: EvalDecision;
  matched: StructureValue[];
  missing: string[];
  boundaryAllows?: boolean;
  orgsAllow?: boolean;
  details?: Record<string, EvalDecision>;
}

/** A statement as AWS reports it: Start is the column just inside `{`, End the column just after `}`. */
function statementOut(p: SimPolicy, ref: StatementRef, type: string): StructureValue | undefined {
  const st = p.document.statements[ref.statementIndex];
  if (!st) return undefined;
  const { start, end } = st.located.span;
  return { SourcePolicyId: p.id, SourcePolicyType: type, StartPosition: { Line: start.line, Column: start.column + 1 }, EndPosition: { Line: end.line, Column: end.column } };
}

const ACCOUNT_IN_ARN = /^arn:[^:]*:[^:]*:[^:]*:(\d{12})(?::|$)/;

function groupDecision(refs: { allows: StatementRef[]; denies: StatementRef[] }, type: StatementRef['source']['type']): EvalDecision {
  if (refs.denies.some((r) => r.source.type === type)) return 'explicitDeny';
  return refs.allows.some((r) => r.source.type === type) ? 'allowed' : 'implicitDeny';
}

function simulateOne(sim: Simulation, compiled: ReturnType<typeof compilePolicySet>, action: string, resource: string, context: Record<string, ContextValue>): ResourceResult {
  const owner = ACCOUNT_IN_ARN.test(resource) ? undefined : sim.resourceOwner;
  const d = evaluate(compiled, { principal: sim.caller, action, resource, context, ...(owner ? { resourceAccount: owner } : {}) });
  const decision = DECISION[d.decision];
  const { allows, denies } = d.explanation;
  // The statements that decided: the denies of an explicit deny, the allows of an allow; AWS reports only
  // identity and resource policy statements (not the boundary's or the SCPs').
  const deciding = decision === 'explicitDeny' ? denies : decision === 'allowed' ? allows : [];
  const matched: StructureValue[] = [];
  for (const ref of deciding) {
    if (ref.source.type === 'identity') {
      const p = sim.identity[ref.source.index];
      const s = p && statementOut(p, ref, IAM_POLICY);
      if (s) matched.push(s);
    } else if (ref.source.type === 'resource' && sim.resource) {
      const s = statementOut(sim.resource, ref, RESOURCE_POLICY);
      if (s) matched.push(s);
    }
  }
  const r: ResourceResult = { resource, decision, matched, missing: d.explanation.missingContextKeys };
  if (sim.boundary) r.boundaryAllows = groupDecision(d.explanation, 'boundary') === 'allowed';
  if (sim.scp) {
    const levels = sim.scp.length;
    r.orgsAllow = !denies.some((x) => x.source.type === 'scp') && [...Array(levels).keys()].every((l) => allows.some((x) => x.source.type === 'scp' && x.source.level === l));
  }
  if (d.explanation.crossAccount) {
    // Unconfirmed wording: the policy-type labels of EvalDecisionDetails.
    r.details = { [IAM_POLICY]: groupDecision(d.explanation, 'identity'), ...(sim.resource ? { [RESOURCE_POLICY]: groupDecision(d.explanation, 'resource') } : {}) };
  }
  return r;
}

/** ARN templates of the actions' resource types, from the Service Authorization Reference. */
async function resourceTemplates(actions: string[], resources: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (resources.length === 0) return out;
  const services = actions.map((a) => a.split(':')[0] ?? '').filter((s) => s !== '');
  const catalog = await loadCatalog(services, []);
  for (const a of actions) {
    const [service = '', name = ''] = a.split(':');
    const types = catalog.action(service, name)?.resourceTypes ?? [];
    for (const t of types) {
      const template = catalog.resourceType(service, t.name)?.arn;
      if (template && resources.some((r) => templateMatcher(template)(r))) {
        out.set(a.toLowerCase(), template);
        break;
      }
    }
  }
  return out;
}

function templateMatcher(template: string): (arn: string) => boolean {
  const body = template
    .split(/(\$\{[^}]*\})/)
    .map((part) => {
      if (!part.startsWith('${')) return part.replace(/[.*+?^${}()|[\]\\]/g, (c) => `\\${c}`);
      return /^\$\{(Partition|Region|Account)\}$/.test(part) ? '[^:]*' : '.+';
    })
    .join('');
  const re = new RegExp(`^${body}$`);
  return (arn) => re.test(arn);
}

async function runSimulation(input: Input, sim: Simulation): Promise<StructureValue> {
  const all = (ps: SimPolicy[]): CompiledPolicy[] => ps.map((p) => compilePolicy(p.document, p.id));
  const compiled = compilePolicySet({
    identity: all(sim.identity),
    ...(sim.boundary ? { boundary: compilePolicy(sim.boundary.document, sim.boundary.id) } : {}),
    ...(sim.resource ? { resource: compilePolicy(sim.resource.document, sim.resource.id) } : {}),
    ...(sim.scp ? { scp: sim.scp.map(all) } : {}),
  });
  const context = contextEntries(input);
  const actions = input.strList('ActionNames');
  const given = input.strList('ResourceArns');
  // ResourceArns of only `*` is the same as none: one simulation on all resources, without per-resource results.
  const specific = given.length > 0 && !(given.length === 1 && given[0] === '*');
  const resources = specific ? given : ['*'];
  const templates = specific ? await resourceTemplates(actions, given) : new Map<string, string>();

  const results: StructureValue[] = actions.map((action) => {
    const per = resources.map((r) => simulateOne(sim, compiled, action, r, context));
    // One result per action: the most restrictive decision over the resources, with the statements that
    // produced it and every missing key.
    const top = per.reduce<EvalDecision>((acc, r) => (STRICTNESS[r.decision] > STRICTNESS[acc] ? r.decision : acc), 'allowed');
    const matched = uniqueStatements(per.filter((r) => r.decision === top).flatMap((r) => r.matched));
    const missing = [...new Set(per.flatMap((r) => r.missing))];
    const details = mergeDetails(per);
    const boundary = per.some((r) => r.boundaryAllows !== undefined) ? { PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: per.every((r) => r.boundaryAllows !== false) } } : {};
    const orgs = per.some((r) => r.orgsAllow !== undefined) ? { OrganizationsDecisionDetail: { AllowedByOrganizations: per.every((r) => r.orgsAllow !== false) } } : {};
    return {
      EvalActionName: action,
      EvalResourceName: templates.get(action.toLowerCase()) ?? '*',
      EvalDecision: top,
      MatchedStatements: matched,
      MissingContextValues: missing,
      ...orgs,
      ...boundary,
      // Present (empty within one account) when specific resources were simulated; absent for `*`.
      ...(specific || details ? { EvalDecisionDetails: details ?? {} } : {}),
      ...(specific
        ? {
            ResourceSpecificResults: per.map((r) => ({
              EvalResourceName: r.resource,
              EvalResourceDecision: r.decision,
              MatchedStatements: r.matched,
              MissingContextValues: r.missing,
              ...(r.details ? { EvalDecisionDetails: r.details } : {}),
              ...(r.boundaryAllows !== undefined ? { PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: r.boundaryAllows } } : {}),
            })),
          }
        : {}),
    };
  });
  const page = pageArray(
    results.map((r, i) => ({ r, k: String(i).padStart(6, '0') })),
    (x) => x.k,
    input.page(),
  );
  return { EvaluationResults: page.items.map((x) => x.r), ...pageMembers(page) };
}

function uniqueStatements(list: StructureValue[]): StructureValue[] {
  const seen = new Set<string>();
  return list.filter((s) => {
    const k = JSON.stringify(s);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The most restrictive decision per policy type across resources (cross-account simulations only). */
function mergeDetails(per: ResourceResult[]): Record<string, EvalDecision> | undefined {
  let out: Record<string, EvalDecision> | undefined;
  for (const r of per) {
    if (!r.details) continue;
    out ??= {};
    for (const [k, v] of Object.entries(r.details)) {
      const cur = out[k];
      if (cur === undefined || STRICTNESS[v] > STRICTNESS[cur]) out[k] = v;
    }
  }
  return out;
}

/** ResourcePolicy, ResourceOwner and CallerArn, shared by both simulations. */
function resourceSide(input: Input, caller: string | undefined): Pick<Simulation, 'resource' | 'resourceOwner'> {
  const text = input.optStr('ResourcePolicy');
  const owner = input.optStr('ResourceOwner');
  const ownerAccount = owner === undefined ? undefined : (/^arn:[^:]*:iam::(\d{12}):root$/.exec(owner)?.[1] ?? (/^\d{12}$/.test(owner) ? owner : undefined));
  // Unconfirmed wording:
  if (owner !== undefined && ownerAccount === undefined) throw invalidInput(`Invalid ResourceOwner: ${owner} is not an account ARN.`);
  if (text === undefined) return ownerAccount ? { resourceOwner: ownerAccount } : {};
  // The resource policy's Principal needs a caller to match; AWS simulates resource policies for IAM users only.
  if (caller === undefined || !/^arn:aws:iam::\d{12}:user\//.test(caller)) throw invalidInput('Invalid caller - Caller must be an IAM user in this context.');
  return { resource: { id: 'ResourcePolicy', kind: 'input', document: parseOrThrow(text, 'ResourcePolicy') }, ...(ownerAccount ? { resourceOwner: ownerAccount } : {}) };
}

function scpLevels(input: Input): SimPolicy[][] | undefined {
  const levels = input.structList('OrderedOrganizationPolicyInputList');
  if (levels.length === 0) return undefined;
  return levels.map((level, l) => {
    const docs = Array.isArray(level.ServiceControlPolicyInputList) ? level.ServiceControlPolicyInputList.map(String) : [];
    return docs.map((text, i) => {
      const id = `OrderedOrganizationPolicyInputList.${l + 1}.ServiceControlPolicyInputList.${i + 1}`;
      return { id, kind: 'input' as const, document: parseOrThrow(text, id) };
    });
  });
}

const resourceAll = (): { resource: string } => ({ resource: '*' });

function principalAuthz(input: Input, env: IamEnv): { resource: string } {
  const arn = input.str('PolicySourceArn');
  parseSourceArn(arn, env.ctx.caller.accountId);
  return { resource: arn };
}

/** The policies, boundary and caller of SimulatePrincipalPolicy / GetContextKeysForPrincipalPolicy. */
async function principalSimulation(input: Input, { ctx, deps }: IamEnv): Promise<{ entity: SourceEntity; identity: SimPolicy[]; boundary?: SimPolicy }> {
  const { accountId } = ctx.caller;
  const entity = await sourceEntity(deps, accountId, input.str('PolicySourceArn'));
  const ex = exclusions(input);
  const identity = [...(await entityPolicies(deps, accountId, entity)).filter((p) => !excluded(p, ex)), ...inputPolicies(input, 'PolicyInputList')];
  // A boundary given in the request replaces the entity's own.
  const given = inputPolicies(input, 'PermissionsBoundaryPolicyInputList')[0];
  const own = given ? undefined : await entityBoundary(deps, accountId, entity);
  const boundary = given ?? (own && !ex.types.has('permission-boundary') && !excluded(own, { ...ex, types: new Set() }) ? own : undefined);
  return { entity, identity, ...(boundary ? { boundary } : {}) };
}

export const simulatorOperations: OperationTable = {
  GetContextKeysForCustomPolicy: {
    authorize: resourceAll,
    async handle(input) {
      return { ContextKeyNames: contextKeyNames(inputPolicies(input, 'PolicyInputList').map((p) => p.document)) };
    },
  },

  GetContextKeysForPrincipalPolicy: {
    authorize: principalAuthz,
    async handle(input, env) {
      const { accountId } = env.ctx.caller;
      const entity = await sourceEntity(env.deps, accountId, input.str('PolicySourceArn'));
      const docs = [...(await entityPolicies(env.deps, accountId, entity)), ...inputPolicies(input, 'PolicyInputList')].map((p) => p.document);
      return { ContextKeyNames: contextKeyNames(docs) };
    },
  },

  SimulateCustomPolicy: {
    authorize: resourceAll,
    async handle(input) {
      const identity = inputPolicies(input, 'PolicyInputList');
      const boundary = inputPolicies(input, 'PermissionsBoundaryPolicyInputList')[0];
      const caller = input.optStr('CallerArn');
      const scp = scpLevels(input);
      return runSimulation(input, {
        identity,
        ...(boundary ? { boundary } : {}),
        ...resourceSide(input, caller),
        ...(scp ? { scp } : {}),
        caller: caller ?? '*',
      });
    },
  },

  SimulatePrincipalPolicy: {
    authorize: principalAuthz,
    async handle(input, env) {
      const p = await principalSimulation(input, env);
      // The caller defaults to the entity itself; a group can't call anything, so it has no principal.
      const caller = input.optStr('CallerArn') ?? (p.entity.type === 'group' ? undefined : p.entity.arn);
      return runSimulation(input, {
        identity: p.identity,
        ...(p.boundary ? { boundary: p.boundary } : {}),
        ...resourceSide(input, caller),
        caller: caller ?? '*',
      });
    },
  },
};
