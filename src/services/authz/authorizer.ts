/**
 * Enforcement: the caller's policies, compiled once and cached per principal, evaluated by the engine for
 * every call. A cached set belongs to its account's generation (src/services/generations.ts): any change in
 * the account makes the next request rebuild it, so a new policy or membership takes effect at once.
 */
import {
  compilePolicy,
  compilePolicySet,
  evaluate,
  parsePolicy,
  type CompiledPolicy,
  type CompiledPolicySet,
  type ContextValue,
  type Decision,
} from '../../policy/index.js';
import type { Store } from '../../store/contract.js';
import type { CallContext, Caller } from '../context.js';
import { CACHE_MAX_AGE_MS, type Generations } from '../generations.js';
import { dataOf, getData, key, principalParent, type AttachmentData, type InlinePolicyData, type PolicyVersionData, type ManagedPolicyData, type UserData, type RoleData } from '../iam/entities.js';
import type { ManagedPolicyCatalog } from '../iam/managed-policies.js';
import { parsePolicyArn } from '../iam/arns.js';

export interface AuthorizerDeps {
  store: Store;
  managedPolicies: ManagedPolicyCatalog;
  generations: Generations;
  /** Reports a stored document that no longer parses (it was validated when stored, so this is a bug). */
  onBadDocument?: (where: string) => void;
}

export interface Authorizer {
  /**
   * Decides `action` on `resource` for the caller, with the request's and the operation's condition keys, and
   * the resource's own policy when it has one (`null`: a policy that allows nothing, for a missing role).
   */
  authorize(ctx: CallContext, action: string, resource: string, extra?: Record<string, ContextValue>, resourcePolicy?: string | null): Promise<Decision>;
  /** The caller's compiled identity policies and boundary (for the simulator and the console). */
  policySet(caller: Caller): Promise<CompiledPolicySet>;
}

// A statement that matches no action: a boundary of only this allows nothing.
const ALLOW_NOTHING = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"*","Resource":"*"}]}';

const ALLOW_ALL = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';

const ALLOWED_AS_ROOT: Decision = { decision: 'Allowed', explanation: { denies: [], allows: [], missingContextKeys: [], crossAccount: false } };

/** One identity policy of a user, group or role, as stored. */
export type PrincipalPolicyText =
  | { kind: 'inline'; name: string; document: string }
  | { kind: 'managed'; name: string; arn: string; awsManaged: boolean; document: string };

type PolicyReadDeps = Pick<AuthorizerDeps, 'store' | 'managedPolicies'>;

/** The default version's document of a managed policy the account can use, or undefined. */
export async function managedPolicyDocument(deps: PolicyReadDeps, accountId: string, arn: string): Promise<string | undefined> {
  const aws = deps.managedPolicies.get(arn);
  if (aws) return aws.versions.find((v) => v.versionId === aws.defaultVersionId)?.document;
  const parsed = parsePolicyArn(arn);
  if (!parsed || parsed.account !== accountId) return undefined;
  const p = await getData<ManagedPolicyData>(deps.store, accountId, 'policy', '', key(parsed.name));
  if (!p) return undefined;
  return (await getData<PolicyVersionData>(deps.store, accountId, 'policy-version', key(parsed.name), p.DefaultVersionId))?.Document;
}

/**
 * The inline and attached policies under `parent` (`user:<key>`, `group:<key>`, `role:<key>`), inline first:
 * the one reading of a principal's policies, shared by enforcement and the policy simulator.
 */
export async function principalPolicyTexts(deps: PolicyReadDeps, accountId: string, parent: string): Promise<PrincipalPolicyText[]> {
  const out: PrincipalPolicyText[] = [];
  for (const r of await deps.store.list({ accountId, kind: 'inline-policy', parent, limit: 1000 })) {
    const p = dataOf<InlinePolicyData>(r);
    out.push({ kind: 'inline', name: p.PolicyName, document: p.PolicyDocument });
  }
  for (const r of await deps.store.list({ accountId, kind: 'attached-policy', parent, limit: 1000 })) {
    const a = dataOf<AttachmentData>(r);
    const document = await managedPolicyDocument(deps, accountId, a.PolicyArn);
    if (document !== undefined) out.push({ kind: 'managed', name: a.PolicyName, arn: a.PolicyArn, awsManaged: deps.managedPolicies.get(a.PolicyArn) !== undefined, document });
  }
  return out;
}

