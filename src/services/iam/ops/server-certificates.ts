/**
 * Server certificates: Upload, Get, List, Update (rename, move), Delete and tags.
 *
 * Record: kind `server-certificate`, parent `''`, key = lower-case name, global id = ServerCertificateId
 * (`ASCA…`), path = the IAM path. Data: {@link ServerCertificateData}. The private key is a secret: it is
 * stored sealed (context `server-certificate:<id>`) and no operation ever returns it.
 *
 * Checks, with AWS's messages: the body must be a PEM certificate that is still valid, the private key must
 * parse and match it, and a chain must start with the certificate that issued the body, each next one
 * issuing the one before. Tag keys are case-sensitive (observed on AWS).
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import type { StructureValue } from '../../../protocol/model/index.js';
import type { JsonObject } from '../../../store/contract.js';
import { isStoreError } from '../../../store/errors.js';
import { AwsError, alreadyExists, limitExceeded, noSuchEntity } from '../../errors.js';
import type { Input } from '../../input.js';
import { date, requestTagContext, resourceTagContext, tagsOut } from '../common.js';
import { dataOf, key, type Tag } from '../entities.js';
import type { IamEnv, OperationTable } from '../operation.js';
import { pageMembers, pageOf } from '../pagination.js';
import { EXACT_KEYS, tagOperations } from './tag-operations.js';
import { certificatesFromPem, checkExactTags, issued, pemOf } from './x509.js';

export const SERVER_CERTIFICATES_PER_ACCOUNT = 20;

export interface ServerCertificateData extends JsonObject {
  ServerCertificateName: string;
  ServerCertificateId: string;
  Path: string;
  Arn: string;
  UploadDate: string;
  Expiration: string;
  /** The body as IAM returns it: the certificate re-encoded as PEM. */
  CertificateBody: string;
  CertificateChain: string | null;
  /** The PEM private key, sealed. */
  PrivateKeySealed: string;
  Tags: Tag[];
}

export const serverCertificateArn = (account: string, path: string, name: string): string => `arn:aws:iam::${account}:server-certificate${path}${name}`;

const malformed = (message: string): AwsError => new AwsError('MalformedCertificate', message);
const notFound = (name: string): AwsError => noSuchEntity(`The Server Certificate with name ${name} cannot be found.`);

function metadataOut(c: ServerCertificateData): StructureValue {
  return {
    Path: c.Path,
    ServerCertificateName: c.ServerCertificateName,
    ServerCertificateId: c.ServerCertificateId,
    Arn: c.Arn,
    UploadDate: date(c.UploadDate),
    Expiration: date(c.Expiration),
  };
}

/** The parsed upload, or the error AWS answers for it. */
function checkUpload(bodyText: string, keyText: string, chainText: string | undefined, now: Date): { body: string; chain: string | null; expiration: string } {
  const cert = certificatesFromPem(bodyText)?.[0];
  if (!cert) throw malformed('Unable to parse certificate. Please ensure the certificate is in PEM format.');
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: keyText, format: 'pem' });
  } catch {
    // Unconfirmed wording: AWS's message for a private key that doesn't parse.
    throw malformed('Unable to parse private key. Please ensure the private key is in PEM format.');
  }
  if (!cert.checkPrivateKey(privateKey)) {
    throw new AwsError('KeyPairMismatch', 'The private key did not match the public key provided. Please verify the key material and try again.');
  }
  if (new Date(cert.validTo).getTime() < now.getTime()) {
    throw malformed("Certificate is no longer valid. The 'Not After' date restriction on the certificate has passed.");
  }
  let chain: string | null = null;
  if (chainText !== undefined) {
    const certs = certificatesFromPem(chainText);
    // The (sic) message AWS gives for a chain that doesn't parse.
    if (!certs) throw malformed('Unknown');
    const bad = certs.findIndex((c, i) => !issued(c, i === 0 ? cert : (certs[i - 1] ?? cert)));
    if (bad >= 0) {
      const index = bad === 0 ? -1 : bad;
      throw malformed(
        `Unable to validate certificate chain. The certificate chain must start with the immediate signing certificate, followed by any intermediaries in order. The index within the chain of the invalid certificate is: ${index}`,
      );
    }
    chain = certs.map(pemOf).join('\n');
  }
  return { body: pemOf(cert), chain, expiration: new Date(cert.validTo).toISOString() };
}

async function certAuthz(input: Input, env: IamEnv): Promise<{ resource: string; context: ReturnType<typeof resourceTagContext> }> {
  const { accountId } = env.ctx.caller;
  const name = input.str('ServerCertificateName');
  const rec = await env.deps.store.get(accountId, 'server-certificate', '', key(name));
  const c = rec ? dataOf<ServerCertificateData>(rec) : undefined;
  return { resource: c?.Arn ?? serverCertificateArn(accountId, '/', name), context: resourceTagContext(c?.Tags) };
}

async function load(env: IamEnv, name: string): Promise<ServerCertificateData> {
  const rec = await env.deps.store.get(env.ctx.caller.accountId, 'server-certificate', '', key(name));
  if (!rec) throw notFound(name);
  return dataOf<ServerCertificateData>(rec);
}

