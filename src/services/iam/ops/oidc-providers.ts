/**
 * OpenID Connect identity providers: Create/Get/List/Delete, client IDs, thumbprints and tags.
 *
 * Record: kind `oidc-provider`, parent `''`, key = the URL without its scheme, host lower-cased
 * (`example.com/path/`): the form STS AssumeRoleWithWebIdentity derives from a token's `iss` claim.
 * Data: {@link OidcProviderData}; `Url` is the URL as IAM reports it (no scheme, host as given).
 *
 * Behaviour observed on AWS and kept here: a default port `:443` is dropped, a trailing slash makes a
 * different provider, duplicate client IDs collapse (first position wins), thumbprints are stored
 * lower-case and not de-duplicated, tag keys are case-sensitive and tags are listed in key order.
 */
import type { JsonObject, RecordWriter } from '../../../store/contract.js';
import { isStoreError } from '../../../store/errors.js';
import type { AwsError} from '../../errors.js';
import { alreadyExists, invalidInput, limitExceeded, noSuchEntity, validationError } from '../../errors.js';
import type { Input } from '../../input.js';
import { date, requestTagContext, resourceTagContext } from '../common.js';
import { dataOf, type Tag } from '../entities.js';
import type { IamEnv, OperationTable } from '../operation.js';
import { EXACT_KEYS, tagOperations } from './tag-operations.js';
import { checkExactTags, sortedTags } from './x509.js';

export const OIDC_PROVIDERS_PER_ACCOUNT = 100;
export const CLIENT_IDS_PER_PROVIDER = 100;
export const THUMBPRINTS_PER_PROVIDER = 5;

export interface OidcProviderData extends JsonObject {
  Arn: string;
  /** The issuer URL without `https://`, as IAM reports it. */
  Url: string;
  ClientIDList: string[];
  ThumbprintList: string[];
  CreateDate: string;
  Tags: Tag[];
}

export const oidcProviderArn = (account: string, url: string): string => `arn:aws:iam::${account}:oidc-provider/${url}`;

/** The record key of a provider URL without scheme: the host lower-cased, the path as given. */
export function oidcProviderKey(urlWithoutScheme: string): string {
  const slash = urlWithoutScheme.indexOf('/');
  return slash < 0 ? urlWithoutScheme.toLowerCase() : urlWithoutScheme.slice(0, slash).toLowerCase() + urlWithoutScheme.slice(slash);
}

/** The URL as IAM stores it, or the error AWS answers for it. */
function normalizeUrl(url: string): string {
  const m = /^https:\/\/(.*)$/i.exec(url);
  if (!m) throw validationError('Invalid Open ID Connect Provider URL');
  const rest = m[1] ?? '';
  // Query strings and fragments are refused with this (sic) message on AWS.
  if (rest.includes('?') || rest.includes('#')) throw invalidInput('Unknown');
  const slash = rest.indexOf('/');
  let host = slash < 0 ? rest : rest.slice(0, slash);
  const path = slash < 0 ? '' : rest.slice(slash);
  if (host.endsWith(':443')) host = host.slice(0, -4);
  if (host === '' || /[\s@]/.test(host) || !/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(host)) throw validationError('Invalid Open ID Connect Provider URL');
  return host + path;
}

function checkThumbprints(list: readonly string[]): string[] {
  if (list.length > THUMBPRINTS_PER_PROVIDER) throw invalidInput(`Thumbprint list must contain fewer than ${THUMBPRINTS_PER_PROVIDER} entries.`);
  return list.map((t) => t.toLowerCase());
}

function uniqueClientIds(list: readonly string[]): string[] {
  const out = [...new Set(list)];
  if (out.length > CLIENT_IDS_PER_PROVIDER) throw limitExceeded(`Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: ${CLIENT_IDS_PER_PROVIDER}`);
  return out;
}

/** The key an ARN names in the caller's account, or undefined when it names none there. */
function keyOfArn(arn: string, accountId: string): string | undefined {
  const m = /^arn:aws:iam::(\d{12}):oidc-provider\/(.+)$/.exec(arn);
  if (!m) return undefined;
  if (m[1] !== accountId) return undefined;
  return oidcProviderKey(m[2] ?? '');
}

const notFound = (arn: string): AwsError => noSuchEntity(`OpenIDConnect Provider not found for arn ${arn}`);

async function load(env: IamEnv, arn: string): Promise<OidcProviderData | undefined> {
  const k = keyOfArn(arn, env.ctx.caller.accountId);
  if (k === undefined) return undefined;
  const rec = await env.deps.store.get(env.ctx.caller.accountId, 'oidc-provider', '', k);
  return rec ? dataOf<OidcProviderData>(rec) : undefined;
}

/** Authorized against the ARN as given, with the provider's tags when it exists. */
async function arnAuthz(input: Input, env: IamEnv): Promise<{ resource: string; context: ReturnType<typeof resourceTagContext> }> {
  const arn = input.str('OpenIDConnectProviderArn');
  const p = await load(env, arn);
  return { resource: arn, context: resourceTagContext(p?.Tags) };
}

/** Runs `change` on the locked provider and writes the result. */
async function update(env: IamEnv, arn: string, change: (p: OidcProviderData) => OidcProviderData): Promise<void> {
  const { accountId } = env.ctx.caller;
  const k = keyOfArn(arn, accountId);
  if (k === undefined) throw notFound(arn);
  await env.deps.store.transaction(async (tx: RecordWriter) => {
    const rec = await tx.lock(accountId, 'oidc-provider', '', k);
    if (!rec) throw notFound(arn);
    await tx.update({ ...rec, data: change(dataOf<OidcProviderData>(rec)) });
  });
}

