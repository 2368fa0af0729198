/**
 * AWS's policy evaluation logic over compiled policy groups: explicit deny anywhere wins; every RCP and SCP
 * level must allow; a same-account resource policy that names the caller grants on its own; otherwise the
 * identity policies must allow, and the permissions boundary and session policies must allow too; across
 * accounts the resource policy must allow as well. Each scope-down layer of a GetScopedCredentials session
 * must allow every request, like an SCP level, resource-policy grants included.
 */
import { evaluateCondition, FAILED_MISSING_KEY, PASSED } from '../condition/index.js';
import { matchTokens, normalizeTokens } from '../match/glob.js';
import { excludedByNotPrincipal, matchPrincipal, parsePrincipal, type PrincipalMatch, type RequestPrincipal } from '../match/principal.js';
import { resolveGlob } from '../match/variables.js';
import { PolicyGroup, type CompiledPolicy, type CompiledStatement, type GroupStatement } from './compile.js';
import { principalArnOf, RequestContext } from './context.js';
import { resourcePolicyRequired } from './quirks.js';
import type { AuthzRequest, Decision, EvaluatedPolicyType, Explanation, StatementRef } from './request.js';

/** Policies of a request, by type, already compiled. Absent types take no part in the evaluation. */
export interface PolicySetInput {
  identity?: readonly CompiledPolicy[];
  resource?: CompiledPolicy;
  boundary?: CompiledPolicy;
  session?: readonly CompiledPolicy[];
  /**
   * The scope-down policies of a GetScopedCredentials session, oldest first. Each is a layer of session policy
   * of its own: every one must allow, where the policies of `session` need only one of them to.
   */
  scopeDown?: readonly CompiledPolicy[];
  /** SCP levels from the organization root down to the account; each level is a list of policies. */
  scp?: readonly (readonly CompiledPolicy[])[];
  rcp?: readonly (readonly CompiledPolicy[])[];
}

export interface CompiledPolicySet {
  identity?: PolicyGroup;
  resource?: PolicyGroup;
  boundary?: PolicyGroup;
  session?: PolicyGroup;
  scopeDown?: PolicyGroup[];
  scp?: PolicyGroup[];
  rcp?: PolicyGroup[];
}

/**
 * Builds the indexed form of a principal's policies; build it once per principal and reuse it.
 * @example evaluate(compilePolicySet({ identity: [compilePolicy(doc)] }), { principal, action, resource })
 */
export function compilePolicySet(input: PolicySetInput): CompiledPolicySet {
  const set: CompiledPolicySet = {};
  if (input.identity) set.identity = new PolicyGroup(input.identity, (index) => ({ type: 'identity', index }));
  if (input.resource) set.resource = new PolicyGroup([input.resource], () => ({ type: 'resource' }));
  if (input.boundary) set.boundary = new PolicyGroup([input.boundary], () => ({ type: 'boundary' }));
  if (input.session) set.session = new PolicyGroup(input.session, (index) => ({ type: 'session', index }));
  if (input.scopeDown) set.scopeDown = input.scopeDown.map((p, layer) => new PolicyGroup([p], (index) => ({ type: 'session', index, layer })));
  if (input.scp) set.scp = input.scp.map((level, l) => new PolicyGroup(level, (index) => ({ type: 'scp', level: l, index })));
  if (input.rcp) set.rcp = input.rcp.map((level, l) => new PolicyGroup(level, (index) => ({ type: 'rcp', level: l, index })));
  return set;
}

const ACCOUNT = /^\d{12}$/;

function accountOfArn(arn: string): string | undefined {
  if (!arn.startsWith('arn:')) return undefined;
  let from = 0;
  for (let i = 0; i < 4; i++) {
    const at = arn.indexOf(':', from);
    if (at < 0) return undefined;
    from = at + 1;
  }
  const end = arn.indexOf(':', from);
  const acct = arn.slice(from, end < 0 ? undefined : end);
  return ACCOUNT.test(acct) ? acct : undefined;
}

interface KnownPrincipal {
  principal: RequestPrincipal;
  arn: string;
}

// Principals repeat from request to request; reading an ARN is the costliest step of a simple decision.
const principals = new Map<string, KnownPrincipal>();
const PRINCIPAL_CACHE_LIMIT = 10_000;

