/**
 * Tag, Untag and ListTags for every taggable IAM entity: one implementation, parameterised by how the entity is
 * found, authorized and updated, and by the tag rules of its family.
 */
import { invalidInput } from '../../errors.js';
import type { Input } from '../../input.js';
import { mergeTags, removeTags, requestTagContext } from '../common.js';
import type { Tag } from '../entities.js';
import type { AuthzTarget, IamEnv, OperationDef } from '../operation.js';
import { mergeExactTags, removeExactTags, requireSomeTags, requireTagKeys, requireTags, sortedTags } from './x509.js';

/** How a family of entities compares tag keys, and what TagX/UntagX check before the entity is looked up. */
export interface TagKeyRules {
  checkTags?(tags: readonly Tag[]): void;
  checkKeys?(keys: readonly string[]): void;
  /** The entity's tags with `added` set; throws InvalidInput/LimitExceeded. */
  merge(existing: readonly Tag[], added: readonly Tag[]): Tag[];
  remove(existing: readonly Tag[], keys: readonly string[]): Tag[];
}

/**
 * OIDC and SAML providers, server certificates: `Team` and `team` are two tags (observed on AWS). The request is
 * checked before the lookup, so invalid tags on a missing provider answer InvalidInput, and empty lists are refused.
 */
export const EXACT_KEYS: TagKeyRules = { checkTags: requireTags, checkKeys: requireTagKeys, merge: mergeExactTags, remove: removeExactTags };

/**
 * Users, roles, customer managed policies, instance profiles and MFA devices: a key is unique regardless of case.
 * Empty lists are refused before the lookup, as for providers (AWS answers InvalidInput for roles and policies);
 * the tags themselves are checked by `merge`, once the entity is found, so a missing entity answers
 * NoSuchEntity for invalid tags.
 */
export const CASELESS_KEYS: TagKeyRules = { checkTags: requireSomeTags, checkKeys: requireTagKeys, merge: mergeTags, remove: removeTags };

export interface Taggable {
  /** The input member naming the entity (an ARN, a name or a serial number). */
  member: string;
  /**
   * What ListTags is authorized against: the entity's resource, its aws:ResourceTag keys, and how AccessDenied
   * names it. TagX/UntagX use the resource and context only (their AccessDenied names the ARN).
   */
  authz(input: Input, env: IamEnv): Promise<AuthzTarget>;
  /** The entity's tags in the order they were added; throws NoSuchEntity when it doesn't exist. */
  tags(env: IamEnv, id: string): Promise<Tag[]>;
  /** Replaces the entity's tags in one transaction; throws NoSuchEntity when it doesn't exist. */
  updateTags(env: IamEnv, id: string, change: (tags: Tag[]) => Tag[]): Promise<void>;
  keys: TagKeyRules;
  /** Whether ListTags sorts by key (identity providers) or keeps the order the tags were added in. */
  sortList: boolean;
}

/**
 * The TagX, UntagX and ListXTags operations of one entity.
 *
 * @example
 *   const profileTags = tagOperations({ member: 'InstanceProfileName', authz, tags, updateTags, keys: CASELESS_KEYS, sortList: false });
 *   const table = { TagInstanceProfile: profileTags.tag, UntagInstanceProfile: profileTags.untag, ListInstanceProfileTags: profileTags.list };
 */
export function tagOperations(e: Taggable): { tag: OperationDef; untag: OperationDef; list: OperationDef } {
  return {
    tag: {
      async authorize(input, env) {
        const t = await e.authz(input, env);
        return { resource: t.resource, context: { ...t.context, ...requestTagContext(input.tags()) } };
      },
      async handle(input, env) {
        const tags = input.tags();
        e.keys.checkTags?.(tags);
        await e.updateTags(env, input.str(e.member), (existing) => e.keys.merge(existing, tags));
        return undefined;
      },
    },
    untag: {
      async authorize(input, env) {
        const t = await e.authz(input, env);
        return { resource: t.resource, context: { ...t.context, 'aws:TagKeys': input.strList('TagKeys') } };
      },
      async handle(input, env) {
        const keys = input.strList('TagKeys');
        e.keys.checkKeys?.(keys);
        await e.updateTags(env, input.str(e.member), (existing) => e.keys.remove(existing, keys));
        return undefined;
      },
    },
    list: {
      authorize: (input, env) => e.authz(input, env),
      async handle(input, env) {
        const tags = await e.tags(env, input.str(e.member));
        const listed = e.sortList ? sortedTags(tags) : tags.map((t) => ({ Key: t.Key, Value: t.Value }));
        const { maxItems, marker } = input.page();
        const start = markerStart(marker, listed.length);
        const truncated = start + maxItems < listed.length;
        return { Tags: listed.slice(start, start + maxItems), IsTruncated: truncated, ...(truncated ? { Marker: String(start + maxItems) } : {}) };
      },
    },
  };
}

/**
 * The index of the first tag of a page. The Marker is the index ListTags handed out; anything else (not an index,
 * or past the end) is refused like any other list's marker it didn't hand out.
 */
function markerStart(marker: string | undefined, count: number): number {
  if (marker === undefined) return 0;
  const start = Number(marker);
  if (!/^\d+$/.test(marker) || start > count) throw invalidInput('Invalid Marker.');
  return start;
}
