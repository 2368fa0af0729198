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
import type { Generations } from '../generations.js';
import { dataOf, getData, key, principalParent, type AttachmentData, type InlinePolicyData, type PolicyVersionData, type ManagedPolicyData, type UserData } from '../iam/entities.js';
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
  /** Decides `action` on `resource` for the caller, with the request's and the operation's condition keys. */
  authorize(ctx: CallContext, action: string, resource: string, extra?: Record<string, ContextValue>): Promise<Decision>;
  /** The caller's compiled identity policies and boundary (for the simulator and the console). */
  policySet(caller: Caller): Promise<CompiledPolicySet>;
}

// A statement that matches no action: a boundary of only this allows nothing.
const ALLOW_NOTHING = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"*","Resource":"*"}]}';

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
  const sets = new Map<string, { generation: number; set: Promise<CompiledPolicySet> }>();
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

  const managedDocument = (accountId: string, arn: string): Promise<string | undefined> => managedPolicyDocument(deps, accountId, arn);

  const build = async (caller: Caller): Promise<CompiledPolicySet> => {
    const { accountId } = caller;
    const identity: CompiledPolicy[] = [];
    let boundary: CompiledPolicy | undefined;
    if (caller.kind === 'user' && caller.userName !== undefined) {
      const userKey = key(caller.userName);
      const user = await getData<UserData>(deps.store, accountId, 'user', '', userKey);
      if (user) {
        await policiesOf(accountId, principalParent('user', user.UserName), identity);
        for (const m of await deps.store.listByKey(accountId, 'group-member', userKey)) await policiesOf(accountId, `group:${m.parent}`, identity);
        if (typeof user.PermissionsBoundary === 'string') {
          const doc = await managedDocument(accountId, user.PermissionsBoundary);
          // A boundary that can't be read allows nothing, as a boundary that allows nothing would.
          boundary = (doc !== undefined ? compileText(doc, user.PermissionsBoundary) : undefined) ?? compileText(ALLOW_NOTHING, 'unreadable boundary') ?? undefined;
        }
      }
    }
    return compilePolicySet({ identity, ...(boundary ? { boundary } : {}) });
  };

  const policySet = (caller: Caller): Promise<CompiledPolicySet> => {
    const generation = generations.get(caller.accountId);
    const cacheKey = `${caller.accountId}\u0000${caller.arn}`;
    const hit = sets.get(cacheKey);
    if (hit && hit.generation === generation) return hit.set;
    const before = generations.total();
    const set = build(caller);
    if (sets.size > 50_000) sets.clear();
    sets.set(cacheKey, { generation, set });
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
    async authorize(ctx, action, resource, extra) {
      const { caller } = ctx;
      // The root user holds every permission in its own account; no IAM policy applies to it.
      if (caller.kind === 'root') return ALLOWED_AS_ROOT;
      const set = await policySet(caller);
      const context: Record<string, ContextValue> = {
        'aws:userid': caller.userId,
        'aws:SourceIp': ctx.sourceIp,
        'aws:CurrentTime': ctx.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        'aws:EpochTime': String(Math.floor(ctx.now.getTime() / 1000)),
        'aws:SecureTransport': ctx.secureTransport ? 'true' : 'false',
        'aws:RequestedRegion': ctx.region,
        'aws:UserAgent': ctx.userAgent,
        ...caller.context,
        ...extra,
      };
      return evaluate(set, { principal: caller.arn, action, resource, context });
    },
  };
}
