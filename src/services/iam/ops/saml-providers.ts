/**
 * SAML identity providers: Create/Get/Update/List/Delete and tags.
 *
 * Record: kind `saml-provider`, parent `''`, key = lower-case name. Data: {@link SamlProviderData}, which
 * keeps the metadata document exactly as given plus what STS AssumeRoleWithSAML needs from it: the IdP's
 * entity ID and its signing certificates as PEM. Private keys for encrypted assertions are sealed with the
 * secret box (context `saml-provider:<account>:<key id>`).
 *
 * Behaviour observed on AWS and kept here: `ValidUntil` is the creation (or last metadata update) time plus
 * 100 years, whatever the metadata says; a provider holds at most two private keys (adding the same key
 * twice takes both slots); tag keys are case-sensitive and tags are listed in key order.
 */
import { createPrivateKey } from 'node:crypto';
import type { JsonObject, RecordWriter } from '../../../store/contract.js';
import { isStoreError } from '../../../store/errors.js';
import type { AwsError} from '../../errors.js';
import { alreadyExists, invalidInput, limitExceeded, noSuchEntity, validationError } from '../../errors.js';
import type { Input } from '../../input.js';
import { date, requestTagContext, resourceTagContext } from '../common.js';
import { dataOf, key, type Tag } from '../entities.js';
import type { IamDeps, IamEnv, OperationTable } from '../operation.js';
import { parseSamlMetadata, type SamlMetadata } from './saml-metadata.js';
import { EXACT_KEYS, tagOperations } from './tag-operations.js';
import { checkExactTags, sortedTags } from './x509.js';

export const SAML_PROVIDERS_PER_ACCOUNT = 100;
export const PRIVATE_KEYS_PER_PROVIDER = 2;

export interface SamlPrivateKeyData extends JsonObject {
  KeyId: string;
  Timestamp: string;
  /** The PEM private key, sealed. */
  Sealed: string;
}

export interface SamlProviderData extends JsonObject {
  Name: string;
  Arn: string;
  SAMLProviderUUID: string;
  /** The metadata exactly as given. */
  SAMLMetadataDocument: string;
  CreateDate: string;
  ValidUntil: string;
  Tags: Tag[];
  AssertionEncryptionMode: 'Allowed' | 'Required';
  PrivateKeys: SamlPrivateKeyData[];
  /** From the metadata: the IdP's entity ID (an assertion's Issuer must equal it). */
  EntityId: string;
  /** From the metadata: the IdP's signing certificates, PEM. */
  SigningCertificates: string[];
  /** From the metadata: its own validUntil, when it has one (informational; AWS doesn't enforce it). */
  MetadataValidUntil: string | null;
}

export const samlProviderArn = (account: string, name: string): string => `arn:aws:iam::${account}:saml-provider/${name}`;

function parseArn(arn: string, accountId: string): string | undefined {
  const m = /^arn:aws:iam::(\d{12}):saml-provider\/([\w.-]+)$/.exec(arn);
  return m && m[1] === accountId ? (m[2] ?? '') : undefined;
}

const notFound = (arn: string): AwsError => noSuchEntity(`Manifest not found for arn ${arn}`);

function metadataOf(document: string): SamlMetadata {
  const m = parseSamlMetadata(document);
  if (!m) throw invalidInput('Could not parse metadata');
  return m;
}

/** A hundred years after `now`: the ValidUntil AWS reports. */
function validUntil(now: Date): string {
  const d = new Date(now.getTime());
  d.setUTCFullYear(d.getUTCFullYear() + 100);
  return d.toISOString();
}

/** IDs AWS shows as `SAMLSP…`/`SAMLPK…` plus 16 upper-case alphanumerics. */
const samlId = (deps: IamDeps, prefix: 'SAMLSP' | 'SAMLPK'): string => deps.ids.uniqueId(prefix).slice(0, 22);

const keyContext = (accountId: string, keyId: string): string => `saml-provider:${accountId}:${keyId}`;

/** The provider's private keys as PEM, oldest first (AssumeRoleWithSAML decrypts assertions with them). */
export function openPrivateKeys(secrets: IamDeps['secrets'], accountId: string, p: SamlProviderData): string[] {
  return p.PrivateKeys.map((k) => secrets.open(k.Sealed, keyContext(accountId, k.KeyId)));
}