export function createAuthorizer(deps: AuthorizerDeps): Authorizer {
  const { generations } = deps;
  const sets = new Map<string, { generation: number; set: Promise<CompiledPolicySet>; builtAt: number }>();
  // Compiled documents by text: the same AWS managed policy attached to many principals compiles once.
  const compiled = new Map<string, CompiledPolicy | null>();

  const compileText = (text: string, name: string): CompiledPolicy | undefined => {
    let c = compiled.get(text);
    if (c === undefined) {
      const r = parsePolicy(text);
      c = r.ok ? compilePolicy(r.document, name) : null;
      if (!r.ok) deps.onBadDocument?.(name);
      if (compiled.size > 20_000) compiled.clear();
      compiled.set(text, c);
    }
    return c ?? undefined;
  };

  /** Inline and attached policies of one user, group or role. */
  const policiesOf = async (accountId: string, parent: string, out: CompiledPolicy[]): Promise<void> => {
    for (const p of await principalPolicyTexts(deps, accountId, parent)) {
      const c = compileText(p.document, p.kind === 'inline' ? `${parent} inline ${p.name}` : p.arn);
      if (c) out.push(c);
    }
  };

  const compiledNothing = (): CompiledPolicy => {
    const c = compileText(ALLOW_NOTHING, 'allows nothing');
    if (!c) throw new Error('the allow-nothing policy does not compile');
    return c;
  };

  const managedDocument = (accountId: string, arn: string): Promise<string | undefined> => managedPolicyDocument(deps, accountId, arn);

  /** A user's or role's permissions boundary; one that can't be read allows nothing. */
  const boundaryOf = async (accountId: string, arn: unknown): Promise<CompiledPolicy | undefined> => {
    if (typeof arn !== 'string') return undefined;
    const doc = await managedDocument(accountId, arn);
    return (doc !== undefined ? compileText(doc, arn) : undefined) ?? compileText(ALLOW_NOTHING, 'unreadable boundary');
  };

  /** A user's own policies and those of its groups, and its boundary. */
  const userPolicies = async (accountId: string, userName: string, identity: CompiledPolicy[]): Promise<CompiledPolicy | undefined> => {
    const userKey = key(userName);
    const user = await getData<UserData>(deps.store, accountId, 'user', '', userKey);
    if (!user) return undefined;
    await policiesOf(accountId, principalParent('user', user.UserName), identity);
    for (const m of await deps.store.listByKey(accountId, 'group-member', userKey)) await policiesOf(accountId, `group:${m.parent}`, identity);
    return boundaryOf(accountId, user.PermissionsBoundary);
  };

  /**
   * The policy set of a caller. Role sessions: the role's policies and boundary, limited by the session's
   * policies. Federated users: the IAM user's policies, limited by the policies passed to GetFederationToken (none
   * passed: no permissions). GetSessionToken sessions: the user's own policies. Scoped credentials
   * (GetScopedCredentials) of any of these: further limited by each scope-down policy of their chain.
   */
  const build = async (caller: Caller): Promise<CompiledPolicySet> => {
    const { accountId, session } = caller;
    const identity: CompiledPolicy[] = [];
    let boundary: CompiledPolicy | undefined;
    if (session?.role) {
      await policiesOf(accountId, principalParent('role', session.role.name), identity);
      const role = await getData<RoleData>(deps.store, accountId, 'role', '', key(session.role.name));
      boundary = await boundaryOf(accountId, role?.PermissionsBoundary);
    } else if (caller.userName !== undefined) boundary = await userPolicies(accountId, caller.userName, identity);
    // A federated user of the root user: root holds every permission, so the passed policies alone decide.
    else if (session?.kind === 'federated-user') identity.push(compileText(ALLOW_ALL, 'root') ?? compiledNothing());
    // Session policies limit role and federated sessions; a federated user passed none has no permissions.
    const sessionPolicies: CompiledPolicy[] = [];
    const limited = session?.kind === 'assumed-role' || session?.kind === 'federated-user';
    const passed = session?.policy !== undefined || (session?.policyArns ?? []).length > 0;
    const sessionLayer = limited && (passed || session?.kind === 'federated-user');
    if (sessionLayer && session) {
      const inline = session.policy !== undefined ? compileText(session.policy, 'session policy') : undefined;
      if (inline) sessionPolicies.push(inline);
      for (const arn of session.policyArns ?? []) {
        const doc = await managedDocument(accountId, arn);
        const c = doc !== undefined ? compileText(doc, arn) : undefined;
        if (c) sessionPolicies.push(c);
      }
    }
    // GetScopedCredentials' scope-down policies: layers of their own on any kind of session.
    const scopeDown = (session?.scopeDown ?? []).map((text, i) => compileText(text, `scope-down policy ${i + 1}`) ?? compiledNothing());
    return compilePolicySet({
      identity,
      ...(boundary ? { boundary } : {}),
      ...(sessionLayer ? { session: sessionPolicies } : {}),
      ...(scopeDown.length > 0 ? { scopeDown } : {}),
    });
  };

  const policySet = (caller: Caller): Promise<CompiledPolicySet> => {
    const generation = generations.get(caller.accountId);
    // Sessions of one principal differ in their session policies: each session is its own entry.
    const cacheKey = `${caller.accountId}\u0000${caller.arn}\u0000${caller.session ? caller.accessKeyId : ''}`;
    const hit = sets.get(cacheKey);
    const now = Date.now();
    if (hit && hit.generation === generation && now - hit.builtAt < CACHE_MAX_AGE_MS) return hit.set;
    const before = generations.total();
    const set = build(caller);
    if (sets.size > 50_000) sets.clear();
    sets.set(cacheKey, { generation, set, builtAt: now });
    // A build that failed, or that overlapped a change, must not stay cached.
    set.then(
      () => {
        if (generations.total() !== before) sets.delete(cacheKey);
      },
      () => sets.delete(cacheKey),
    );
    return set;
  };

  return {
    policySet,
    async authorize(ctx, action, resource, extra, resourcePolicy) {
      const { caller } = ctx;
      // The root user holds every permission in its own account; no IAM policy applies to it, save the
      // scope-down policies of a root session's scoped credentials (the engine grants root the rest).
      if (caller.kind === 'root' && resourcePolicy === undefined && !caller.session?.scopeDown?.length) return ALLOWED_AS_ROOT;
      let set = await policySet(caller);
      if (resourcePolicy !== undefined) {
        // The resource's own policy (a role's trust policy) joins the caller's set for this one request.
        const own = resourcePolicy === null ? compiledNothing() : (compileText(resourcePolicy, `resource policy of ${resource}`) ?? compiledNothing());
        set = { ...set, ...compilePolicySet({ resource: own }) };
      }
      const mfaAt = caller.session?.mfaAuthenticatedAt;
      const context: Record<string, ContextValue> = {
        'aws:userid': caller.userId,
        'aws:SourceIp': ctx.sourceIp,
        'aws:CurrentTime': ctx.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        'aws:EpochTime': String(Math.floor(ctx.now.getTime() / 1000)),
        'aws:SecureTransport': ctx.secureTransport ? 'true' : 'false',
        'aws:RequestedRegion': ctx.region,
        'aws:UserAgent': ctx.userAgent,
        ...caller.context,
        // Temporary credentials say whether MFA was used (and how long ago); long-term keys carry neither key.
        ...(caller.session ? { 'aws:MultiFactorAuthPresent': mfaAt !== undefined ? 'true' : 'false' } : {}),
        ...(mfaAt !== undefined ? { 'aws:MultiFactorAuthAge': String(Math.max(0, Math.floor((ctx.now.getTime() - mfaAt) / 1000))) } : {}),
        ...extra,
      };
      return evaluate(set, { principal: caller.arn, action, resource, context });
    },
  };
}
