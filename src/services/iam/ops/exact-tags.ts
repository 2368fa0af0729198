/**
 * Tag, Untag and ListTags for the entities whose tag keys are case-sensitive (OIDC and SAML providers, server
 * certificates): one implementation, parameterised by how the entity is found, authorized and updated.
 */
import type { ContextValue } from '../../../policy/index.js';
import { requestTagContext } from '../common.js';
import type { Tag } from '../entities.js';
import type { IamEnv, OperationDef } from '../operation.js';
import type { Input } from '../../input.js';
import { mergeExactTags, removeExactTags, requireTagKeys, requireTags, sortedTags, tagPage } from './x509.js';

export interface ExactlyTagged {
  /** The input member naming the entity (an ARN or a name). */
  member: string;
  /** The resource the entity's calls are authorized against, with its aws:ResourceTag keys. */
  authz(input: Input, env: IamEnv): Promise<{ resource: string; context?: Record<string, ContextValue> }>;
  /** The entity's tags; throws NoSuchEntity when it doesn't exist. */
  tags(env: IamEnv, id: string): Promise<Tag[]>;
  /** Replaces the entity's tags in one transaction; throws NoSuchEntity when it doesn't exist. */
  updateTags(env: IamEnv, id: string, change: (tags: Tag[]) => Tag[]): Promise<void>;
  /** Whether ListTags sorts by key (providers) or keeps the order they were added in (certificates). */
  sortList: boolean;
}

export function exactTagOperations(e: ExactlyTagged): { tag: OperationDef; untag: OperationDef; list: OperationDef } {
  return {
    tag: {
      async authorize(input, env) {
        const t = await e.authz(input, env);
        return { resource: t.resource, context: { ...t.context, ...requestTagContext(input.tags()) } };
      },
      async handle(input, env) {
        const tags = input.tags();
        requireTags(tags);
        await e.updateTags(env, input.str(e.member), (existing) => mergeExactTags(existing, tags));
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
        requireTagKeys(keys);
        await e.updateTags(env, input.str(e.member), (existing) => removeExactTags(existing, keys));
        return undefined;
      },
    },
    list: {
      authorize: (input, env) => e.authz(input, env),
      async handle(input, env) {
        const tags = await e.tags(env, input.str(e.member));
        return tagPage(e.sortList ? sortedTags(tags) : tags.map((t) => ({ Key: t.Key, Value: t.Value })), input.page());
      },
    },
  };
}