function sealKey(deps: IamDeps, accountId: string, pem: string, now: Date): SamlPrivateKeyData {
  try {
    createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    // AWS's troubleshooting guide names this error ("Error: Invalid private key.").
    throw invalidInput('Invalid private key.');
  }
  const keyId = samlId(deps, 'SAMLPK');
  return { KeyId: keyId, Timestamp: now.toISOString(), Sealed: deps.secrets.seal(pem, keyContext(accountId, keyId)) };
}

function metadataFields(m: SamlMetadata): Pick<SamlProviderData, 'EntityId' | 'SigningCertificates' | 'MetadataValidUntil'> {
  return { EntityId: m.entityId, SigningCertificates: m.signingCertificates, MetadataValidUntil: m.validUntil ?? null };
}

async function load(env: IamEnv, arn: string): Promise<SamlProviderData | undefined> {
  const name = parseArn(arn, env.ctx.caller.accountId);
  if (name === undefined) return undefined;
  const rec = await env.deps.store.get(env.ctx.caller.accountId, 'saml-provider', '', key(name));
  return rec ? dataOf<SamlProviderData>(rec) : undefined;
}

async function arnAuthz(input: Input, env: IamEnv): Promise<{ resource: string; context: ReturnType<typeof resourceTagContext> }> {
  const arn = input.str('SAMLProviderArn');
  const p = await load(env, arn);
  return { resource: arn, context: resourceTagContext(p?.Tags) };
}

async function update(env: IamEnv, arn: string, change: (p: SamlProviderData) => SamlProviderData): Promise<void> {
  const { accountId } = env.ctx.caller;
  const name = parseArn(arn, accountId);
  if (name === undefined) throw notFound(arn);
  await env.deps.store.transaction(async (tx: RecordWriter) => {
    const rec = await tx.lock(accountId, 'saml-provider', '', key(name));
    if (!rec) throw notFound(arn);
    await tx.update({ ...rec, data: change(dataOf<SamlProviderData>(rec)) });
  });
}

