/**
 * Access key → secret (for the signature check) and → caller (for everything after it). Decrypted secrets
 * stay in memory only, cached per key until the account changes.
 */
import type { ResolvedCredential } from '../../protocol/sigv4/index.js';
import type { Store } from '../../store/contract.js';
import type { Caller } from '../context.js';
import type { SecretBox } from '../deps.js';
import { CACHE_MAX_AGE_MS, type Generations } from '../generations.js';
import { rootArn } from '../iam/arns.js';
import { dataOf, getData, key, type AccessKeyData, type RoleData, type Tag, type UserData } from '../iam/entities.js';
import { openSession, type SessionClaims } from '../sts/sessions.js';

export interface ResolvedKey extends ResolvedCredential {
  caller: Caller;
  /** The stored access key; absent for temporary credentials, which live only in their session token. */
  record?: AccessKeyData;
}

export interface CredentialResolver {
  lookup(accessKeyId: string, presented: { sessionToken?: string | undefined }): Promise<ResolvedKey | undefined>;
  /**
   * Records that a key signed a request (time, region, service), as GetAccessKeyLastUsed and the credential
   * report show it. Like AWS, at most once per 15 minutes per key, so busy keys don't write on every call.
   */
  noteUse(key: ResolvedKey, when: Date, region: string, service: string): Promise<void>;
}

/** How stale a key's recorded last use may get before a request records it again. */
export const LAST_USED_RESOLUTION_MS = 15 * 60 * 1000;

export function callerTags(tags: readonly { Key: string; Value: string }[]): Record<string, string> {
  const ctx: Record<string, string> = {};
  for (const t of tags) ctx[`aws:PrincipalTag/${t.Key}`] = t.Value;
  return ctx;
}

/**
 * The caller a session token stands for. Role sessions carry the role's tags with the session's tags over
 * them as aws:PrincipalTag/*, the role's ARN (with its path) as aws:PrincipalArn, and the token's issue time.
 */
export function sessionCaller(claims: SessionClaims, accessKeyId: string, roleTags: readonly Tag[]): Caller {
  const tags = new Map<string, Tag>();
  for (const t of roleTags) tags.set(t.Key.toLowerCase(), t);
  for (const t of claims.tags ?? []) tags.set(t.Key.toLowerCase(), t);
  const kind = claims.kind === 'assumed-role' || claims.kind === 'federated-user' ? claims.kind : claims.kind === 'root' ? 'root' : 'user';
  return {
    kind,
    accountId: claims.accountId,
    arn: claims.arn,
    userId: claims.userId,
    accessKeyId,
    temporary: true,
    session: claims,
    ...(claims.userName !== undefined && (kind === 'user' || kind === 'federated-user') ? { userName: claims.userName, userKey: key(claims.userName) } : {}),
    context: {
      ...callerTags([...tags.values()]),
      'aws:TokenIssueTime': new Date(claims.issuedAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      ...(claims.role ? { 'aws:PrincipalArn': claims.role.arn } : {}),
      ...(claims.sourceIdentity !== undefined ? { 'aws:SourceIdentity': claims.sourceIdentity } : {}),
      ...(claims.federationKeys ?? {}),
    },
  };
}

export function createCredentialResolver(deps: { store: Store; secrets: SecretBox; generations: Generations }): CredentialResolver {
  const cache = new Map<string, { generation: number; resolved: ResolvedKey; builtAt: number }>();

  const resolve = async (accessKeyId: string): Promise<ResolvedKey | undefined> => {
    const rec = await deps.store.getById('access-key', accessKeyId);
    if (!rec) return undefined;
    const k = dataOf<AccessKeyData>(rec);
    const accountId = rec.accountId;
    let caller: Caller;
    if (k.UserName === null) {
      caller = { kind: 'root', accountId, arn: rootArn(accountId), userId: accountId, accessKeyId, temporary: false, context: {} };
    } else {
      const u = await getData<UserData>(deps.store, accountId, 'user', '', key(k.UserName));
      if (!u) return undefined;
      caller = { kind: 'user', accountId, arn: u.Arn, userId: u.UserId, userName: u.UserName, userKey: key(u.UserName), accessKeyId, temporary: false, context: callerTags(u.Tags) };
    }
    return { secretAccessKey: deps.secrets.open(k.SecretSealed, accessKeyId), status: k.Status, caller, record: k };
  };

  /**
   * Temporary credentials: everything is in the token. The database is read only to check that the role (or
   * user) the session belongs to still exists as the same entity: sessions of a deleted role stop working.
   */
  const resolveSession = async (accessKeyId: string, token: string | undefined): Promise<ResolvedKey | undefined> => {
    if (token === undefined) return undefined;
    const claims = openSession(deps.secrets, token);
    if (!claims || claims.accessKeyId !== accessKeyId) return undefined;
    let roleTags: Tag[] = [];
    if (claims.role) {
      const role = await getData<RoleData>(deps.store, claims.accountId, 'role', '', key(claims.role.name));
      if (!role || role.RoleId !== claims.role.id) return undefined;
      roleTags = role.Tags;
    } else if (claims.userName !== undefined) {
      if (!(await getData<UserData>(deps.store, claims.accountId, 'user', '', key(claims.userName)))) return undefined;
    }
    return {
      secretAccessKey: claims.secretAccessKey,
      status: 'Active',
      sessionToken: token,
      expiresAt: new Date(claims.expiresAt),
      caller: sessionCaller(claims, accessKeyId, roleTags),
    };
  };

  return {
    async noteUse(resolved, when, region, service) {
      if (!resolved.record) return;
      const prev = resolved.record.LastUsed as { Date: string } | undefined;
      if (prev && when.getTime() - Date.parse(prev.Date) < LAST_USED_RESOLUTION_MS) return;
      const LastUsed = { Date: when.toISOString(), Region: region, Service: service };
      // The cached record learns it at once, so the next requests don't write again.
      resolved.record.LastUsed = LastUsed;
      const id = resolved.record.AccessKeyId;
      await deps.store.transaction(async (tx) => {
        const rec = await tx.getById('access-key', id);
        if (rec) await tx.update({ ...rec, data: { ...rec.data, LastUsed } });
      });
    },
    async lookup(accessKeyId, presented) {
      if (accessKeyId.startsWith('ASIA')) return resolveSession(accessKeyId, presented.sessionToken);
      const hit = cache.get(accessKeyId);
      if (hit && hit.generation === deps.generations.get(hit.resolved.caller.accountId) && Date.now() - hit.builtAt < CACHE_MAX_AGE_MS) return hit.resolved;
      const before = deps.generations.total();
      const resolved = await resolve(accessKeyId);
      if (!resolved || deps.generations.total() !== before) return resolved;
      if (cache.size > 100_000) cache.clear();
      cache.set(accessKeyId, { generation: deps.generations.get(resolved.caller.accountId), resolved, builtAt: Date.now() });
      return resolved;
    },
  };
}