const oidcTags = tagOperations({
  member: 'OpenIDConnectProviderArn',
  authz: arnAuthz,
  async tags(env, arn) {
    const p = await load(env, arn);
    if (!p) throw notFound(arn);
    return p.Tags;
  },
  updateTags: (env, arn, change) => update(env, arn, (p) => ({ ...p, Tags: change(p.Tags) })),
  keys: EXACT_KEYS,
  sortList: true,
});

export const oidcProviderOperations: OperationTable = {
  CreateOpenIDConnectProvider: {
    authorize(input, env) {
      let url: string;
      try {
        url = normalizeUrl(input.str('Url'));
      } catch {
        url = input.str('Url').replace(/^https:\/\//i, '');
      }
      return { resource: oidcProviderArn(env.ctx.caller.accountId, url), context: requestTagContext(input.tags()) };
    },
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const given = input.str('Url');
      const url = normalizeUrl(given);
      const thumbprints = checkThumbprints(input.strList('ThumbprintList'));
      const clientIds = uniqueClientIds(input.strList('ClientIDList'));
      const tags = input.tags();
      checkExactTags(tags);
      const data: OidcProviderData = {
        Arn: oidcProviderArn(accountId, url),
        Url: url,
        ClientIDList: clientIds,
        ThumbprintList: thumbprints,
        CreateDate: ctx.now.toISOString(),
        Tags: tags,
      };
      await deps.store.transaction(async (tx) => {
        await tx.lock(accountId, 'account', '', accountId);
        if ((await tx.count(accountId, 'oidc-provider')) >= OIDC_PROVIDERS_PER_ACCOUNT) {
          throw limitExceeded(`Cannot exceed quota for OpenIdConnectProvidersPerAccount: ${OIDC_PROVIDERS_PER_ACCOUNT}`);
        }
        try {
          await tx.insert({ accountId, kind: 'oidc-provider', parent: '', key: oidcProviderKey(url), createdAt: ctx.now.getTime(), data });
        } catch (e) {
          if (isStoreError(e, 'conflict')) throw alreadyExists(`Provider with url ${given} already exists.`);
          throw e;
        }
      });
      return { OpenIDConnectProviderArn: data.Arn, ...(tags.length > 0 ? { Tags: tags.map((t) => ({ Key: t.Key, Value: t.Value })) } : {}) };
    },
  },

  GetOpenIDConnectProvider: {
    authorize: arnAuthz,
    async handle(input, env) {
      const arn = input.str('OpenIDConnectProviderArn');
      const p = await load(env, arn);
      if (!p) throw notFound(arn);
      return { Url: p.Url, ClientIDList: p.ClientIDList, ThumbprintList: p.ThumbprintList, CreateDate: date(p.CreateDate), Tags: sortedTags(p.Tags) };
    },
  },

  ListOpenIDConnectProviders: {
    // The action has no resource type: AWS authorizes it against `*`.
    authorize: () => ({ resource: '*' }),
    async handle(_input, { ctx, deps }) {
      const rows = await deps.store.list({ accountId: ctx.caller.accountId, kind: 'oidc-provider', parent: '', limit: OIDC_PROVIDERS_PER_ACCOUNT + 1000 });
      return { OpenIDConnectProviderList: rows.map((r) => ({ Arn: dataOf<OidcProviderData>(r).Arn })) };
    },
  },

  DeleteOpenIDConnectProvider: {
    authorize: arnAuthz,
    async handle(input, { ctx, deps }) {
      const arn = input.str('OpenIDConnectProviderArn');
      const k = keyOfArn(arn, ctx.caller.accountId);
      const deleted = k !== undefined && (await deps.store.transaction((tx) => tx.delete(ctx.caller.accountId, 'oidc-provider', '', k)));
      if (!deleted) throw noSuchEntity(`OpenId connect Provider ${arn} cannot be found.`);
      return undefined;
    },
  },

  AddClientIDToOpenIDConnectProvider: {
    authorize: arnAuthz,
    async handle(input, env) {
      const id = input.str('ClientID');
      await update(env, input.str('OpenIDConnectProviderArn'), (p) => ({ ...p, ClientIDList: uniqueClientIds([...p.ClientIDList, id]) }));
      return undefined;
    },
  },

  RemoveClientIDFromOpenIDConnectProvider: {
    authorize: arnAuthz,
    async handle(input, env) {
      const id = input.str('ClientID');
      // Removing a client ID the provider doesn't have succeeds (observed on AWS).
      await update(env, input.str('OpenIDConnectProviderArn'), (p) => ({ ...p, ClientIDList: p.ClientIDList.filter((c) => c !== id) }));
      return undefined;
    },
  },

  UpdateOpenIDConnectProviderThumbprint: {
    authorize: arnAuthz,
    async handle(input, env) {
      const list = input.strList('ThumbprintList');
      if (list.length === 0) throw invalidInput('Thumbprint list must contain at least one entry.');
      const thumbprints = checkThumbprints(list);
      await update(env, input.str('OpenIDConnectProviderArn'), (p) => ({ ...p, ThumbprintList: thumbprints }));
      return undefined;
    },
  },

  TagOpenIDConnectProvider: oidcTags.tag,
  UntagOpenIDConnectProvider: oidcTags.untag,
  ListOpenIDConnectProviderTags: oidcTags.list,
};