function knownPrincipal(raw: string): KnownPrincipal {
  let k = principals.get(raw);
  if (!k) {
    const principal = parsePrincipal(raw);
    k = { principal, arn: principalArnOf(principal) };
    // INVARIANT: the cache only saves work; clearing it never changes a decision.
    if (principals.size >= PRINCIPAL_CACHE_LIMIT) principals.clear();
    principals.set(raw, k);
  }
  return k;
}

/** Per-request state shared by the groups: the context and what the explanation collects. */
class Scope {
  readonly ctx: RequestContext;
  readonly principal: RequestPrincipal;
  missingKeys: Set<string> | undefined;
  /** Whether the caller has a permissions boundary (it changes how a Deny with NotPrincipal applies). */
  hasBoundary = false;

  constructor(
    readonly request: AuthzRequest,
    private readonly known: KnownPrincipal,
  ) {
    this.principal = known.principal;
    this.ctx = new RequestContext(request.context, known.principal);
  }

  /** The caller's aws:PrincipalArn as the request context has it (it may carry the role's path). */
  contextPrincipalArn(): string {
    return this.ctx.lookup('aws:principalarn') ?? this.known.arn;
  }
}

function resourceMatches(cs: CompiledStatement, resource: string, scope: Scope): boolean {
  const patterns = cs.resources;
  if (!patterns) return true;
  let any = false;
  for (const p of patterns) {
    let hit: boolean;
    if (p.kind === 'static') hit = p.match(resource);
    else {
      const tokens = resolveGlob(p.template, scope.ctx.lookup);
      // A variable without a value: the statement does not apply, for Resource and NotResource alike.
      if (!tokens) return false;
      hit = matchTokens(normalizeTokens(tokens), resource);
    }
    if (hit) {
      any = true;
      break;
    }
  }
  return any !== cs.notResource;
}

function conditionsHold(cs: CompiledStatement, scope: Scope): boolean {
  for (const c of cs.conditions) {
    const r = evaluateCondition(c, scope.ctx);
    if (r === PASSED) continue;
    if (r === FAILED_MISSING_KEY) (scope.missingKeys ??= new Set()).add(c.key);
    return false;
  }
  return true;
}

interface GroupResult {
  allows: StatementRef[] | undefined;
  denies: StatementRef[] | undefined;
  /** For resource policies: the strongest way an Allow named the caller. */
  grant: PrincipalMatch | undefined;
}

const GRANT_RANK: Record<PrincipalMatch, number> = { account: 1, role: 2, wildcard: 3, direct: 4 };

function evaluateGroup(group: PolicyGroup, scope: Scope, withPrincipal: boolean): GroupResult {
  let allows: StatementRef[] | undefined;
  let denies: StatementRef[] | undefined;
  let grant: PrincipalMatch | undefined;
  const { action, resource } = scope.request;
  const cands: readonly GroupStatement[] = group.candidates(action);
  for (const e of cands) {
    const cs = e.compiled;
    let match: PrincipalMatch | undefined;
    if (withPrincipal) {
      if (cs.principal) {
        match = matchPrincipal(cs.principal, scope.principal, scope.contextPrincipalArn());
        if (!match) continue;
      } else if (cs.notPrincipal) {
        // AWS documents that a Deny with NotPrincipal always denies a principal that has a permissions
        // boundary, whatever the NotPrincipal element names.
        const exempt = !(cs.effect === 'Deny' && scope.hasBoundary) && excludedByNotPrincipal(cs.notPrincipal, scope.principal, scope.contextPrincipalArn());
        if (exempt) continue;
        match = 'wildcard';
      } else continue; // a resource policy statement names no one: it applies to no one
    }
    if (!resourceMatches(cs, resource, scope)) continue;
    if (cs.conditions.length > 0 && !conditionsHold(cs, scope)) continue;
    if (cs.effect === 'Deny') (denies ??= []).push(e.ref);
    else {
      (allows ??= []).push(e.ref);
      if (match && (!grant || GRANT_RANK[match] > GRANT_RANK[grant])) grant = match;
    }
  }
  return { allows, denies, grant };
}

function collect(r: GroupResult, allows: StatementRef[], denies: StatementRef[]): void {
  if (r.allows) for (const a of r.allows) allows.push(a);
  if (r.denies) for (const d of r.denies) denies.push(d);
}