const samlTags = tagOperations({
  member: 'SAMLProviderArn',
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

export const samlProviderOperations: OperationTable = {
  CreateSAMLProvider: {
    authorize(input, env) {
      return { resource: samlProviderArn(env.ctx.caller.accountId, input.str('Name')), context: requestTagContext(input.tags()) };
    },
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const name = input.str('Name');
      const mode = (input.optStr('AssertionEncryptionMode') ?? 'Allowed') as SamlProviderData['AssertionEncryptionMode'];
      const addKey = input.optStr('AddPrivateKey');
      if (mode === 'Required' && addKey === undefined) {
        throw validationError('Unable to set assertion encryption mode to Required because no private key is provided.');
      }
      const tags = input.tags();
      checkExactTags(tags);
      const document = input.str('SAMLMetadataDocument');
      const m = metadataOf(document);
      const data: SamlProviderData = {
        Name: name,
        Arn: samlProviderArn(accountId, name),
        SAMLProviderUUID: samlId(deps, 'SAMLSP'),
        SAMLMetadataDocument: document,
        CreateDate: ctx.now.toISOString(),
        ValidUntil: validUntil(ctx.now),
        Tags: tags,
        AssertionEncryptionMode: mode,
        PrivateKeys: addKey !== undefined ? [sealKey(deps, accountId, addKey, ctx.now)] : [],
        ...metadataFields(m),
      };
      await deps.store.transaction(async (tx) => {
        await tx.lock(accountId, 'account', '', accountId);
        if ((await tx.count(accountId, 'saml-provider')) >= SAML_PROVIDERS_PER_ACCOUNT) {
          // Unconfirmed wording: the quota name AWS reports for SAML providers.
          throw limitExceeded(`Cannot exceed quota for SAMLProvidersPerAccount: ${SAML_PROVIDERS_PER_ACCOUNT}`);
        }
        try {
          await tx.insert({ accountId, kind: 'saml-provider', parent: '', key: key(name), createdAt: ctx.now.getTime(), data });
        } catch (e) {
          // Unconfirmed wording: AWS's message for a SAML provider name already taken.
          if (isStoreError(e, 'conflict')) throw alreadyExists(`SAMLProvider ${name} already exists.`);
          throw e;
        }
      });
      return { SAMLProviderArn: data.Arn, ...(tags.length > 0 ? { Tags: tags.map((t) => ({ Key: t.Key, Value: t.Value })) } : {}) };
    },
  },

  GetSAMLProvider: {
    authorize: arnAuthz,
    async handle(input, env) {
      const arn = input.str('SAMLProviderArn');
      const p = await load(env, arn);
      if (!p) throw notFound(arn);
      return {
        SAMLProviderUUID: p.SAMLProviderUUID,
        SAMLMetadataDocument: p.SAMLMetadataDocument,
        CreateDate: date(p.CreateDate),
        ValidUntil: date(p.ValidUntil),
        Tags: sortedTags(p.Tags),
        AssertionEncryptionMode: p.AssertionEncryptionMode,
        PrivateKeyList: p.PrivateKeys.map((k) => ({ KeyId: k.KeyId, Timestamp: date(k.Timestamp) })),
      };
    },
  },

  UpdateSAMLProvider: {
    authorize: arnAuthz,
    async handle(input, env) {
      const { ctx, deps } = env;
      const arn = input.str('SAMLProviderArn');
      const document = input.optStr('SAMLMetadataDocument');
      const mode = input.optStr('AssertionEncryptionMode') as SamlProviderData['AssertionEncryptionMode'] | undefined;
      const addKey = input.optStr('AddPrivateKey');
      const removeKey = input.optStr('RemovePrivateKey');
      if (document === undefined && mode === undefined && addKey === undefined && removeKey === undefined) {
        throw validationError('Unable to update identity provider. No updates are defined for metadata or encryption assertion.');
      }
      if (addKey !== undefined && removeKey !== undefined) {
        throw validationError('Unable to add and remove private keys in the same request. Set a value for only one of the two parameters.');
      }
      const m = document !== undefined ? metadataOf(document) : undefined;
      const added = addKey !== undefined ? sealKey(deps, ctx.caller.accountId, addKey, ctx.now) : undefined;
      await update(env, arn, (p) => {
        const next: SamlProviderData = { ...p };
        if (document !== undefined && m) Object.assign(next, { SAMLMetadataDocument: document, ValidUntil: validUntil(ctx.now) }, metadataFields(m));
        if (added) {
          if (p.PrivateKeys.length >= PRIVATE_KEYS_PER_PROVIDER) throw limitExceeded(`Private key limit of ${PRIVATE_KEYS_PER_PROVIDER} is reached.`);
          next.PrivateKeys = [...p.PrivateKeys, added];
        }
        if (removeKey !== undefined) {
          const rest = p.PrivateKeys.filter((k) => k.KeyId !== removeKey);
          // AWS refuses to remove a key it doesn't have, and the last key while encryption is Required (both
          // messages are in its SAML troubleshooting guide).
          if (rest.length === p.PrivateKeys.length) throw invalidInput('Failed to remove private key because the Key ID does not match a private key.');
          if (rest.length === 0 && (mode ?? p.AssertionEncryptionMode) === 'Required') throw invalidInput('Failed to remove private key.');
          next.PrivateKeys = rest;
        }
        if (mode !== undefined) {
          if (mode === 'Required' && next.PrivateKeys.length === 0) {
            throw invalidInput('Failed to set assertion encryption mode to Required because no private key is present.');
          }
          next.AssertionEncryptionMode = mode;
        }
        return next;
      });
      return { SAMLProviderArn: arn };
    },
  },

  ListSAMLProviders: {
    // The action has no resource type: AWS authorizes it against `*`.
    authorize: () => ({ resource: '*' }),
    async handle(_input, { ctx, deps }) {
      const rows = await deps.store.list({ accountId: ctx.caller.accountId, kind: 'saml-provider', parent: '', limit: SAML_PROVIDERS_PER_ACCOUNT + 1000 });
      return {
        SAMLProviderList: rows.map((r) => {
          const p = dataOf<SamlProviderData>(r);
          return { Arn: p.Arn, ValidUntil: date(p.ValidUntil), CreateDate: date(p.CreateDate) };
        }),
      };
    },
  },

  DeleteSAMLProvider: {
    authorize: arnAuthz,
    async handle(input, { ctx, deps }) {
      const arn = input.str('SAMLProviderArn');
      const name = parseArn(arn, ctx.caller.accountId);
      const deleted = name !== undefined && (await deps.store.transaction((tx) => tx.delete(ctx.caller.accountId, 'saml-provider', '', key(name))));
      if (!deleted) throw notFound(arn);
      return undefined;
    },
  },

  TagSAMLProvider: samlTags.tag,
  UntagSAMLProvider: samlTags.untag,
  ListSAMLProviderTags: samlTags.list,
};