async function updateTags(env: IamEnv, name: string, change: (tags: Tag[]) => Tag[]): Promise<void> {
  const { accountId } = env.ctx.caller;
  await env.deps.store.transaction(async (tx) => {
    const rec = await tx.lock(accountId, 'server-certificate', '', key(name));
    if (!rec) throw notFound(name);
    const c = dataOf<ServerCertificateData>(rec);
    await tx.update({ ...rec, data: { ...c, Tags: change(c.Tags) } });
  });
}

const certificateTags = tagOperations({
  member: 'ServerCertificateName',
  authz: certAuthz,
  tags: async (env, name) => (await load(env, name)).Tags,
  updateTags,
  keys: EXACT_KEYS,
  sortList: false,
});

export const serverCertificateOperations: OperationTable = {
  UploadServerCertificate: {
    authorize(input, env) {
      return {
        resource: serverCertificateArn(env.ctx.caller.accountId, input.optStr('Path') ?? '/', input.str('ServerCertificateName')),
        context: requestTagContext(input.tags()),
      };
    },
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const name = input.str('ServerCertificateName');
      const path = input.optStr('Path') ?? '/';
      const tags = input.tags();
      checkExactTags(tags);
      const checked = checkUpload(input.str('CertificateBody'), input.str('PrivateKey'), input.optStr('CertificateChain'), ctx.now);
      const id = deps.ids.uniqueId('ASCA');
      const data: ServerCertificateData = {
        ServerCertificateName: name,
        ServerCertificateId: id,
        Path: path,
        Arn: serverCertificateArn(accountId, path, name),
        UploadDate: ctx.now.toISOString(),
        Expiration: checked.expiration,
        CertificateBody: checked.body,
        CertificateChain: checked.chain,
        PrivateKeySealed: deps.secrets.seal(input.str('PrivateKey'), `server-certificate:${id}`),
        Tags: tags,
      };
      await deps.store.transaction(async (tx) => {
        await tx.lock(accountId, 'account', '', accountId);
        if (await tx.get(accountId, 'server-certificate', '', key(name))) throw alreadyExists(`The Server Certificate with name ${name} already exists.`);
        if ((await tx.count(accountId, 'server-certificate')) >= SERVER_CERTIFICATES_PER_ACCOUNT) {
          throw limitExceeded(`Cannot exceed quota for ServerCertificatesPerAccount: ${SERVER_CERTIFICATES_PER_ACCOUNT}`);
        }
        await tx.insert({ accountId, kind: 'server-certificate', parent: '', key: key(name), id, path, createdAt: ctx.now.getTime(), data });
      });
      return { ServerCertificateMetadata: metadataOut(data), ...tagsOut(tags) };
    },
  },

  GetServerCertificate: {
    authorize: certAuthz,
    async handle(input, env) {
      const c = await load(env, input.str('ServerCertificateName'));
      return {
        ServerCertificate: {
          ServerCertificateMetadata: metadataOut(c),
          CertificateBody: c.CertificateBody,
          ...(c.CertificateChain !== null ? { CertificateChain: c.CertificateChain } : {}),
          Tags: c.Tags.map((t) => ({ Key: t.Key, Value: t.Value })),
        },
      };
    },
  },

  ListServerCertificates: {
    // The action has no resource type: AWS authorizes it against `*`.
    authorize: () => ({ resource: '*' }),
    async handle(input, { ctx, deps }) {
      const prefix = input.optStr('PathPrefix');
      const page = await pageOf(deps.store, { accountId: ctx.caller.accountId, kind: 'server-certificate', parent: '', ...(prefix ? { pathPrefix: prefix } : {}) }, input.page());
      return { ServerCertificateMetadataList: page.items.map((r) => metadataOut(dataOf<ServerCertificateData>(r))), ...pageMembers(page) };
    },
  },

  UpdateServerCertificate: {
    authorize: certAuthz,
    async handle(input, { ctx, deps }) {
      const { accountId } = ctx.caller;
      const name = input.str('ServerCertificateName');
      const newName = input.optStr('NewServerCertificateName');
      const newPath = input.optStr('NewPath');
      await deps.store.transaction(async (tx) => {
        const rec = await tx.lock(accountId, 'server-certificate', '', key(name));
        if (!rec) throw notFound(name);
        const c = dataOf<ServerCertificateData>(rec);
        const next: ServerCertificateData = { ...c, ServerCertificateName: newName ?? c.ServerCertificateName, Path: newPath ?? c.Path };
        next.Arn = serverCertificateArn(accountId, next.Path, next.ServerCertificateName);
        if (newName !== undefined && key(newName) !== key(name)) {
          try {
            await tx.delete(accountId, 'server-certificate', '', key(name));
            await tx.insert({ ...rec, key: key(newName), path: next.Path, data: next });
          } catch (e) {
            if (isStoreError(e, 'conflict')) throw alreadyExists(`The Server Certificate with name ${newName} already exists.`);
            throw e;
          }
        } else {
          await tx.update({ ...rec, path: next.Path, data: next });
        }
      });
      return undefined;
    },
  },

  DeleteServerCertificate: {
    authorize: certAuthz,
    async handle(input, { ctx, deps }) {
      const name = input.str('ServerCertificateName');
      const deleted = await deps.store.transaction((tx) => tx.delete(ctx.caller.accountId, 'server-certificate', '', key(name)));
      if (!deleted) throw notFound(name);
      return undefined;
    },
  },

  TagServerCertificate: certificateTags.tag,
  UntagServerCertificate: certificateTags.untag,
  ListServerCertificateTags: certificateTags.list,
};