const EMPTY: GroupResult = { allows: undefined, denies: undefined, grant: undefined };

/**
 * Decides one request.
 * @example evaluate(set, { principal: 'arn:aws:iam::111122223333:user/alice', action: 'iam:CreateUser', resource: '*' }).decision
 */
export function evaluate(set: CompiledPolicySet, request: AuthzRequest): Decision {
  const scope = new Scope(request, knownPrincipal(request.principal));
  scope.hasBoundary = set.boundary !== undefined;
  const principal = scope.principal;
  const resourceAccount = request.resourceAccount ?? accountOfArn(request.resource) ?? principal.account;
  const crossAccount = principal.account !== undefined && resourceAccount !== undefined && principal.account !== resourceAccount;

  const identity = set.identity ? evaluateGroup(set.identity, scope, false) : EMPTY;
  const resource = set.resource ? evaluateGroup(set.resource, scope, true) : EMPTY;
  const boundary = set.boundary ? evaluateGroup(set.boundary, scope, false) : undefined;
  const session = set.session ? evaluateGroup(set.session, scope, false) : undefined;
  const scopeDown = set.scopeDown?.map((g) => evaluateGroup(g, scope, false));
  const scp = set.scp?.map((g) => evaluateGroup(g, scope, false));
  const rcp = set.rcp?.map((g) => evaluateGroup(g, scope, false));

  const allows: StatementRef[] = [];
  const denies: StatementRef[] = [];
  if (rcp) for (const r of rcp) collect(r, allows, denies);
  if (scp) for (const r of scp) collect(r, allows, denies);
  collect(resource, allows, denies);
  collect(identity, allows, denies);
  if (boundary) collect(boundary, allows, denies);
  if (session) collect(session, allows, denies);
  if (scopeDown) for (const r of scopeDown) collect(r, allows, denies);

  const explain = (missing?: Explanation['missingAllow']): Explanation => ({
    denies,
    allows,
    missingContextKeys: scope.missingKeys ? [...scope.missingKeys].sort() : [],
    crossAccount,
    ...(missing ? { missingAllow: missing } : {}),
  });
  const implicit = (type: EvaluatedPolicyType, level?: number): Decision => ({
    decision: 'ImplicitlyDenied',
    explanation: explain(level === undefined ? { type } : { type, level }),
  });

  if (denies.length > 0) return { decision: 'ExplicitlyDenied', explanation: explain() };
  if (rcp) for (let l = 0; l < rcp.length; l++) if (!rcp[l]?.allows) return implicit('rcp', l);
  if (scp) for (let l = 0; l < scp.length; l++) if (!scp[l]?.allows) return implicit('scp', l);
  // Scoped credentials never hold more than their scope-down policies allow, whatever grants it, like SCPs:
  // checked before a resource policy's grant of its own.
  if (scopeDown) {
    for (let layer = 0; layer < scopeDown.length; layer++) {
      if (!scopeDown[layer]?.allows) return { decision: 'ImplicitlyDenied', explanation: explain({ type: 'session', layer }) };
    }
  }

  const grant = resource.grant;
  // Across accounts, and for resources whose own policy is the gate (a role's trust policy), the resource
  // policy must allow as well as the identity side.
  const resourceMustAllow = crossAccount || (set.resource !== undefined && resourcePolicyRequired(request.action, request.resource));
  if (!crossAccount && (grant === 'direct' || grant === 'wildcard')) {
    // A same-account resource policy that names the caller itself (user ARN, session ARN) or everyone grants
    // on its own: an implicit deny in the identity policies, boundary or session policies doesn't limit it.
    return { decision: 'Allowed', explanation: explain() };
  }
  // The root user of the account holds every permission of the account without identity policies.
  const rootOfResourceAccount = principal.kind === 'root' && !crossAccount;
  // Within an account, a resource policy naming the session's role adds to the role's own permissions,
  // which the boundary and the session policies then limit.
  const identityAllows = Boolean(identity.allows) || rootOfResourceAccount || (!crossAccount && grant === 'role');
  if (resourceMustAllow && !resource.allows) return implicit('resource');
  if (!identityAllows) return implicit('identity');
  if (boundary && !boundary.allows && !rootOfResourceAccount) return implicit('boundary');
  if (session && !session.allows) return implicit('session');
  return { decision: 'Allowed', explanation: explain() };
}
